"""Calls and their criteria: the programme manager's administration. Criteria are frozen once
an expression of interest has been submitted against them."""

import logging

from django.db import transaction

from portal import ordering, stale

from .errors import CriteriaLocked, EOIError
from .models import (
    Call,
    Criterion,
    ExpressionOfInterest,
)

logger = logging.getLogger(__name__)

Status = ExpressionOfInterest.Status


# Calls and criteria --------------------------------------------------------------------------


def ensure_criteria_editable(call):
    if call.pk and call.has_submissions():
        raise CriteriaLocked()


def replace_criteria(call, criteria):
    """Replace a call's criteria with the given list of dicts, unless one has been answered."""
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        ensure_criteria_editable(call)
        kept = []
        for position, fields in enumerate(criteria, start=1):
            criterion, _ = Criterion.objects.update_or_create(
                call=call, position=position, defaults=fields
            )
            kept.append(criterion.pk)
        removed = call.criteria.exclude(pk__in=kept)
        answered = removed.filter(answers__isnull=False).distinct()
        if answered.exists():
            titles = ", ".join(criterion.title for criterion in answered)
            raise EOIError(
                f"These criteria cannot be removed because applicants have started answering "
                f"them: {titles}. Change their wording instead."
            )
        removed.delete()


def _lock_call_for_criteria(call):
    locked = Call.objects.select_for_update().get(pk=call.pk)
    ensure_criteria_editable(locked)
    return locked


def add_criterion(call, fields):
    """Add a criterion at the end of the call's list."""
    with transaction.atomic():
        return ordering.append(_lock_call_for_criteria(call).criteria, **fields)


def update_criterion(criterion, fields, *, opened_as=None):
    """Change a criterion; ``opened_as`` (its page's fingerprint) refuses a stale edit."""
    with transaction.atomic():
        _lock_call_for_criteria(criterion.call)
        return stale.update(criterion, fields, opened_as)


def remove_criterion(criterion):
    """Remove a criterion nobody has answered, and close the gap in the numbering."""
    with transaction.atomic():
        call = _lock_call_for_criteria(criterion.call)
        if criterion.answers.exists():
            raise EOIError(
                "This criterion cannot be removed because applicants have started answering it. "
                "Change its wording instead."
            )
        ordering.remove(criterion, call.criteria)


def move_criterion(criterion, direction):
    """Swap a criterion with its neighbour; ``direction`` is "up" or "down"."""
    with transaction.atomic():
        call = _lock_call_for_criteria(criterion.call)
        return ordering.move(criterion, direction, call.criteria)
