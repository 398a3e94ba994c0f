"""The commissioner's contact's access needs. They have no account, so they say them from the
page their sign-off link opens, while the link works; the coordinator sees them on the case
study. They belong to the address they were said from: when the case study's contact changes,
they are deleted, and the retention rules delete them once nobody has changed them for
``RETENTION_DAYS``.

What is asked and how it is described are the account holders' (``accounts.access_needs``).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts import access_needs
from accounts.access_needs import FIELDS, PersonsNeeds
from audit.log import record
from portal import stale

from . import audit_actions, links
from .models import CommissionerAccessNeeds


def _current(case_study):
    """The saved needs, if they were said from the case study's contact address today."""
    found = CommissionerAccessNeeds.objects.filter(case_study=case_study).first()
    if found and found.email.lower() == case_study.commissioner_contact_email.lower():
        return found
    return None


def of(case_study):
    """What the commissioner's contact said, or the defaults (nothing said). Never saved by
    reading."""
    return _current(case_study) or CommissionerAccessNeeds(
        case_study=case_study, email=case_study.commissioner_contact_email
    )


def save(token, values, *, opened_as=None):
    """Save the needs through a working sign-off link, unless they changed since the page was
    opened. Audit-logged without the needs themselves."""
    with transaction.atomic():
        link, case_study = links.find_sign_off(token, lock=True)
        existing = CommissionerAccessNeeds.objects.filter(case_study=case_study).first()
        if existing and existing.email.lower() != link.email.lower():
            existing.delete()  # said by an earlier contact
            existing = None
        if existing is None:
            existing = CommissionerAccessNeeds.objects.create(
                case_study=case_study, email=link.email
            )
        needs = stale.lock_unchanged(existing, FIELDS, opened_as)
        for name in FIELDS:
            setattr(needs, name, values.get(name, getattr(needs, name)))
        needs.updated_at = timezone.now()
        needs.save()
        record(
            audit_actions.COMMISSIONER_NEEDS_SAVED,
            f"Access needs saved by the commissioner's contact for “{case_study.title}”",
            who=link.email,
            obj=case_study,
        )
    return needs


def clear(token):
    """Remove what the commissioner's contact said (their choice, from the same page)."""
    with transaction.atomic():
        link, case_study = links.find_sign_off(token, lock=True)
        removed, _ = CommissionerAccessNeeds.objects.filter(case_study=case_study).delete()
        if removed:
            record(
                audit_actions.COMMISSIONER_NEEDS_REMOVED,
                f"Access needs removed by the commissioner's contact for “{case_study.title}”",
                who=link.email,
                obj=case_study,
            )
    return bool(removed)


def forget(case_study):
    """The contact changed: what the earlier contact said is not about the new one."""
    CommissionerAccessNeeds.objects.filter(case_study=case_study).delete()


class Contact:
    """The commissioner's contact as a panel names them."""

    def __init__(self, case_study):
        self.full_name = f"{case_study.commissioner_contact_name} ({case_study.commissioner_name})"


def for_panel(case_study):
    """The commissioner's contact with what they said, for an "Access needs" panel: a list
    of one, or empty when they said nothing."""
    lines = access_needs.described(_current(case_study))
    return [PersonsNeeds(Contact(case_study), lines)] if lines else []


def wants_large_print(case_study):
    """Whether emails to the commissioner's contact go with a large-type version."""
    needs = _current(case_study)
    return needs is not None and needs.documents == CommissionerAccessNeeds.Documents.LARGE_PRINT


def large_print_addresses(emails):
    """Those of ``emails`` (in lower case) a commissioner's contact said them from, asking for
    large print, while they are still the case study's contact."""
    wanted = {email.lower() for email in emails if email}
    found = CommissionerAccessNeeds.objects.filter(
        documents=CommissionerAccessNeeds.Documents.LARGE_PRINT
    ).select_related("case_study")
    return {
        needs.email.lower()
        for needs in found.annotate(address=Lower("email")).filter(address__in=wanted)
        if needs.email.lower() == needs.case_study.commissioner_contact_email.lower()
    }


def expire(days=None, now=None, dry_run=False):
    """Delete what commissioners' contacts said and nobody changed for ``RETENTION_DAYS``:
    health information, kept only while the work with them goes on. Returns how many (with
    ``dry_run``, how many would go; none does)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS if days is None else days)
    old = CommissionerAccessNeeds.objects.filter(updated_at__lt=cutoff)
    if dry_run:
        return old.count()
    return old.delete()[1].get(CommissionerAccessNeeds._meta.label, 0)
