"""The applicant's journey: deadlines and extensions, drafts, checking, submitting and
withdrawing. Views, commands and tests call these functions; each raises an ``eoi.errors``
error with a message fit to show, and never leaves work half done."""

import logging

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import roles
from accounts.models import Organisation, User
from audit import log as audit
from mail import outbox
from mail.models import Message
from portal.dates import govuk_datetime
from portal.transitions import Step, Workflow

from . import audit_actions, printing
from .errors import (
    DeadlinePassed,
    EditConflict,
    EOIError,
    Incomplete,
    InvalidTransition,
    Missing,
    NotOpen,
    TooLong,
)
from .models import (
    Answer,
    ExpressionOfInterest,
    Extension,
    ReferenceCounter,
    Submission,
)

logger = logging.getLogger(__name__)

Status = ExpressionOfInterest.Status

ANSWER_MAX_CHARACTERS = 20_000

# The states an expression of interest moves between, what moves it and who may: the
# applicant's organisation submits (again, until the closing time) and withdraws.
CHANGE = "eoi.change_expressionofinterest"
WORKFLOW = Workflow(
    noun="an expression of interest",
    refusal="An expression of interest that is {status} cannot be {step}.",
    error=InvalidTransition,
    steps=(
        Step(
            "submit",
            frozenset({Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN}),
            Status.SUBMITTED,
            "Submitted",
            CHANGE,
        ),
        Step(
            "withdraw",
            frozenset({Status.SUBMITTED}),
            Status.WITHDRAWN,
            "Withdrawn",
            CHANGE,
        ),
    ),
)


# Deadlines -----------------------------------------------------------------------------------


def closing_time(call, organisation):
    """The moment this organisation's expressions of interest close: an extension or the call's."""
    extension = Extension.objects.filter(call=call, organisation=organisation).first()
    if extension and extension.closes_at > call.closes_at:
        return extension.closes_at
    return call.closes_at


def check_deadline(call, organisation, now=None):
    """Raise ``DeadlinePassed`` at or after the closing time (17:00:00 is too late for 5pm)."""
    closes_at = closing_time(call, organisation)
    if (now or timezone.now()) >= closes_at:
        raise DeadlinePassed(closes_at)


def grant_extension(*, call, organisation, closes_at, reason, by):
    """Give one organisation a later closing time, recording who granted it and why."""
    if not reason or not reason.strip():
        raise EOIError("Enter the reason for the extension")
    if closes_at <= call.closes_at:
        raise EOIError("The new closing time must be after the call's closing time")
    extension, _ = Extension.objects.update_or_create(
        call=call,
        organisation=organisation,
        defaults={"closes_at": closes_at, "reason": reason.strip(), "granted_by": by},
    )
    return extension


# Drafts --------------------------------------------------------------------------------------


def applicant_organisation(user):
    """The DPULO this person applies for: their first DPULO membership, or None."""
    if not user.is_authenticated:
        return None
    membership = (
        user.memberships.select_related("organisation")
        .filter(organisation__kind=Organisation.Kind.DPULO)
        .order_by("joined_at", "pk")
        .first()
    )
    return membership.organisation if membership else None


def applicants_of(organisation):
    """The people who apply for ``organisation``: its members with the applicant role whose
    accounts are open (reminders go to them; the programme team sees their access needs)."""
    return list(
        User.objects.filter(
            memberships__organisation=organisation,
            groups__name=roles.APPLICANT,
            is_active=True,
        )
    )


def start(call, organisation, by, now=None):
    """Return the organisation's expression of interest for the call, creating it if needed.

    One per organisation per call: a refresh, a double click or a colleague starting at the
    same moment all end up with the same row (the database's unique constraint decides).
    """
    existing = ExpressionOfInterest.objects.filter(call=call, organisation=organisation).first()
    if existing:
        return existing
    if call.state(now) == "upcoming":
        raise NotOpen(call)
    check_deadline(call, organisation, now)
    try:
        with transaction.atomic():
            return ExpressionOfInterest.objects.create(
                call=call,
                organisation=organisation,
                created_by=by,
                organisation_name=organisation.name,
                organisation_region=organisation.region,
                organisation_website=organisation.website,
                contact_name=by.full_name,
                contact_email=by.email,
            )
    except IntegrityError:
        return ExpressionOfInterest.objects.get(call=call, organisation=organisation)


