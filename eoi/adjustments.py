"""Reasonable adjustments for a call: an applicant asks (more time to a proposed closing time,
another way to apply, or something else), the programme manager answers (more time given
through the organisation's extension, something arranged, or refused with reasons), and the
applicant is told once by email and on their task list. Every request and answer is kept and
audit-logged.

A request can be made until the organisation's own closing time; more time can only be asked
for, and given, up to ``ADJUSTMENT_MAX_DAYS`` after the call's closing time, so the assessment
timetable still holds.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation
from audit.log import record
from mail import outbox
from mail.models import Message
from portal.dates import govuk_datetime

from . import audit_actions
from .application import applicants_of, closing_time, grant_extension
from .errors import EOIError
from .models import AdjustmentRequest

Kind = AdjustmentRequest.Kind
Status = AdjustmentRequest.Status

ALREADY_ANSWERED = (
    "This request has already been answered, so nothing was changed. The answer is shown below."
)


def latest_closing(call):
    """The latest closing time more time can reach for this call."""
    return call.closes_at + timedelta(days=settings.ADJUSTMENT_MAX_DAYS)


def ask(call, organisation, *, by, kind, proposed_closes_at=None, details="", reason="", now=None):
    """Record a request for an adjustment. Refused after the organisation's closing time, and
    for more time to a moment that is not later than it or beyond ``latest_closing``. The same
    request sent twice (a double click) is kept once."""
    now = now or timezone.now()
    closes = closing_time(call, organisation)
    if now >= closes:
        raise EOIError(
            f"This call closed at {govuk_datetime(closes)}, so an adjustment can no longer be "
            f"asked for here. Email {call.contact_email} if you need help."
        )
    details, reason = (details or "").strip(), (reason or "").strip()
    if kind == Kind.MORE_TIME:
        if proposed_closes_at is None:
            raise EOIError("Enter the closing time you are asking for")
        if proposed_closes_at <= closes:
            raise EOIError(f"The closing time you ask for must be after {govuk_datetime(closes)}")
        if proposed_closes_at > latest_closing(call):
            raise EOIError(
                "The closing time you ask for must be no later than "
                f"{govuk_datetime(latest_closing(call))}, so assessment can still start on time"
            )
    else:
        proposed_closes_at = None
        if not details:
            raise EOIError("Enter what you need")
    with transaction.atomic():
        # One request at a time per organisation, so a double click is kept once.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        same = AdjustmentRequest.objects.filter(
            call=call,
            organisation=organisation,
            kind=kind,
            status=Status.RECEIVED,
            proposed_closes_at=proposed_closes_at,
            details=details,
            reason=reason,
        ).first()
        if same:
            return same
        made = AdjustmentRequest.objects.create(
            call=call,
            organisation=organisation,
            requested_by=by,
            requested_at=now,
            kind=kind,
            proposed_closes_at=proposed_closes_at,
            details=details,
            reason=reason,
        )
        record(
            audit_actions.ADJUSTMENT_ASKED,
            f"{made.get_kind_display()} asked for on {call.title}",
            user=by,
            obj=made,
        )
    return made


def answer(adjustment, *, status, by, closes_at=None, text="", now=None):
    """The programme manager's answer. More time is given as the organisation's extension to
    ``closes_at`` (the time asked for, or another); arranging something or refusing needs
    ``text`` saying what or why. An answered request is never answered again (two managers at
    once: the second is refused and sees the first answer). The applicant's organisation is
    emailed once."""
    now = now or timezone.now()
    text = (text or "").strip()
    if status not in (Status.GRANTED, Status.ARRANGED, Status.REFUSED):
        raise EOIError("Choose an answer")
    if status == Status.GRANTED:
        if adjustment.kind != Kind.MORE_TIME:
            raise EOIError("Only a request for more time can be answered by giving more time")
        if closes_at is None:
            raise EOIError("Enter the new closing time")
        if closes_at <= now:
            raise EOIError("The new closing time must be in the future")
        if adjustment.call.assessment_opened_at:
            raise EOIError(
                "Assessment of this call has started, so more time can no longer be given. "
                "Arrange something else, or refuse with reasons"
            )
        if closes_at > latest_closing(adjustment.call):
            raise EOIError(
                "The new closing time must be no later than "
                f"{govuk_datetime(latest_closing(adjustment.call))}"
            )
    elif not text:
        raise EOIError(
            "Enter what has been arranged"
            if status == Status.ARRANGED
            else "Enter the reasons for refusing"
        )
    with transaction.atomic():
        locked = AdjustmentRequest.objects.select_for_update().get(pk=adjustment.pk)
        if locked.status != Status.RECEIVED:
            raise EOIError(ALREADY_ANSWERED)
        if status == Status.GRANTED:
            # The organisation's row is locked, so two grants at once cannot leave the
            # earlier closing time in place: each compares with what is saved now.
            Organisation.objects.select_for_update().get(pk=locked.organisation_id)
            current = closing_time(locked.call, locked.organisation)
            if closes_at <= current:
                raise EOIError(f"The new closing time must be after {govuk_datetime(current)}")
            grant_extension(
                call=locked.call,
                organisation=locked.organisation,
                closes_at=closes_at,
                reason=f"Reasonable adjustment asked for at {govuk_datetime(locked.requested_at)}"
                + (f": {locked.reason}" if locked.reason else ""),
                by=by,
            )
            locked.granted_closes_at = closes_at
        locked.status = status
        locked.answer = text
        locked.decided_by = by
        locked.decided_at = now
        locked.save()
        record(
            audit_actions.ADJUSTMENT_ANSWERED,
            f"{locked.get_kind_display()} for {locked.organisation.name} on "
            f"{locked.call.title}: {locked.get_status_display().lower()}",
            user=by,
            obj=locked,
        )
        _tell(locked)
    return locked


def _tell(adjustment):
    """Email the answer to whoever asked, or, when the programme team asked on the
    organisation's behalf (taking its expression of interest for it), to the organisation's
    applicants. If the asker's account has gone, nobody: it is on the task list for everyone
    in the organisation."""
    person = adjustment.requested_by
    if person is None or not person.is_active:
        return
    call, organisation = adjustment.call, adjustment.organisation
    if adjustment.status == Status.GRANTED:
        outcome = (
            "We have given your organisation more time. Your expression of interest now "
            f"closes at {govuk_datetime(adjustment.granted_closes_at)}."
        )
    elif adjustment.status == Status.ARRANGED:
        outcome = f"We have arranged this:\n\n{adjustment.answer}"
    else:
        outcome = (
            "We are sorry: we cannot make this adjustment. Our reasons:\n\n"
            f"{adjustment.answer}\n\nThe call still closes for your organisation at "
            f"{govuk_datetime(closing_time(call, organisation))}."
        )
    link = settings.PORTAL_URL + reverse("eoi:task-list", args=[call.slug])
    kind = adjustment.get_kind_display().lower()
    if Membership.objects.filter(user=person, organisation=organisation).exists():
        told = [(person, "You asked", "you asked for an adjustment to a call", "")]
    else:
        told = [
            (
                applicant,
                f"The programme team asked, on {organisation.name}'s behalf,",
                f"you apply for {organisation.name}, and the programme team asked for an "
                "adjustment to a call for it",
                f":{applicant.pk}",
            )
            for applicant in applicants_of(organisation)
        ]
    for recipient, who_asked, reason, key in told:
        outbox.queue(
            Message.Kind.ADJUSTMENT,
            to=recipient.email,
            user=recipient,
            subject=f"Your request for an adjustment to {call.title}",
            body=(
                f"Dear {recipient.full_name},\n\n"
                f"{who_asked} for an adjustment to {call.title}: {kind}.\n\n{outcome}\n\n"
                f"Your task list: {link}\n\n"
                f"Questions: {call.contact_email}"
            ),
            reason=reason,
            about=adjustment,
            once_key=f"adjustment:{adjustment.pk}{key}",
        )


def for_organisation(call, organisation):
    return AdjustmentRequest.objects.filter(call=call, organisation=organisation).select_related(
        "requested_by"
    )


def queue():
    """Every request, those waiting for an answer first (oldest first), then answered ones."""
    waiting = AdjustmentRequest.objects.filter(status=Status.RECEIVED).order_by("requested_at")
    answered = AdjustmentRequest.objects.exclude(status=Status.RECEIVED).order_by("-decided_at")
    related = ("call", "organisation", "requested_by")
    return (
        list(waiting.select_related(*related)),
        answered.select_related(*related, "decided_by"),
    )


def people_asking(adjustment):
    """The applicants of the organisation that asked (for the access-needs panel)."""
    return applicants_of(adjustment.organisation)
