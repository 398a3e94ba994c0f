"""Sending an edition to stakeholders: a round is prepared (one email per chosen stakeholder
with an address), checked by the coordinator, then sent, which queues each email in the
portal's one outbox (``mail``). Each send records what happened to its email; sending again
queues only those that failed and gave up, so nobody gets the edition twice. Other channels
(the monthly email, social media, events) are recorded by hand.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import access_needs
from audit import log as audit
from casestudies import commissioner_needs
from mail import outbox
from mail.models import Message
from portal.errors import DomainError

from . import audit_actions
from .models import ChannelRecord, Edition, Format, Round, Send, Stakeholder

logger = logging.getLogger(__name__)


class DisseminationError(DomainError):
    """A round of emails could not be prepared or sent."""


def choose(*, kinds=(), regions=()):
    """Stakeholders of the given kinds in the given regions (all of either when empty)."""
    chosen = Stakeholder.objects.all()
    if kinds:
        chosen = chosen.filter(kind__in=kinds)
    if regions:
        chosen = chosen.filter(region__in=regions)
    return chosen.order_by("name")


def describe(kinds, regions):
    kind_labels = dict(Stakeholder.Kind.choices)
    region_labels = dict(Stakeholder._meta.get_field("region").choices)
    who = ", ".join(kind_labels[k] for k in kinds) if kinds else "All kinds of stakeholder"
    where = ", ".join(region_labels[r] for r in regions) if regions else "every region"
    return f"{who} in {where}"


def already_sent(edition):
    """The stakeholders an earlier round has sent this edition to."""
    return set(
        Send.objects.filter(round__edition=edition, status=Send.Status.SENT).values_list(
            "stakeholder_id", flat=True
        )
    )


def prepare(edition, *, kinds=(), regions=(), subject, message, attach_pdf, by, not_yet_sent=False):
    """A round in the outbox; nothing is sent yet. Stakeholders with no address are left out,
    and with ``not_yet_sent`` so is anyone this edition has already been sent to."""
    if not edition.is_published:
        raise DisseminationError("Only a published edition can be sent.")
    if attach_pdf and not edition.pdf_ready:
        raise DisseminationError(
            "The edition's PDF is still being prepared. Send the link only, or wait a minute."
        )
    recipients = [s for s in choose(kinds=kinds, regions=regions) if s.email]
    if not_yet_sent:
        sent = already_sent(edition)
        recipients = [s for s in recipients if s.pk not in sent]
        if not recipients:
            raise DisseminationError(
                "Every chosen stakeholder with an email address has already been sent it"
            )
    if not recipients:
        raise DisseminationError("None of the chosen stakeholders has an email address")
    with transaction.atomic():
        round_ = Round.objects.create(
            edition=edition,
            subject=subject,
            message=message,
            attach_pdf=attach_pdf,
            audience=describe(kinds, regions),
            created_by=by,
        )
        Send.objects.bulk_create(
            Send(round=round_, stakeholder=s, email=s.email) for s in recipients
        )
    return round_


def body(round_, stakeholder, *, large_print=False):
    link = settings.PORTAL_URL + reverse("collection:edition", args=[round_.edition.slug])
    greeting = f"Dear {stakeholder.contact_name}" if stakeholder.contact_name else "Hello"
    attached = ""
    if round_.attach_pdf:
        attached = "The PDF is attached, in large print." if large_print else "The PDF is attached."
    return (
        f"{greeting},\n\n{round_.message.strip()}\n\n"
        f"Read {round_.edition.title} online: {link}\n\n"
        f"{attached}\n"
        "DPULO Case Studies\n"
    ).replace("\n\n\n", "\n\n")


def _large_print_addresses(emails):
    """The addresses whose owner asked for large print: an account holder (access needs or
    email settings) or a commissioner's contact (from their sign-off page)."""
    return access_needs.large_print_addresses(emails) | commissioner_needs.large_print_addresses(
        emails
    )


def _large(round_):
    """The edition's large-print PDF, if it has one."""
    return Format.objects.filter(
        edition=round_.edition, case_study=None, kind=Format.Kind.LARGE_PRINT
    ).first()