def _locked(eoi):
    return ExpressionOfInterest.objects.select_for_update().get(pk=eoi.pk)


ORGANISATION_FIELDS = [
    "organisation_name",
    "organisation_region",
    "organisation_website",
    "organisation_summary",
]
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email", "contact_phone"]


def _save_section(eoi, fields, version_field, data, version, now):
    with transaction.atomic():
        locked = _locked(eoi)
        check_deadline(locked.call, locked.organisation, now)
        current_version = getattr(locked, version_field)
        if version != current_version:
            current = {field: getattr(locked, field) for field in fields}
            if all(current[field] == data[field] for field in fields):
                return locked  # the same change, saved twice
            raise EditConflict(current, current_version)
        changed = any(getattr(locked, field) != data[field] for field in fields)
        for field in fields:
            setattr(locked, field, data[field])
        setattr(locked, version_field, current_version + 1)
        update = [*fields, version_field, "updated_at"]
        if changed and locked.submitted_at:
            locked.changed_since_submission = True
            update.append("changed_since_submission")
        locked.save(update_fields=update)
        return locked


def save_organisation_details(eoi, data, *, version, by, now=None):
    return _save_section(eoi, ORGANISATION_FIELDS, "organisation_version", data, version, now)


def save_contact(eoi, data, *, version, by, now=None):
    return _save_section(eoi, CONTACT_FIELDS, "contact_version", data, version, now)


def save_answer(eoi, criterion, *, text="", amount=None, version, by, now=None):
    """Save one criterion's answer, refusing a save based on an out-of-date version."""
    if criterion.call_id != eoi.call_id:
        raise EOIError("That criterion belongs to another call.")
    if len(text) > ANSWER_MAX_CHARACTERS:
        raise EOIError(f"Your answer must be {ANSWER_MAX_CHARACTERS:,} characters or fewer")
    with transaction.atomic():
        locked = _locked(eoi)
        check_deadline(locked.call, locked.organisation, now)
        answer, _ = Answer.objects.select_for_update().get_or_create(
            expression_of_interest=locked, criterion=criterion
        )
        if version != answer.version:
            if answer.text == text and answer.amount == amount:
                return answer
            raise EditConflict({"text": answer.text, "amount": answer.amount}, answer.version)
        changed = answer.text != text or answer.amount != amount
        answer.text = text
        answer.amount = amount
        answer.version += 1
        answer.updated_by = by
        answer.save()
        if changed and locked.submitted_at:
            locked.changed_since_submission = True
            locked.save(update_fields=["changed_since_submission", "updated_at"])
        return answer


# Checking and submitting ---------------------------------------------------------------------


def missing_sections(eoi):
    """What still needs doing before the expression of interest can be submitted."""
    slug = eoi.call.slug
    missing = []
    if not eoi.organisation_name.strip() or not eoi.organisation_region:
        missing.append(Missing("Organisation details", "eoi:organisation", {"slug": slug}))
    answers = {answer.criterion_id: answer for answer in eoi.answers.all()}
    for criterion in eoi.call.criteria.all():
        answer = answers.get(criterion.pk)
        if answer is None or not answer.is_complete:
            missing.append(
                Missing(
                    criterion.title,
                    "eoi:criterion",
                    {"slug": slug, "position": criterion.position},
                )
            )
    if not eoi.contact_name.strip() or not eoi.contact_email.strip():
        missing.append(Missing("Contact person", "eoi:contact", {"slug": slug}))
    return missing


def _next_reference(now):
    year = timezone.localtime(now).year
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"EOI-{year}-{counter.last_number:04d}"


