"""Sending an edition to stakeholders, through an outbox: a round is prepared (one email per
chosen stakeholder with an address), checked by the coordinator, then sent. Each send records
what happened; a retry sends only those that failed, so nobody gets the edition twice. Other
channels (the monthly email, social media, events) are recorded by hand.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import log as audit

from .models import Edition, Round, Send, Stakeholder

logger = logging.getLogger(__name__)


class DisseminationError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


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


def prepare(edition, *, kinds=(), regions=(), subject, message, attach_pdf, by):
    """A round in the outbox; nothing is sent yet. Stakeholders with no address are left out."""
    if not edition.is_published:
        raise DisseminationError("Only a published edition can be sent.")
    if attach_pdf and not edition.pdf_ready:
        raise DisseminationError(
            "The edition's PDF is still being prepared. Send the link only, or wait a minute."
        )
    recipients = [s for s in choose(kinds=kinds, regions=regions) if s.email]
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


def body(round_, stakeholder):
    link = settings.PORTAL_URL + reverse("collection:edition", args=[round_.edition.slug])
    greeting = f"Dear {stakeholder.contact_name}" if stakeholder.contact_name else "Hello"
    return (
        f"{greeting},\n\n{round_.message.strip()}\n\n"
        f"Read {round_.edition.title} online: {link}\n\n"
        f"{'The PDF is attached.' if round_.attach_pdf else ''}\n"
        "DPULO Case Studies\n"
    ).replace("\n\n\n", "\n\n")


def start_sending(round_, *, by=None):
    """Mark the round as sending and hand it to the task queue."""
    from . import tasks

    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not locked.sends.exclude(status=Send.Status.SENT).exists():
            raise DisseminationError("Every email in this round has already been sent.")
        locked.status = Round.Status.SENDING
        locked.save(update_fields=["status"])
        transaction.on_commit(lambda: tasks.send_round.enqueue(locked.pk))
        unsent = locked.sends.exclude(status=Send.Status.SENT).count()
        audit.record(
            audit.Event.Action.EMAILS_SENT,
            f"“{locked.edition.title}” sent to {unsent} stakeholder{'s' if unsent != 1 else ''}: "
            f"{locked.audience}",
            user=by,
            obj=locked,
        )
    round_.refresh_from_db()
    return round_


def send_pending(round_id):
    """Send every email not yet sent (first time: all of them; a retry: only the failures)."""
    round_ = Round.objects.select_related("edition").get(pk=round_id)
    pdf = None
    if round_.attach_pdf:
        with round_.edition.pdf.open("rb") as file:
            pdf = file.read()
    for send in round_.sends.exclude(status=Send.Status.SENT).select_related("stakeholder"):
        with transaction.atomic():
            locked = Send.objects.select_for_update().get(pk=send.pk)
            if locked.status == Send.Status.SENT:
                continue  # another worker got there first
            message = EmailMessage(
                subject=round_.subject, body=body(round_, send.stakeholder), to=[locked.email]
            )
            if pdf:
                message.attach(f"{round_.edition.slug}.pdf", pdf, "application/pdf")
            locked.attempts += 1
            try:
                message.send()
            except Exception as error:
                locked.status = Send.Status.FAILED
                locked.error = str(error)[:500] or error.__class__.__name__
                logger.warning("Send to %s failed: %s", locked.email, locked.error)
            else:
                locked.status = Send.Status.SENT
                locked.error = ""
                locked.sent_at = timezone.now()
            locked.save()
    round_.status = Round.Status.SENT
    round_.save(update_fields=["status"])
    return round_.sends.filter(status=Send.Status.FAILED).count()


def coverage(edition):
    """Local authorities by region: which have been sent this edition by email, and which not."""
    sent = set(
        Send.objects.filter(round__edition=edition, status=Send.Status.SENT).values_list(
            "stakeholder_id", flat=True
        )
    )
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


def published_editions():
    return Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by("-published_at")
