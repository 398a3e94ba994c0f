"""Read queries for the outbox pages (no changes are made here)."""

from portal import filters

from .models import Message


def outbox_for(params):
    """The outbox's emails that match the filters, and the filters as understood (values that
    are not understood are dropped)."""
    found, kind = filters.one_of(Message.objects.all(), params, "kind", Message.Kind.values)
    found, status = filters.one_of(found, params, "status", Message.Status.values)
    found, start, end = filters.dated(found, params, "queued_at")
    return found, {"kind": kind, "status": status, "from": start, "to": end}
