"""The decision on a call and the outcome letters, sent through an outbox.

Exactly one expression of interest is selected (a database constraint backs this up). Letters
are drafted when the decision is recorded; the programme manager reads and edits them, then
sends them. Changing the decision before sending replaces the drafts, so nobody ever gets two
contradictory letters; once letters have gone, the decision stands.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import roles
from accounts.services import grant_role
from audit import log as audit
from mail import outbox
from mail.models import Message
from portal.stale import StaleEdit, fingerprint

from . import audit_actions
from .assessment import latest_closing_time
from .errors import EOIError
from .models import (
    Assessment,
    Call,
    Decision,
    ExpressionOfInterest,
    Moderation,
    OutcomeLetter,
    Score,
)

logger = logging.getLogger(__name__)


def letters_sent(call):
    return OutcomeLetter.objects.filter(
        expression_of_interest__call=call, status=OutcomeLetter.Status.SENT
    ).exists()


def _feedback(eoi, *, with_comments=False):
    """This applicant's own feedback, criterion by criterion: the agreed score and its reason
    where the programme manager moderated, and (if they chose) what the assessors wrote, never
    who wrote it."""
    moderated = {
        m.criterion_id: m
        for m in Moderation.objects.filter(expression_of_interest=eoi).select_related("criterion")
    }
    comments = {}
    if with_comments:
        scores = Score.objects.filter(
            assessment__assignment__expression_of_interest=eoi,
            assessment__status=Assessment.Status.SUBMITTED,
        ).exclude(comment="")
        for score in scores.order_by("assessment__pk"):
            comments.setdefault(score.criterion_id, []).append(score.comment.strip())
    lines = []
    for criterion in eoi.call.criteria.all():
        moderation = moderated.get(criterion.pk)
        if moderation is None and not comments.get(criterion.pk):
            continue
        line = f"{criterion.position}. {criterion.title}"
        if moderation is not None:
            score = (
                "not applicable"
                if moderation.not_applicable
                else f"{moderation.value} out of {criterion.max_score}"
            )
            line += f": {score}. {moderation.reason}"
        for number, comment in enumerate(comments.get(criterion.pk, []), start=1):
            line += f"\n   Assessor {number}: {comment}"
        lines.append(line)
    return lines


def _draft_letter(eoi, decision, *, with_comments=False):
    context = {
        "eoi": eoi,
        "call": eoi.call,
        "decision": decision,
        "feedback": _feedback(eoi, with_comments=with_comments),
    }
    outcome = "selected" if decision.selected else "not selected"
    return {
        "to": eoi.contact_email or (eoi.submitted_by.email if eoi.submitted_by else ""),
        "subject": f"Outcome of your expression of interest {eoi.reference}: {outcome}",
        "body": render_to_string("eoi/email/outcome.txt", context).strip() + "\n",
    }


def record_decision(call, *, selected, reasons, by, now=None, with_comments=False):
    """Select one submitted expression of interest; the rest are not selected. Drafts one
    letter each, with that applicant's own feedback (and the assessors' comments, without
    their names, when ``with_comments``); each letter can then be changed on its own."""
    now = now or timezone.now()
    reasons = (reasons or "").strip()
    if not reasons:
        raise EOIError("Enter the reasons for the decision")
    if now < latest_closing_time(call):
        raise EOIError("The decision can only be made after the call has closed")
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        if letters_sent(call):
            raise EOIError("The outcome letters have been sent, so the decision cannot change")
        submitted = list(
            ExpressionOfInterest.objects.filter(
                call=call, status=ExpressionOfInterest.Status.SUBMITTED
            )
        )
        if selected.pk not in {eoi.pk for eoi in submitted}:
            raise EOIError("Choose a submitted expression of interest")
        Decision.objects.filter(call=call).exclude(expression_of_interest__in=submitted).delete()
        # Clear the old selection first so the one-selected constraint holds at every step.
        Decision.objects.filter(call=call, selected=True).exclude(
            expression_of_interest=selected
        ).update(selected=False)
        for eoi in submitted:
            decision, _ = Decision.objects.update_or_create(
                expression_of_interest=eoi,
                defaults={
                    "call": call,
                    "selected": eoi.pk == selected.pk,
                    "reasons": reasons,
                    "decided_by": by,
                    "decided_at": now,
                },
            )
            OutcomeLetter.objects.update_or_create(
                expression_of_interest=eoi,
                defaults={
                    **_draft_letter(eoi, decision, with_comments=with_comments),
                    "status": OutcomeLetter.Status.DRAFT,
                },
            )
        OutcomeLetter.objects.filter(expression_of_interest__call=call).exclude(
            expression_of_interest__in=submitted
        ).delete()
        audit.record(
            audit_actions.DECISION_RECORDED,
            f"{selected.reference} selected for {call.title}",
            user=by,
            obj=call,
        )
    return Decision.objects.get(call=call, selected=True)


class StaleLetter(StaleEdit, EOIError):
    def __init__(self, current):
        super().__init__(
            "Someone else changed this letter since you opened it. Your changes have not been "
            "saved. Their version is shown below; save again to replace it with yours.",
            current=current,
        )


def update_letter(letter, *, subject, body, opened_as=None):
    """Save the letter's text; ``opened_as`` (the fingerprint the page was opened with)
    refuses a save over someone else's newer change."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        raise EOIError("Enter the subject")
    if not body:
        raise EOIError("Enter the letter")
    with transaction.atomic():
        locked = OutcomeLetter.objects.select_for_update().get(pk=letter.pk)
        if locked.is_sent:
            raise EOIError("This letter has been sent and cannot be changed")
        changed_since = opened_as is not None and opened_as != fingerprint(
            locked, ["subject", "body"]
        )
        if changed_since and (locked.subject, locked.body.strip()) != (subject, body):
            raise StaleLetter({"subject": locked.subject, "body": locked.body})
        locked.subject, locked.body = subject, body + "\n"
        locked.save(update_fields=["subject", "body"])
    letter.refresh_from_db()
    return letter


