"""Everything the portal holds about one person, as JSON they can download (UK GDPR right of
access), put together from each app's ``personal_data`` module. Content they wrote for an
organisation is listed with where it is, not copied whole: it belongs to the organisation too,
and its members can read it in the portal."""

from django.utils import timezone

from portal.discovery import each_app_module


def collect(user):
    data = {"exported_at": timezone.now().isoformat()}
    for module in each_app_module("personal_data"):
        data.update(module.sections(user))
    return data
