"""The audit log, filtered and exported."""

import csv
import io
from datetime import datetime, time

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import Event

readers_only = permission_required("audit.view_log", raise_exception=True)
PAGE_SIZE = 50
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _date(value):
    try:
        return datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None


def _filtered(params):
    """The events matching the filters, and the filters as understood (bad ones dropped)."""
    events = Event.objects.select_related("user")
    action = params.get("action", "")
    if action in Event.Action.values:
        events = events.filter(action=action)
    else:
        action = ""
    who = (params.get("who") or "").strip()[:254]
    if who:
        events = events.filter(who__icontains=who)
    start, end = _date(params.get("from")), _date(params.get("to"))
    zone = timezone.get_current_timezone()
    if start:
        events = events.filter(at__gte=datetime.combine(start, time.min, tzinfo=zone))
    if end:
        events = events.filter(at__lte=datetime.combine(end, time.max, tzinfo=zone))
    return events, {"action": action, "who": who, "from": start, "to": end}


@require_safe
@login_required
@readers_only
def event_list(request):
    events, filters = _filtered(request.GET)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {"page": page, "filters": filters, "actions": Event.Action.choices},
    )


def _cell(value):
    text = str(value if value is not None else "")
    return "'" + text if text.startswith(FORMULA_START) else text


@require_safe
@login_required
@readers_only
def export(request):
    events, _ = _filtered(request.GET)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["time", "who", "action", "summary", "object", "object id", "ip address"])
    for event in events.iterator():
        writer.writerow(
            [
                _cell(timezone.localtime(event.at).isoformat()),
                _cell(event.who),
                _cell(event.get_action_display()),
                _cell(event.summary),
                _cell(event.object_type),
                _cell(event.object_id),
                _cell(event.ip_address),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
