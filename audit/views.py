"""The audit log, filtered and exported."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.spreadsheets import csv_response

from . import queries
from .rules import visible_actions

readers_only = permission_required("audit.view_log", raise_exception=True)
PAGE_SIZE = 50


@require_safe
@login_required
@readers_only
def event_list(request):
    events, filters = queries.events_for(request.user, request.GET)
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
    events, _ = queries.events_for(request.user, request.GET)
    return csv_response(queries.export_rows(request.user, events), "audit-log.csv")