def _snapshot(eoi):
    return {
        "organisation": {field: getattr(eoi, field) for field in ORGANISATION_FIELDS},
        "answers": [
            {
                "criterion": row["criterion"].pk,
                "position": row["criterion"].position,
                "title": row["criterion"].title,
                "text": row["text"],
                "amount": str(row["amount"]) if row["amount"] is not None else None,
            }
            for row in printing.answer_rows(eoi)
        ],
        "contact": {field: getattr(eoi, field) for field in CONTACT_FIELDS},
    }


def submit(eoi, *, by, now=None):
    """Submit (or resubmit) the expression of interest, in one transaction.

    Locks the row, checks the closing time, completeness and the A4 page limit, gives it a
    reference, freezes a copy with its PDF and schedules the receipt email for after commit.
    Submitting again with nothing changed returns the existing submission and sends nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(eoi)
        if locked.is_submitted and not locked.changed_since_submission:
            latest = locked.submissions.order_by("-number").first()
            if latest is not None:
                return latest
        check_deadline(locked.call, locked.organisation, now)
        missing = missing_sections(locked)
        if missing:
            raise Incomplete(missing)
        WORKFLOW.take(locked, "submit")
        if not locked.reference:
            locked.reference = _next_reference(now)
        locked.submitted_at = now
        locked.submitted_by = by
        locked.changed_since_submission = False
        locked.withdrawn_at = None
        # One layout, with the reference and time on it: what is counted is what is sent. If it
        # is too long, raising rolls back the status and the reference number together.
        document = printing.render_document(locked)
        count = printing.count_pages(locked, document=document)
        if count.over_limit:
            raise TooLong(count)
        locked.submitted_pages = count.pages
        locked.save()
        pdf_bytes = printing.pdf.write_pdf(document)
        number = locked.submissions.count() + 1
        submission = Submission.objects.create(
            expression_of_interest=locked,
            number=number,
            submitted_at=now,
            submitted_by=by,
            pages=count.pages,
            content=_snapshot(locked),
            pdf=pdf_bytes,
        )
        queue_receipt(submission)
        audit.record(
            audit_actions.SUBMITTED,
            f"{locked.reference} submitted for {locked.organisation} ({number}. submission, "
            f"{count.pages} pages)",
            user=by,
            obj=locked,
        )
    eoi.refresh_from_db()
    return submission


def queue_receipt(submission):
    """Queue the submitter's receipt, with the PDF of exactly what was submitted, in the
    submission's own transaction: if the submission commits, the receipt will be delivered."""
    eoi = submission.expression_of_interest
    submitter = submission.submitted_by
    recipient = submitter.email if submitter else eoi.contact_email
    context = {
        "eoi": eoi,
        "call": eoi.call,
        "submission": submission,
        "submitted_at": govuk_datetime(submission.submitted_at),
        "closes_at": govuk_datetime(closing_time(eoi.call, eoi.organisation)),
    }
    return outbox.queue(
        Message.Kind.RECEIPT,
        to=recipient,
        user=submitter,
        subject=f"Expression of interest received: {eoi.reference}",
        body=render_to_string("eoi/email/receipt.txt", context),
        reason=f"you submitted {eoi.reference} for {eoi.organisation_name or eoi.organisation}",
        about=eoi,
        reply_to=eoi.call.contact_email,
        attachments=[(f"{eoi.reference}.pdf", bytes(submission.pdf), "application/pdf")],
    )


NOTHING_TO_WITHDRAW = (
    "This expression of interest has not been submitted, so there is nothing to withdraw. "
    "A draft is never sent to the programme team: you can leave it as it is."
)


def withdraw(eoi, *, by, now=None):
    """Take a submitted expression of interest out of assessment (it can be submitted again
    before the closing time). A draft was never sent, so is not withdrawn."""
    with transaction.atomic():
        locked = _locked(eoi)
        if locked.is_draft:
            raise EOIError(NOTHING_TO_WITHDRAW)
        WORKFLOW.take(locked, "withdraw")
        locked.withdrawn_at = now or timezone.now()
        locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit.record(
            audit_actions.WITHDRAWN,
            f"{locked.reference or 'A draft'} withdrawn for {locked.organisation}",
            user=by,
            obj=locked,
        )
    eoi.refresh_from_db()
    return eoi
