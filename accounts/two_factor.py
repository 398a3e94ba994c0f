"""Two-factor sign-in with an authenticator app (TOTP, django-otp), and recovery codes.

The roles in ``TWO_FACTOR_ROLES`` must use it; anyone else may turn it on. Until a person who
needs a code has entered one in this session, every page but a few sends them to the one they
need: someone who already has an authenticator is sent to enter its code (or a recovery code)
and can reach nothing else, not even the set-up page; only someone who has none yet is sent to
set one up. Moving to a new app, or making new recovery codes, needs a code from the current
app or a recovery code, so a password alone can never replace the second factor.
"""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import log as audit
from portal.errors import DomainError

from . import audit_actions
from .models import RecoveryCode, RecoveryCodes

# Pages anyone signed in may see before the second factor: signing out, and the site's own
# information pages.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:sign-out",
    "accounts:signed-out",
    "pages:healthz",
    "pages:accessibility",
    "pages:privacy",
    "pages:cookies",
    "pages:contact",
}
# With an authenticator: only entering its code or a recovery code.
OPEN_WITH_AUTHENTICATOR = OPEN_BEFORE_SECOND_FACTOR | {
    "accounts:two-factor-verify",
    "accounts:recovery-code-sign-in",
}
# Without one yet (a role that must use it): only setting one up.
OPEN_WITHOUT_AUTHENTICATOR = OPEN_BEFORE_SECOND_FACTOR | {"accounts:two-factor-setup"}


def required_for(user):
    return any(role in settings.TWO_FACTOR_ROLES for role in user.role_names)


def authenticator(user):
    """The person's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_code(user):
    """Signed in with a password, but not yet with the second factor this person must use."""
    return (
        user.is_authenticated
        and not user.is_verified()
        and (required_for(user) or has_authenticator(user))
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_code(user):
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = None
            has_one = has_authenticator(user)
            allowed = OPEN_WITH_AUTHENTICATOR if has_one else OPEN_WITHOUT_AUTHENTICATOR
            if view_name is not None and view_name not in allowed:
                target = "accounts:two-factor-verify" if has_one else "accounts:two-factor-setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def safe_next(request, default="pages:home"):
    """Where to go next: the page asked for, if it is on this site; otherwise ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def unconfirmed_device(user):
    """The device being set up: one per person, kept until its first code is entered."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_for_typing(device):
    """The key in groups of four, for typing into an app instead of scanning."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


class SecondFactorError(DomainError):
    """A code was refused; ``message`` says why."""

    field = "code"


# django-otp doubles the wait after each wrong code, without end; with the password alone,
# someone could then lock the owner out of their own second factor for days. Counting at most
# this many failures keeps the wait at 2 ** (10 - 1) seconds (about 8½ minutes) at worst, which
# still makes guessing 6-digit codes take years; the per-person rate limit on the pages
# (RATE_LIMITS["second_factor"]) bounds bursts of guesses sent in parallel.
MOST_FAILURES_COUNTED = 10


def _verify(device, token):
    """``device.verify_token``, with the wait it causes kept within bounds."""
    if device.verify_token(token):
        return True
    type(device).objects.filter(
        pk=device.pk, throttling_failure_count__gt=MOST_FAILURES_COUNTED
    ).update(throttling_failure_count=MOST_FAILURES_COUNTED)
    return False


WRONG_CODE = "The code is not correct. Check your app's clock is right, and enter the newest code"
WAIT = "Too many wrong codes. Wait {seconds} seconds, then try again"


def _wait_seconds(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (data or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()))


def recovery_codes(user):
    return RecoveryCodes.objects.filter(user=user, confirmed=True).first()


def _is_app_code(token):
    digits = "".join((token or "").split())
    return digits.isdigit() and len(digits) == 6


def check_current(user, token, *, request=None):
    """Prove the person holds their second factor now: a code from their authenticator app,
    or one of their recovery codes (which is then used up). Raises SecondFactorError."""
    token = (token or "").strip()
    device = authenticator(user)
    if device is None:
        return None
    if _is_app_code(token):
        digits = "".join(token.split())
        wait = _wait_seconds(device)
        if wait:
            raise SecondFactorError(WAIT.format(seconds=wait), "current_code")
        if _verify(device, digits):
            return device
        raise SecondFactorError(
            "The code from your current app is not correct. Enter the newest code, or one of "
            "your recovery codes",
            "current_code",
        )
    codes = recovery_codes(user)
    if codes is not None:
        wait = _wait_seconds(codes)
        if wait:
            raise SecondFactorError(WAIT.format(seconds=wait), "current_code")
        if _verify(codes, token):
            _record_recovery_code_used(user, codes, request)
            return codes
    raise SecondFactorError(
        "Enter the 6-digit code from your current app, or one of your recovery codes",
        "current_code",
    )


