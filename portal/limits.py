"""Rate limits on work that is expensive (a PDF render) or that strangers can repeat (registering,
asking for a password reset), counted by django-ratelimit in the cache.

The rates are in ``settings.RATE_LIMITS``. A refusal is a plain-English page with status 429
that says how long to wait; nothing the person typed is lost, because the form page is still
there to go back to.
"""

import math

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage


def _rate(group, request):
    return settings.RATE_LIMITS.get(group)


def check(request, group, key, *, method=None):
    """Count this request against ``group``'s limit. Returns None, or the seconds to wait."""
    usage = get_usage(
        request,
        group=group,
        key=key,
        rate=_rate,
        method=method or ["GET", "POST", "HEAD"],
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"]) if usage["time_left"] > 0 else 60


def wait_text(seconds):
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def refusal(what, seconds):
    """The error message for a form whose sending was refused."""
    return (
        f"{what} has been tried too many times in a short time. Wait {wait_text(seconds)}, "
        "then try again"
    )


def too_many(request, seconds, what):
    """The refusal page: what was refused and how long to wait."""
    response = render(
        request,
        "errors/429.html",
        {"what": what, "wait": wait_text(seconds)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
