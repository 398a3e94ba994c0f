"""Recording audit events. Services call ``record`` after the thing has happened; a failure to
write the log is logged but never undoes or blocks the user's action."""

import logging

from django.db import DatabaseError, transaction

from .models import Event

logger = logging.getLogger(__name__)


def client_ip(request):
    """The address the request came from, as the proxy in front of us reports it."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return address or None


def record(action, summary, *, user=None, who="", obj=None, request=None):
    """Write one event once the surrounding transaction commits (so a rolled-back change
    leaves no trace claiming it happened)."""
    fields = {
        "action": action,
        "summary": summary[:500],
        "user": user if user is not None and getattr(user, "pk", None) else None,
        "who": (who or (getattr(user, "email", "") if user is not None else ""))[:254],
        "object_type": obj._meta.model_name if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "ip_address": client_ip(request),
    }

    def write():
        try:
            Event.objects.create(**fields)
        except DatabaseError:
            logger.exception("Could not write the audit event %s", fields["action"])

    transaction.on_commit(write)
