"""Recording audit events. Services call ``record`` after the thing has happened; a failure to
write the log is logged but never undoes or blocks the user's action."""

import json
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from portal.client_address import client_ip

from .models import Event

logger = logging.getLogger(__name__)


def _text(value, limit):
    """Text a database column will take: no NUL or other control characters, within its length."""
    return "".join(ch for ch in str(value or "") if ch >= " " or ch in "\t\n")[:limit]


def record(action, summary, *, user=None, who="", obj=None, request=None):
    """Write one event once the surrounding transaction commits (so a rolled-back change
    leaves no trace claiming it happened). Whatever was typed (an identifier at a failed
    sign-in, a name) is made safe to store first; if the write still fails, it is tried again
    without the address and, failing that, the whole event goes to the error log, so an event
    is never silently lost."""
    fields = {
        "action": str(action),
        "summary": _text(summary, 500),
        "user": user if user is not None and getattr(user, "pk", None) else None,
        "who": _text(who or (getattr(user, "email", "") if user is not None else ""), 254),
        "object_type": obj._meta.model_name if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "ip_address": client_ip(request),
    }

    def write():
        try:
            Event.objects.create(**fields)
            return
        except (DatabaseError, ValueError):
            logger.warning("Could not write the audit event %s; trying again", action)
        try:
            Event.objects.create(**{**fields, "ip_address": None})
        except (DatabaseError, ValueError):
            logger.exception(
                "Audit event not stored: %s",
                json.dumps(
                    {
                        **fields,
                        "user": getattr(fields["user"], "pk", None),
                        "at": timezone.now().isoformat(),
                    }
                ),
            )

    transaction.on_commit(write)
