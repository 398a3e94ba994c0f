"""The audit log, filtered and exported."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from portal import filters
from portal.spreadsheets import csv_response

from .rules import sees_addresses, visible_actions, visible_events

readers_only = permission_required("audit.view_log", raise_exception=True)
PAGE_SIZE = 50


def _filtered(user, params):
    """The events this person may read that match the filters, and the filters as understood
    (bad ones, and actions outside what they may read, dropped)."""
    events = visible_events(user).select_related("user")
    action = params.get("action", "")
    if action in {value for value, _ in visible_actions(user)}:
        events = events.filter(action=action)
    else:
        action = ""
    who = (params.get("who") or "").strip()[:254]
    if who:
        events = events.filter(who__icontains=who)
    start, end = filters.date(params.get("from")), filters.date(params.get("to"))
    events = filters.between(events, "at", start, end)
    return events, {"action": action, "who": who, "from": start, "to": end}


@require_safe
@login_required
@readers_only
def event_list(request):
    events, filters = _filtered(request.user, request.GET)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "page": page,
            "filters": filters,
            "actions": visible_actions(request.user),
            "full_log": request.user.has_perm("audit.view_full_log"),
        },
    )


@require_safe
@login_required
@readers_only
def export(request):
    events, _ = _filtered(request.user, request.GET)
    addresses = sees_addresses(request.user)
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

    rows = (row(event) for event in events.iterator())
    return csv_response([header, *rows], "audit-log.csv")
