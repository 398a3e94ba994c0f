"""Requests for the collection in another format: received from anyone, with an email to say so
and a target reply date; answered by the coordinator or the programme manager, who record what
happened; deleted ``RETENTION_DAYS`` after they were closed, as they hold personal data."""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from audit.log import record
from mail import outbox
from mail import retention as mail_retention
from mail.models import Message
from portal import stale
from portal.dates import iso, working_days_after

from . import audit_actions
from .models import Edition, FormatRequest, PublishedCaseStudy

EDITABLE = ("status", "reason", "note")


def what(edition_slug, case_study_slug):
    """The published edition and case study a request link names (either may be None), and how
    to describe them: an unknown or unpublished one is simply not named."""
    edition = Edition.objects.filter(
        slug=edition_slug or "", status=Edition.Status.PUBLISHED
    ).first()
    case_study = None
    if edition and case_study_slug:
        case_study = PublishedCaseStudy.objects.filter(
            edition=edition, slug=case_study_slug
        ).first()
    if case_study:
        return edition, case_study, f"“{case_study.title}”, from {edition.title}"
    if edition:
        return edition, None, f"The whole edition: {edition.title}"
    return None, None, ""


def fingerprint(answers):
    """What a request said, as one short string: the same answers give the same string. The
    form's ``submission`` token is not part of what was said."""
    shown = {name: str(value) for name, value in sorted(answers.items()) if name != "submission"}
    return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


def submission_key(answers):
    """The request's ``submission_key``: its answers with the token of the form they were sent
    from, or None for a form without one (nothing to tell two sendings of it apart by)."""
    token = str(answers.get("submission") or "").strip()
    if not token:
        return None
    return hashlib.sha256(f"{token}\n{fingerprint(answers)}".encode()).hexdigest()


def receive(request_record, *, user=None, answers=None):
    """Save a new request (an unsaved FormatRequest from the form), set its target reply date,
    and queue the acknowledgement if there is an email address to send it to.

    ``answers`` (the form's, with its ``submission`` token): the same form sent twice with the
    same answers (two clicks before the first reply came back) is one request. The database's
    unique ``submission_key`` lets one of two sendings at the same moment save, and the other
    gets that request back (``repeated``), with no second acknowledgement."""
    if answers is not None:
        request_record.submission_key = submission_key(answers)
    try:
        return _received(request_record, user=user)
    except IntegrityError:
        key = request_record.submission_key
        first = FormatRequest.objects.filter(submission_key=key).first() if key else None
        if first is None:
            raise
        first.repeated = True
        return first


def _received(request_record, *, user):
    request_record.repeated = False
    with transaction.atomic():
        request_record.received_at = timezone.now()
        request_record.reply_due = working_days_after(
            timezone.localdate(request_record.received_at), settings.FORMAT_REQUEST_DAYS
        )
        if user is not None and user.is_authenticated:
            request_record.requested_by = user
        request_record.save()
        # Never the name, nor anything typed: the audit log outlives the request, which
        # holds personal data and is deleted after the retention period.
        record(
            audit_actions.FORMAT_REQUESTED,
            f"{request_record.reference}: {request_record.get_wanted_display()} asked for",
            user=user if user is not None and user.is_authenticated else None,
            who="",
            obj=request_record,
        )
        if request_record.email:
            _email(
                request_record,
                f"We have your request for {request_record.get_wanted_display().lower()} "
                f"({request_record.reference})",
                "collection/email/format_request_received.txt",
                "you asked for part of the collection in another format",
            )
    return request_record


def update(request_record, *, status, reason, note, opened_as, user):
    """Record what happened to a request. Closing it (sent, or could not be provided) stamps
    when; saying it could not be provided emails the reason to the person if they gave an
    email address (otherwise ``tell_them_by`` on the result says how the team must tell them).
    Refused if someone else changed it since the page was opened."""
    with transaction.atomic():
        locked = stale.lock_unchanged(request_record, EDITABLE, opened_as)
        was = locked.status
        # A reason is only kept while the request could not be provided.
        if status != FormatRequest.Status.NOT_PROVIDED:
            reason = ""
        locked.status, locked.reason, locked.note = status, reason.strip(), note.strip()
        locked.handled_by = user
        closing = status not in FormatRequest.OPEN
        locked.closed_at = (locked.closed_at or timezone.now()) if closing else None
        locked.save()
        record(
            audit_actions.FORMAT_REQUEST_UPDATED,
            f"{locked.reference}: {locked.get_status_display()}",
            user=user,
            obj=locked,
        )
        # Newly refused with no email address to tell them by: the page says how to.
        locked.tell_them_by = ""
        if status == FormatRequest.Status.NOT_PROVIDED and was != status and not locked.email:
            phone = locked.reply_by == FormatRequest.Reply.PHONE
            locked.tell_them_by = "phone them" if phone else "write to them"
        if status == FormatRequest.Status.NOT_PROVIDED and was != status and locked.email:
            _email(
                locked,
                f"Your request for {locked.get_wanted_display().lower()} ({locked.reference})",
                "collection/email/format_request_not_provided.txt",
                "you asked for part of the collection in another format",
            )
    return locked


def _email(request_record, subject, template, reason):
    outbox.queue(
        Message.Kind.FORMAT_REQUEST,
        to=request_record.email,
        subject=subject,
        body=render_to_string(
            template, {"request": request_record, "contact": settings.SERVICE_CONTACT_EMAIL}
        ),
        reason=reason,
        user=request_record.requested_by,
        about=request_record,
        reply_to=settings.SERVICE_CONTACT_EMAIL,  # the emails say "reply to this email"
    )


def expire(*, now=None, days=None, dry_run=False):
    """Delete requests closed more than ``days`` (``RETENTION_DAYS``) ago, and the emails about
    them; returns how many requests (with ``dry_run``, how many would go; none does). Open
    requests are kept however old they are."""
    now = now or timezone.now()
    days = settings.RETENTION_DAYS if days is None else days
    old = list(FormatRequest.objects.filter(closed_at__lt=now - timedelta(days=days)))
    if dry_run:
        return len(old)
    mail_retention.forget_about(old)
    FormatRequest.objects.filter(pk__in=[each.pk for each in old]).delete()
    return len(old)


def sections(user):
    """What the personal-data download holds: the requests the person made while signed in.

    Never those that merely give the account's email address: nobody proves they own the
    address they register with, so matching on it would hand a stranger's request (their
    name, address and the format they need, which can say what disability they have) to
    whoever registered with that address first. Someone who asked without signing in asks
    the programme team for a copy (the privacy notice says how)."""
    mine = FormatRequest.objects.filter(requested_by=user)
    return {
        "format_requests": [
            {
                "reference": each.reference,
                "item": each.item,
                "format": each.get_wanted_display(),
                "details": each.details,
                "name": each.name,
                "reply_by": each.get_reply_by_display(),
                "email": each.email,
                "phone": each.phone,
                "address": each.address,
                "needed_by": each.needed_by,
                "received_at": iso(each.received_at),
                "status": each.get_status_display(),
                "reason": each.reason,
            }
            for each in mine.order_by("received_at")
        ]
    }