def confirm(device, token, *, current_token=None, request=None):
    """Check the first code from the new app. A correct one makes the device the person's,
    replacing any earlier app, and makes a fresh set of recovery codes, returned in plain text
    this once. Replacing an app also needs ``current_token``: a code from the current app or a
    recovery code, checked after the new app's code so a recovery code is not used up by a
    mistyped new code."""
    user = device.user
    replacing = has_authenticator(user)
    if replacing and not (current_token or "").strip():
        raise SecondFactorError(
            "Enter a code from your current app, or one of your recovery codes", "current_code"
        )
    # A code from the current app is checked first (a mistake there costs nothing lasting);
    # a recovery code last, so a mistyped new code does not use one up. Checks run outside
    # the transaction, so a wrong code still counts towards the wait.
    current_is_app_code = _is_app_code(current_token)
    if replacing and current_is_app_code:
        check_current(user, current_token, request=request)
    wait = _wait_seconds(device)
    if wait:
        raise SecondFactorError(WAIT.format(seconds=wait))
    if not _verify(device, token):
        raise SecondFactorError(WRONG_CODE)
    if replacing and not current_is_app_code:
        check_current(user, current_token, request=request)
    with transaction.atomic():
        # One change at a time per person: two tabs confirming at once cannot leave two apps.
        type(user).objects.select_for_update().filter(pk=user.pk).first()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        codes = make_recovery_codes(user, request=request, announce=False)
        audit.record(
            audit_actions.TWO_FACTOR_MOVED if replacing else audit_actions.TWO_FACTOR_ON,
            "Two-factor sign-in moved to a new authenticator app"
            if replacing
            else "Two-factor sign-in turned on",
            user=user,
            request=request,
        )
    return codes


def make_recovery_codes(user, *, request=None, announce=True):
    """A new set of recovery codes (the old ones stop working). Returns them in plain text:
    the only time they exist outside the person's own copy."""
    plain = [RecoveryCodes.random_code() for _ in range(RecoveryCodes.COUNT)]
    with transaction.atomic():
        # A new set, not new codes in the old one: a session that was verified with one of the
        # old codes is verified by the old set, and stops being verified when it goes.
        RecoveryCodes.objects.filter(user=user).delete()
        codes = RecoveryCodes.objects.create(user=user, name="Recovery codes", confirmed=True)
        RecoveryCode.objects.bulk_create(
            RecoveryCode(codes=codes, code_hash=RecoveryCodes.digest(RecoveryCodes.normalise(p)))
            for p in plain
        )
        if announce:
            audit.record(
                audit_actions.RECOVERY_CODES_MADE,
                f"{len(plain)} new recovery codes made; the earlier ones stopped working",
                user=user,
                request=request,
            )
    return plain


def _record_recovery_code_used(user, codes, request):
    left = codes.remaining
    audit.record(
        audit_actions.RECOVERY_CODE_USED,
        f"A recovery code was used ({left} left)",
        user=user,
        request=request,
    )


def check_code(user, token):
    """The confirmed authenticator that accepts this code, or None. Throttled by django-otp."""
    device = authenticator(user)
    if device is not None and device.verify_is_allowed()[0] and _verify(device, token):
        return device
    return None


def throttled(user):
    """Seconds to wait if too many wrong codes were entered, else 0."""
    device = authenticator(user)
    return _wait_seconds(device) if device is not None else 0


def use_recovery_code(user, token, *, request=None):
    """Sign in with a recovery code instead of the app. Returns the device, or raises."""
    codes = recovery_codes(user)
    if codes is None:
        raise SecondFactorError(
            "You have no recovery codes. Contact the programme team to turn two-factor "
            "sign-in off for your account"
        )
    wait = _wait_seconds(codes)
    if wait:
        raise SecondFactorError(WAIT.format(seconds=wait))
    if not _verify(codes, token):
        raise SecondFactorError(
            "That recovery code is not correct or has been used. Check it, or try another"
        )
    _record_recovery_code_used(user, codes, request)
    return codes


def authenticator_removed(sender, instance, **kwargs):
    """When the authenticator goes (removed in the admin for a lost phone, or the account
    closed), the recovery codes made with it go too, and the log says so."""
    if instance.confirmed and not has_authenticator(instance.user):
        RecoveryCodes.objects.filter(user=instance.user).delete()
        audit.record(
            audit_actions.TWO_FACTOR_REMOVED,
            "Authenticator app and recovery codes removed",
            user=instance.user,
        )
