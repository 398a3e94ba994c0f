"""Reminders for expressions of interest and their assessment (see ``mail/reminders.py``)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from accounts import access_needs, roles
from mail.models import Message
from mail.reminders import finder, remind, step_due
from portal.dates import govuk_datetime

from .application import applicants_of, closing_time
from .models import Assessment, Assignment, Call, ExpressionOfInterest


def _url(name, *args):
    return settings.PORTAL_URL + reverse(name, args=args)


def _whole_days(left):
    """Days left, rounded up: a call closing in 6 days and 2 hours "closes in 7 days"."""
    return max(1, left.days + (1 if left.seconds or left.microseconds else 0))


def _days(step):
    return "1 day" if step == 1 else f"{step} days"


@finder
def unfinished_drafts(now):
    """Applicants whose organisation has a draft, or a change not yet resubmitted, for a call
    that closes within ``REMINDER_DRAFT_DAYS`` (7 and 1 by default)."""
    queued = 0
    waiting = (
        ExpressionOfInterest.objects.filter(call__opens_at__lte=now)
        .filter(
            Q(status=ExpressionOfInterest.Status.DRAFT)
            | Q(status=ExpressionOfInterest.Status.SUBMITTED, changed_since_submission=True)
        )
        .select_related("call", "organisation")
    )
    for eoi in waiting:
        closes = closing_time(eoi.call, eoi.organisation)
        # Each reminder a week earlier, and still the last one on the usual day.
        earlier = sorted(
            {d + settings.REMINDER_MORE_TIME_DAYS for d in settings.REMINDER_DRAFT_DAYS}
            | {min(settings.REMINDER_DRAFT_DAYS)}
        )
        if step_due(closes, earlier, now) is None:
            continue  # not even the earlier reminders are due
        submitted_before = eoi.status == ExpressionOfInterest.Status.SUBMITTED
        people = applicants_of(eoi.organisation)
        more_time = access_needs.may_need_more_time(people)
        for person in people:
            # Someone who told us they may need more time hears each reminder earlier.
            days = earlier if person.pk in more_time else settings.REMINDER_DRAFT_DAYS
            step = step_due(closes, days, now)
            if step is None:
                continue
            queued += remind(
                Message.Kind.DRAFT_REMINDER,
                person,
                subject=f"{eoi.call.title} closes in {_days(_whole_days(closes - now))}: your "
                "expression of interest is not submitted",
                template="mail/reminders/draft.txt",
                context={
                    "eoi": eoi,
                    "call": eoi.call,
                    "closes": govuk_datetime(closes),
                    "changed": submitted_before,
                    "link": _url("eoi:task-list", eoi.call.slug),
                },
                reason=f"you apply for {eoi.organisation.name} and its expression of interest "
                "is not submitted",
                about=eoi,
                once_key=f"draft:{eoi.pk}:{step}:{person.pk}",
                now=now,
            )
    return queued


def _outstanding(call):
    """Each assessor with declarations or scores still to do on the call, and how many."""
    work = {}
    assignments = Assignment.objects.filter(
        expression_of_interest__call=call,
        expression_of_interest__status=ExpressionOfInterest.Status.SUBMITTED,
    ).select_related("assessor", "assessment")
    for assignment in assignments:
        if not assignment.assessor.is_active:
            continue
        declare = not assignment.is_declared
        score = assignment.may_assess and not (
            hasattr(assignment, "assessment")
            and assignment.assessment.status == Assessment.Status.SUBMITTED
        )
        if declare or score:
            counts = work.setdefault(assignment.assessor, [0, 0])
            counts[0] += declare
            counts[1] += score
    return work


@finder
def assessments_due(now):
    """Assessors with declarations or scores outstanding, ``REMINDER_ASSESSMENT_DAYS`` before
    the call's "assessments due" time (3 and 1 by default). The programme needs these."""
    queued = 0
    calls = Call.objects.filter(assessment_opened_at__isnull=False, assessment_due_at__gt=now)
    for call in calls:
        step = step_due(call.assessment_due_at, settings.REMINDER_ASSESSMENT_DAYS, now)
        if step is None:
            continue
        for person, (declare, score) in _outstanding(call).items():
            queued += remind(
                Message.Kind.ASSESSMENT_REMINDER,
                person,
                subject=f"Assessments for {call.title} are due in {_days(step)}",
                template="mail/reminders/assessment.txt",
                context={
                    "call": call,
                    "due": govuk_datetime(call.assessment_due_at),
                    "declare": declare,
                    "score": score,
                    "link": _url("eoi:assessor-queue"),
                },
                reason=f"you are an assessor for “{call.title}”",
                about=call,
                once_key=f"assess:{call.pk}:{step}:{person.pk}",
                now=now,
            )
    return queued


@finder
def assessments_overdue(now):
    """Programme managers, once, when a call's "assessments due" time passes with work left."""
    queued = 0
    calls = Call.objects.filter(assessment_opened_at__isnull=False, assessment_due_at__lte=now)
    managers = list(
        get_user_model().objects.filter(groups__name=roles.PROGRAMME_MANAGER, is_active=True)
    )
    for call in calls:
        outstanding = _outstanding(call)
        if not outstanding:
            continue
        for person in managers:
            queued += remind(
                Message.Kind.ASSESSMENT_OVERDUE,
                person,
                subject=f"Assessments for {call.title} are overdue",
                template="mail/reminders/overdue.txt",
                context={
                    "call": call,
                    "due": govuk_datetime(call.assessment_due_at),
                    "outstanding": sorted(
                        (assessor.full_name or assessor.email, d, s)
                        for assessor, (d, s) in outstanding.items()
                    ),
                    "link": _url("eoi:manage-assessors", call.slug),
                },
                reason=f"you manage “{call.title}”",
                about=call,
                once_key=f"overdue:{call.pk}:{person.pk}",
                now=now,
            )
    return queued
