"""How sign-in throttling (django-axes) names the person being tried.

Accounts match their email address without regard to case or surrounding spaces, so the
throttle must count every spelling of one address as one: otherwise ``Manager@…``,
``MANAGER@…`` and `` manager@…`` would each get their own five tries.
"""

from django.conf import settings


def normalise(username):
    return (username or "").strip().lower()


def username(request, credentials=None):
    """The name django-axes counts failures against (``AXES_USERNAME_CALLABLE``)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field) or credentials.get("username") or ""
    else:
        data = getattr(request, "POST", None) or {}
        value = data.get(field, "")
    return normalise(value)
