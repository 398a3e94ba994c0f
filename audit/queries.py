"""Read queries for the audit log's pages (no changes are made here)."""

from django.utils import timezone

from portal import filters

from .rules import sees_addresses, visible_actions, visible_events


def events_for(user, params):
    """The events this person may read that match the filters, and the filters as understood
    (bad ones, and actions outside what they may read, dropped)."""
    events = visible_events(user).select_related("user")
    events, action = filters.one_of(
        events, params, "action", {value for value, _ in visible_actions(user)}
    )
    who = (params.get("who") or "").strip()[:254]
    if who:
        events = events.filter(who__icontains=who)
    events, start, end = filters.dated(events, params, "at")
    return events, {"action": action, "who": who, "from": start, "to": end}


def export_rows(user, events):
    """The CSV export's header and rows; the network address only for those who may see it."""
    addresses = sees_addresses(user)
    header = ["time", "who", "action", "summary", "object", "object id"]
    if addresses:
        header.append("ip address")

    def row(event):
        values = [
            timezone.localtime(event.at).isoformat(),
            event.who,
            event.get_action_display(),
            event.summary,
            event.object_type,
            event.object_id,
        ]
        return [*values, event.ip_address] if addresses else values

    return [header, *(row(event) for event in events.iterator())]
