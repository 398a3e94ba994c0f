"""One JSON line per request (method, path, status, duration, user id, request id), for log
collectors to parse without guessing. Query strings are left out: they can hold search terms
and tokens."""

import json
import logging
import time
import uuid

logger = logging.getLogger("dpulo.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "http": {
                    "method": request.method,
                    "path": request.path,
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
