"""Closing an account (UK GDPR right to erasure), keeping what the law and the programme need.

The person's name, email address, password, memberships, roles, authenticator app and the
addresses they signed in from are removed. What they did for an organisation or the programme
(expressions of interest submitted, scores, case-study text, sign-offs) stays, credited to
"Deleted account", because the organisation and the programme rely on it.
"""

from django.contrib.sessions.models import Session
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import log as audit
from audit.models import Event

from . import audit_actions
from .models import AccessNeeds, RecoveryCodes

DELETED_NAME = "Deleted account"


def delete_account(user):
    with transaction.atomic():
        pk = user.pk
        placeholder = f"deleted account {pk}"
        # The event names the account by number only: it is written when the transaction
        # commits, after the address below is gone, and must not bring the address back.
        audit.record(
            audit_actions.ACCOUNT_CLOSED,
            "Account closed at the person's request",
            user=user,
            who=placeholder,
        )
        Event.objects.filter(user=user).update(who=placeholder, ip_address=None)
        user.memberships.all().delete()
        user.groups.clear()
        user.user_permissions.clear()
        user.email = f"deleted-{pk}@deleted.invalid"
        user.full_name = DELETED_NAME
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        # After the address is blanked, so nothing logged on the way names the person.
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()
        AccessNeeds.objects.filter(user=user).delete()  # health information: never kept
        for session in Session.objects.all().iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(pk):
                session.delete()
    return user