def _attachments(round_, *, large_pdf=None):
    """The edition's PDF when the round attaches it, or ``large_pdf`` (its large-print
    format) for someone who asked for large print."""
    if not round_.attach_pdf:
        return []
    if large_pdf is not None:
        return [
            (
                f"{round_.edition.slug}-large-print.pdf",
                outbox.Stored(large_pdf.file.name, large_pdf.size),
                "application/pdf",
            )
        ]
    pdf = round_.edition.pdf
    return [
        (
            f"{round_.edition.slug}.pdf",
            outbox.Stored(pdf.name, round_.edition.pdf_size or 0),
            "application/pdf",
        )
    ]


def on_its_way(send):
    """The send's email is queued, being sent, or will be tried again by itself."""
    message = send.message
    return message is not None and (
        message.status in {Message.Status.QUEUED, Message.Status.SENDING} or message.will_retry
    )


def start_sending(round_, *, by=None, now=None):
    """Queue an email in the outbox for every send not yet sent (first time: all of them; again
    later: only those that failed and gave up), so nobody gets the edition twice. Delivery
    happens after; the round's page shows each email's status."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("edition").get(pk=round_.pk)
        sends = [
            send
            for send in locked.sends.exclude(status=Send.Status.SENT).select_related(
                "stakeholder", "message"
            )
            if not on_its_way(send)
        ]
        if not sends:
            raise DisseminationError("Every email in this round has been sent, or is on its way.")
        large_print = _large_print_addresses([send.email for send in sends])
        large_pdf = _large(locked) if large_print and locked.attach_pdf else None
        for send in sends:
            wants_large = send.email.lower() in large_print
            pdf = large_pdf if wants_large else None
            send.message = outbox.queue(
                Message.Kind.DISSEMINATION,
                to=send.email,
                subject=locked.subject,
                body=body(locked, send.stakeholder, large_print=pdf is not None),
                reason=f"{send.stakeholder.name} is on the programme's list of people to send "
                "the collection to",
                about=send,
                attachments=_attachments(locked, large_pdf=pdf),
                large_type=wants_large or None,
                now=now,
            )
            send.status = Send.Status.QUEUED
            send.save(update_fields=["message", "status"])
        locked.status = Round.Status.SENDING
        locked.save(update_fields=["status"])
        audit.record(
            audit_actions.EMAILS_SENT,
            f"“{locked.edition.title}” sent to {len(sends)} stakeholder"
            f"{'s' if len(sends) != 1 else ''}: {locked.audience}",
            user=by,
            obj=locked,
        )
    round_.refresh_from_db()
    return round_


def delivery_changed(sender, message, **kwargs):
    """The outbox delivered (or failed to deliver) a message: keep the send's record and the
    round's status in step with it."""
    if message.kind != Message.Kind.DISSEMINATION:
        return
    for send in Send.objects.filter(message=message).select_related("round"):
        send.attempts = message.attempts
        if message.status == Message.Status.SENT:
            send.status, send.error, send.sent_at = Send.Status.SENT, "", message.sent_at
        else:
            send.status, send.error = Send.Status.FAILED, message.last_error
        send.save(update_fields=["attempts", "status", "error", "sent_at"])
        if not send.round.sends.exclude(status=Send.Status.SENT).exists():
            Round.objects.filter(pk=send.round_id).update(status=Round.Status.SENT)


def coverage(edition):
    """Local authorities by region: which have been sent this edition by email, and which not."""
    sent = already_sent(edition)
    regions = dict(Stakeholder._meta.get_field("region").choices)
    table = {}
    for authority in Stakeholder.objects.filter(kind=Stakeholder.Kind.LOCAL_AUTHORITY).order_by(
        "name"
    ):
        row = table.setdefault(authority.region, {"sent": [], "not_sent": []})
        row["sent" if authority.pk in sent else "not_sent"].append(authority)
    return [
        (
            regions.get(code, code),
            row["sent"],
            row["not_sent"],
            len(row["sent"]) + len(row["not_sent"]),
        )
        for code, row in sorted(table.items(), key=lambda item: regions.get(item[0], item[0]))
    ]


def record_channel(fields, *, by):
    """Dissemination by other means (the monthly email, social media, an event), recorded by
    hand, with who recorded it."""
    return ChannelRecord.objects.create(recorded_by=by, **fields)


def published_editions():
    return Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by("-published_at")
