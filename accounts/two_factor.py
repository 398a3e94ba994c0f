"""Two-factor sign-in with an authenticator app (TOTP, django-otp).

The programme team's roles (``TWO_FACTOR_ROLES``) must use it; anyone else may turn it on.
Until a person who needs it has entered a code in this session, every page except setting it
up, entering the code and signing out sends them to the one they need.
"""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

OPEN_WITHOUT_SECOND_FACTOR = {
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "accounts:sign-out",
    "accounts:signed-out",
    "pages:healthz",
    "pages:accessibility",
    "pages:privacy",
    "pages:cookies",
    "pages:contact",
}


def required_for(user):
    return any(role in settings.TWO_FACTOR_ROLES for role in user.role_names)


def needs_code(user):
    """Signed in with a password, but not yet with the second factor this person must use."""
    return (
        user.is_authenticated
        and not user.is_verified()
        and (required_for(user) or user_has_device(user, confirmed=True))
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
            if view_name is not None and view_name not in OPEN_WITHOUT_SECOND_FACTOR:
                target = (
                    "accounts:two-factor-verify"
                    if user_has_device(user, confirmed=True)
                    else "accounts:two-factor-setup"
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def safe_next(request, default="accounts:home"):
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


def confirm(device, token):
    """Check the first code from the app; a correct one makes the device the person's."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def check_code(user, token):
    """The confirmed device that accepts this code, or None. Throttled by django-otp."""
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def throttled(user):
    """Seconds to wait if too many wrong codes were entered, else 0."""
    for device in devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            from django.utils import timezone

            return max(1, int((data["locked_until"] - timezone.now()).total_seconds()))
    return 0
