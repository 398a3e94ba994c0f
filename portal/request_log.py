"""One JSON line per request (method, path, route, status, duration, user id, request id), for
log collectors to parse without guessing. Query strings are left out: they can hold search terms
and tokens. Path segments that carry a secret (an invitation, sign-off or password-reset token)
are replaced by their parameter's name, so a log never holds a working link."""

import json
import logging
import re
import time
import uuid

from django.urls import Resolver404, resolve

logger = logging.getLogger("dpulo.requests")


# URL parameters whose values are secrets or identify a reset link.
SECRET_PARAMETERS = {"token", "uidb64"}


# A path segment this long, of the characters tokens are made of, is treated as a secret when
# the path matches no route (a link cut short, or missing its last slash).
TOKEN_LIKE = re.compile(r"^[A-Za-z0-9_-]{20,}$")


def _match(request):
    """The route the request went to, or would have: a middleware may have answered first
    (a redirect to sign in), before Django records the match."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match
    for candidate in (request.path_info, request.path_info.rstrip("/") + "/"):
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def loggable_path(request):
    """The path with every secret segment replaced by ``[name]``; the route's name too."""
    path = request.path
    match = _match(request)
    if match is None:
        masked = ["[redacted]" if TOKEN_LIKE.match(part) else part for part in path.split("/")]
        return "/".join(masked), None
    for name, value in match.kwargs.items():
        if name in SECRET_PARAMETERS and value:
            path = re.sub(rf"/{re.escape(str(value))}(?=/|$)", f"/[{name}]", path)
    return path, match.view_name


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        response = self.get_response(request)
        user = getattr(request, "user", None)
        path, route = loggable_path(request)
        logger.info(
            "request",
            extra={
                "http": {
                    "method": request.method,
                    "path": path,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                    "request_id": request.request_id,
                }
            },
        )
        response["X-Request-ID"] = request.request_id
        return response


class JSONFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, and any request fields."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "http", None)  # not "request": Django's records carry one
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
