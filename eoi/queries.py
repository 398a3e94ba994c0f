"""Read queries for the expression-of-interest pages (no changes are made here)."""

import logging

from django.utils import timezone

from .application import applicant_organisation, closing_time, missing_sections
from .models import (
    Call,
    ExpressionOfInterest,
)

logger = logging.getLogger(__name__)

Status = ExpressionOfInterest.Status


def own_expression_of_interest(user, call):
    """The expression of interest the person's organisation has for ``call``, if they apply
    for one and it has started one; otherwise None. Never another organisation's."""
    if not user.has_perm("eoi.apply"):
        return None
    organisation = applicant_organisation(user)
    if organisation is None:
        return None
    return ExpressionOfInterest.objects.filter(call=call, organisation=organisation).first()


def time_left(closes_at, now=None):
    """'Closes in 2 days', 'Closes in 3 hours', 'Closes in 5 minutes', or 'Closed'."""
    now = now or timezone.now()
    remaining = closes_at - now
    seconds = remaining.total_seconds()
    if seconds <= 0:
        return "Closed"
    days = remaining.days
    if days >= 1:
        return f"Closes in {days} day{'s' if days != 1 else ''}"
    hours = int(seconds // 3600)
    if hours >= 1:
        return f"Closes in {hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, int(seconds // 60))
    return f"Closes in {minutes} minute{'s' if minutes != 1 else ''}"


def applicant_dashboard(user, now=None):
    """What an applicant's home page lists: their organisation's expressions of interest and
    the calls open to them that they have not started."""
    organisation = applicant_organisation(user)
    if organisation is None:
        return {"organisation": None, "expressions_of_interest": [], "open_calls": []}
    now = now or timezone.now()
    mine = list(
        ExpressionOfInterest.objects.filter(organisation=organisation)
        .select_related("call")
        .prefetch_related("answers", "call__criteria")
        .order_by("-updated_at")
    )
    for eoi in mine:
        # What the table says of each: its own closing time (an extension counts), and how
        # many sections a draft still needs.
        eoi.closes_at = closing_time(eoi.call, organisation)
        eoi.is_closed = now >= eoi.closes_at
        eoi.sections_left = len(missing_sections(eoi)) if eoi.is_draft else 0
    started = {eoi.call_id for eoi in mine}
    open_calls = [
        call
        for call in Call.objects.filter(opens_at__lte=now, closes_at__gt=now)
        if call.pk not in started
    ]
    return {"organisation": organisation, "expressions_of_interest": mine, "open_calls": open_calls}
