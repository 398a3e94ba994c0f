"""Sign-ins, failed sign-ins and sign-outs go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.log import record

from . import audit_actions


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    record(audit_actions.SIGNED_IN, "Signed in", user=user, request=request)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(audit_actions.SIGNED_OUT, "Signed out", user=user, request=request)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    who = str(credentials.get("username") or credentials.get("email") or "")
    record(audit_actions.SIGN_IN_FAILED, "Sign-in failed", who=who, request=request)