def send_letters(call, *, by, now=None):
    """Send every draft letter once: each is queued in the outbox (and marked sent) in one
    transaction with the rest, so either every letter goes or none does, and nothing is sent
    twice. Delivery happens after, by the outbox; the outbox page shows each letter's status."""
    now = now or timezone.now()
    users = get_user_model().objects
    sent = 0
    with transaction.atomic():
        drafts = list(
            OutcomeLetter.objects.select_for_update()
            .filter(expression_of_interest__call=call, status=OutcomeLetter.Status.DRAFT)
            .select_related("expression_of_interest")
        )
        if not drafts:
            raise EOIError("There are no draft letters to send")
        for letter in drafts:
            eoi = letter.expression_of_interest
            outbox.queue(
                Message.Kind.OUTCOME_LETTER,
                to=letter.to,
                user=users.filter(email__iexact=letter.to).first(),
                subject=letter.subject,
                body=letter.body,
                reason=f"{eoi.reference} was an expression of interest for “{call.title}”",
                about=letter,
                reply_to=call.contact_email,
                now=now,
            )
            letter.status = OutcomeLetter.Status.SENT
            letter.sent_at = now
            letter.sent_by = by
            letter.save(update_fields=["status", "sent_at", "sent_by"])
            sent += 1
        _after_sending(call, sent, by)
    return sent


def _after_sending(call, sent, by):
    selected = (
        Decision.objects.filter(call=call, selected=True)
        .select_related("expression_of_interest__organisation")
        .first()
    )
    if selected:
        for membership in selected.expression_of_interest.organisation.memberships.all():
            grant_role(membership.user, roles.COORDINATOR)
    logger.info("Queued %s outcome letters for %s", sent, call.slug)
    audit.record(
        audit_actions.LETTERS_SENT,
        f"{sent} outcome letter{'s' if sent != 1 else ''} sent for {call.title}",
        user=by,
        obj=call,
    )
