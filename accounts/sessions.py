"""An absolute limit on how long one sign-in lasts, beside the idle limit.

Every request renews the idle limit (``SESSION_IDLE_MINUTES``), so a session that is used all
day would otherwise never end. Signing in records when; ``SESSION_ABSOLUTE_HOURS`` after that
the person is signed out, whatever they are doing, and asked to sign in again. A session with no
record (made before this rule existed) is treated as expired.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "signed_in_at"


def remember_sign_in(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: note the time in the new session."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = int(time.time())


def expired(session, now=None):
    started = session.get(SIGNED_IN_AT)
    if not isinstance(started, int):
        return True
    now = time.time() if now is None else now
    return now - started > settings.SESSION_ABSOLUTE_HOURS * 3600


class AbsoluteSessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and expired(request.session):
            logout(request)
            hours = settings.SESSION_ABSOLUTE_HOURS
            messages.info(
                request,
                f"For your security we signed you out, because you signed in more than {hours} "
                f"hour{'s' if hours != 1 else ''} ago. Sign in again to carry on.",
            )
            target = reverse("accounts:sign-in")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
