"""A case study's journey: proposed → agreed (drafting) or declined; drafting → in review →
changes requested → in review → approved.

``transition`` is the one function that changes a case study's status. It refuses any step the
table below does not allow, records who took the step and why, and queues emails to the people
the step concerns in the same transaction.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import roles
from audit import log as audit
from mail import outbox
from mail.models import Message
from portal.errors import DomainError
from portal.transitions import Step, Workflow

from . import audit_actions, text
from .models import CaseStudy, StatusChange

logger = logging.getLogger(__name__)
Status = CaseStudy.Status


class WorkflowError(DomainError):
    """A rule stopped the change; ``message`` is written for the person who tried it."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


MANAGE = "casestudies.manage_casestudies"

# Who may move a case study on, from where to where (the coordinator agrees, declines, asks for
# changes and approves; the author submits).
WORKFLOW = Workflow(
    noun="a case study",
    refusal=(
        "This case study is {status}, so it cannot be {step} now. Refresh the page to see "
        "where it has got to."
    ),
    error=WorkflowError,
    steps=(
        Step("agree", frozenset({Status.PROPOSED}), Status.DRAFTING, "Agreed", MANAGE),
        Step(
            "decline",
            frozenset({Status.PROPOSED}),
            Status.DECLINED,
            "Declined",
            MANAGE,
            needs_note=True,
        ),
        Step(
            "submit",
            frozenset({Status.DRAFTING, Status.CHANGES_REQUESTED}),
            Status.IN_REVIEW,
            "Submitted for review",
            "casestudies.submit_casestudy",
        ),
        Step(
            "request_changes",
            frozenset({Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            "Changes requested",
            MANAGE,
            needs_note=True,
        ),
        Step("approve", frozenset({Status.IN_REVIEW}), Status.APPROVED, "Approved", MANAGE),
    ),
)
STEPS = WORKFLOW.by_action


def allowed_actions(case_study):
    return WORKFLOW.allowed(case_study.status)


def problems_before_submitting(case_study):
    """What stops the case study going for review: unanswered required sections, answers over
    their word limit, and an Easy Read version with no points when the template asks for one.
    Empty when it is ready. (The Easy Read checks are advice for the author and the reviewer,
    not a bar: a picture can be described later, say.)"""
    answers = {answer.section_id: answer for answer in case_study.answers.all()}
    problems = []
    for section in case_study.template_version.sections.all():
        answer = answers.get(section.pk)
        written = answer.text.strip() if answer else ""
        if section.required and not written:
            problems.append((section, f"Answer “{section.heading}”"))
        elif text.word_count(written) > section.word_limit:
            problems.append(
                (
                    section,
                    f"“{section.heading}” must be {section.word_limit:,} words or fewer",
                )
            )
    if case_study.template_version.asks_for_easy_read and not case_study.easy_read_points.exists():
        problems.append((None, "Write the Easy Read version"))
    return problems


def pictures_not_described(case_study):
    """The Easy Read points whose picture has no description: what is approved is published,
    and a picture published without one is silent to someone who cannot see it. (Submitting
    is not barred by it: the coordinator may still comment on the rest.)"""
    if not case_study.template_version.asks_for_easy_read:
        return []
    return [
        point.position
        for point in case_study.easy_read_points.all()
        if point.picture and not point.picture_alt.strip()
    ]


def transition(case_study, action, *, by, note="", now=None):
    """Move the case study on by ``action`` if its current status allows that step."""
    step = WORKFLOW.step(action)
    note = (note or "").strip()
    if step.needs_note and not note:
        raise WorkflowError(
            "Say why the case study is declined"
            if action == "decline"
            else "Tell the author what needs to change"
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        WORKFLOW.check(action, locked.status, locked.get_status_display())
        if action == "submit":
            problems = problems_before_submitting(locked)
            if problems:
                raise WorkflowError(
                    "Finish these sections before you submit", [p for _, p in problems]
                )
            locked.submitted_at = now
        if action == "approve":
            undescribed = pictures_not_described(locked)
            if undescribed:
                numbers = [str(position) for position in undescribed]
                which = (
                    f"point {numbers[0]}"
                    if len(numbers) == 1
                    else f"points {', '.join(numbers[:-1])} and {numbers[-1]}"
                )
                raise WorkflowError(
                    f"The Easy Read picture for {which} is not described. Ask the author to "
                    "say what it shows before you approve the case study"
                )
            locked.approved_at = now
        before = locked.status
        locked.status = step.target
        locked.save()
        change = StatusChange.objects.create(
            case_study=locked,
            action=action,
            from_status=before,
            to_status=step.target,
            by=by,
            note=note,
            at=now,
        )
        notify(change)
        audit.record(
            audit_actions.STATUS_CHANGED,
            f"“{locked.title}”: {step.label.lower()} ({before} to {step.target})",
            user=by,
            obj=locked,
        )
    case_study.refresh_from_db()
    return change


def coordinators():
    return get_user_model().objects.filter(groups__name=roles.COORDINATOR, is_active=True)


def _recipients(change):
    case_study = change.case_study
    if change.action == "submit":
        return list(coordinators())
    if change.action in {"request_changes", "approve"} and case_study.author:
        return [case_study.author]
    if change.action == "decline":  # the rest of the programme team hears of it
        return list(coordinators().exclude(pk=change.by_id))
    return []  # agreeing sends the author's invitation instead


REASONS = {
    "submit": "you coordinate the collection and a case study is ready for review",
    "request_changes": "you are the author of this case study",
    "approve": "you are the author of this case study",
    "decline": "you coordinate the collection",
}


def notify(change):
    """Queue an email to each person the step concerns, in the step's own transaction."""
    recipients = _recipients(change)
    case_study = change.case_study
    context = {"change": change, "case_study": case_study, "portal_url": settings.PORTAL_URL}
    subject = {
        "submit": f"Case study submitted for review: {case_study.title}",
        "request_changes": f"Changes requested to your case study: {case_study.title}",
        "approve": f"Your case study is approved: {case_study.title}",
        "decline": f"Case study declined: {case_study.title}",
    }.get(change.action)
    if not recipients or subject is None:
        return
    body = render_to_string(f"casestudies/email/{change.action}.txt", context)
    for person in recipients:
        outbox.queue(
            Message.Kind.REVIEW_NOTICE,
            to=person.email,
            user=person,
            subject=subject,
            body=body,
            reason=REASONS[change.action],
            about=case_study,
            now=change.at,
        )
