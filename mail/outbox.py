"""The one outbox: every email the portal sends is queued here, inside the transaction of the
action that causes it, and delivered afterwards by a task.

- ``queue`` writes the message (and its attachments) in the caller's transaction: an action
  that rolls back queues nothing, and one that commits never loses its email. Once it commits,
  a delivery task is enqueued (run at once with the immediate backend; by ``db_worker`` with the
  database backend).
- ``deliver`` claims the message under a row lock (so two workers never both send it), marks it
  sending, sends it, and records what happened. A failure is retried with back-off
  (``MAIL_RETRY_MINUTES``), up to ``MAIL_MAX_ATTEMPTS`` tries; after that a programme manager
  can retry it from the outbox page.
- ``deliver_due`` (run by ``manage.py send_reminders``, every few minutes) sends whatever is due:
  retries whose time has come, and messages whose task was never run. A message left "sending"
  by a worker that died is taken back after ``MAIL_SENDING_TIMEOUT_MINUTES``.
- A single-use link is kept in the stored body only until the message is delivered; then it is
  replaced by "[link removed]", so the database does not keep working links at rest.
"""

import logging
import re
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from .models import Attachment, Message, Preference

logger = logging.getLogger(__name__)

LINK_REMOVED = "[link removed]"


def _unreachable(error):
    """The mail server could not be reached at all (connection refused, reset or timed out,
    name not found), as opposed to a server that answered and refused the message. smtplib's
    own errors are OSErrors too, so only its connection ones count."""
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


# Sent after a message is delivered or fails: ``message``. Apps that keep their own record of
# a send (a dissemination round) listen to it.
delivery_changed = Signal()

REMINDER_KINDS = {
    Message.Kind.DRAFT_REMINDER,
    Message.Kind.ASSESSMENT_REMINDER,
    Message.Kind.ASSESSMENT_OVERDUE,
    Message.Kind.WRITING_REMINDER,
    Message.Kind.SIGN_OFF_REMINDER,
    Message.Kind.SIGN_OFF_EXPIRED,
    Message.Kind.EDITION_READY,
}
# Reminders the programme needs sent whatever the person's setting (the settings page says so).
REQUIRED_REMINDERS = {Message.Kind.ASSESSMENT_REMINDER, Message.Kind.ASSESSMENT_OVERDUE}


def _portal(name, *args):
    return settings.PORTAL_URL + reverse(name, args=args)


def preference(user):
    if user is None or not getattr(user, "pk", None):
        return None
    return Preference.objects.filter(user=user).first()


def wants_reminder(user, kind):
    """Reminders go to everyone who has not turned them off, and the required ones to all."""
    if kind in REQUIRED_REMINDERS:
        return True
    chosen = preference(user)
    return chosen is None or chosen.reminders


def footer(kind, *, reason, user):
    """Who sent the email, why, and (for reminders) how to stop them."""
    lines = [
        "--",
        f"Sent by {settings.SERVICE_NAME}, the Strengthening DPULOs Programme's portal, "
        f"because {reason}.",
    ]
    if kind in REMINDER_KINDS:
        if kind in REQUIRED_REMINDERS:
            lines.append("The programme needs this reminder sent, so it cannot be turned off.")
        elif user is not None:
            lines.append(f"To stop reminders, change your settings: {_portal('mail:settings')}")
        else:
            lines.append(
                f"To stop reminders, reply to this email or write to "
                f"{settings.SERVICE_CONTACT_EMAIL}."
            )
    if user is not None:
        lines.append(f"Every email we have sent you: {_portal('mail:mine')}")
    return "\n".join(lines)


URL = re.compile(r"https?://[^\s<>\"']+")


def large_type_html(subject, body):
    """The plain text as HTML in large type (24 px, generous spacing), links made links."""
    paragraphs = []
    for part in re.split(r"\n\s*\n", body.strip()):
        text = escape(part)
        text = URL.sub(lambda m: f'<a href="{m[0]}" style="color:#1d70b8">{m[0]}</a>', text)
        paragraphs.append(f'<p style="margin:0 0 1em">{text.replace(chr(10), "<br>")}</p>')
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head>"
        '<body style="font-family:Arial,sans-serif;font-size:24px;line-height:1.5;'
        'color:#0b0c0c;max-width:40em;margin:0 auto;padding:16px">'
        + "".join(paragraphs)
        + "</body></html>"
    )


def queue(
    kind,
    *,
    to,
    subject,
    body,
    reason,
    user=None,
    about=None,
    attachments=(),
    reply_to="",
    secrets=(),
    once_key="",
    large_type=None,
    now=None,
):
    """Queue one email in the current transaction; it is delivered once the transaction
    commits. ``reason`` finishes the sentence "Sent … because …". ``secrets`` are the parts of
    the body (single-use links) to remove once it is delivered. ``once_key`` makes a reminder
    at most once: queueing the same key again returns None and queues nothing. ``large_type``
    adds the large-type version for someone without an account who asked for large print; by
    default an account holder's own setting decides."""
    from . import tasks

    now = now or timezone.now()
    chosen = preference(user)
    if large_type is None:
        large_type = bool(chosen and chosen.format == Preference.Format.LARGE)
    text = f"{body.rstrip()}\n\n{footer(kind, reason=reason, user=user)}\n"
    fields = {
        "kind": kind,
        "to_email": to,
        "to_user": user if user is not None and getattr(user, "pk", None) else None,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "reply_to": reply_to or "",
        "subject": " ".join(subject.split())[:300],
        "body": text,
        "html_body": large_type_html(subject, text) if large_type else "",
        "secrets": [secret for secret in secrets if secret],
        "once_key": once_key[:200],
        "queued_at": now,
        "next_attempt_at": now,
    }
    if about is not None:
        fields["about_type"] = ContentType.objects.get_for_model(about)
        fields["about_id"] = str(about.pk)
    try:
        with transaction.atomic():
            message = Message.objects.create(**fields)
    except IntegrityError:
        if once_key:
            return None  # this reminder was queued before
        raise
    Attachment.objects.bulk_create(_attachment(message, *item) for item in attachments)
    transaction.on_commit(lambda: tasks.deliver_message.enqueue(message.pk))
    return message


class Stored:
    """An attachment already in the storage, sent by reference rather than copied."""

    def __init__(self, name, size=0):
        self.name, self.size = name, size


def _attachment(message, filename, content, content_type):
    if isinstance(content, Stored):
        return Attachment(
            message=message,
            filename=filename,
            content_type=content_type,
            stored_name=content.name,
            size=content.size,
        )
    return Attachment(
        message=message,
        filename=filename,
        content_type=content_type,
        content=bytes(content),
        size=len(content),
    )


def _email(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=message.from_email,
        to=[message.to_email],
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, attachment.read(), attachment.content_type)
    return email


def _retry_after(attempts):
    """Minutes to wait after the given number of failed attempts, or None to stop."""
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        return None
    steps = settings.MAIL_RETRY_MINUTES
    return steps[min(attempts, len(steps)) - 1]


def deliver(message_id, *, now=None):
    """Send one message if it is due and nobody else is sending it. Returns True when sent,
    False when the attempt failed, None when there was nothing to do."""
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status__in=[Message.Status.QUEUED, Message.Status.FAILED])
            .filter(next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None  # sent already, being sent, not due, or given up
        message.status = Message.Status.SENDING
        message.claimed_at = now
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
    try:
        _email(message).send()
    except Exception as error:  # any failure to hand it to the mail server is retried
        wait = _retry_after(message.attempts)
        message.status = Message.Status.FAILED
        message.last_error = (str(error) or error.__class__.__name__)[:500]
        message.server_unreachable = _unreachable(error)
        message.next_attempt_at = now + timedelta(minutes=wait) if wait is not None else None
        message.save(
            update_fields=["status", "last_error", "server_unreachable", "next_attempt_at"]
        )
        logger.warning(
            "Email %s (%s) to %s failed (attempt %s): %s",
            message.pk,
            message.kind,
            message.to_email,
            message.attempts,
            message.last_error,
        )
        delivery_changed.send(sender=Message, message=message)
        return False
    for secret in message.secrets:
        message.body = message.body.replace(secret, LINK_REMOVED)
        message.html_body = message.html_body.replace(escape(secret), LINK_REMOVED).replace(
            secret, LINK_REMOVED
        )
    message.secrets = []
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.server_unreachable = False
    message.next_attempt_at = None
    message.save(
        update_fields=[
            "body",
            "html_body",
            "secrets",
            "status",
            "sent_at",
            "last_error",
            "server_unreachable",
            "next_attempt_at",
        ]
    )
    logger.info("Email %s (%s) sent to %s", message.pk, message.kind, message.to_email)
    delivery_changed.send(sender=Message, message=message)
    server_is_back(now=message.sent_at)
    return True


def server_is_back(*, now=None, limit=200):
    """The mail server took a message, so it can be reached again: messages waiting to be
    tried again because it could not be reached are tried now, not at their back-off time
    (which grows to hours). A message the server refused keeps its back-off. Returns how many
    were brought forward."""
    from . import tasks

    now = now or timezone.now()
    waiting = list(
        Message.objects.filter(
            status=Message.Status.FAILED, server_unreachable=True, next_attempt_at__gt=now
        ).values_list("pk", flat=True)[:limit]
    )
    if not waiting:
        return 0
    Message.objects.filter(pk__in=waiting, status=Message.Status.FAILED).update(next_attempt_at=now)
    for pk in waiting:
        transaction.on_commit(lambda pk=pk: tasks.deliver_message.enqueue(pk))
    return len(waiting)


def reclaim(*, now=None):
    """Messages left "sending" by a worker that died go back in the queue."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.MAIL_SENDING_TIMEOUT_MINUTES)
    return Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=cutoff).update(
        status=Message.Status.QUEUED, next_attempt_at=now
    )


def server_reachable_again(*, now=None):
    """While messages wait because the mail server could not be reached, see whether it can be
    now (connect and say hello; nothing is sent, no attempt is used up); if so, they are sent
    at once (``server_is_back``). Returns how many were brought forward."""
    now = now or timezone.now()
    waiting = Message.objects.filter(
        status=Message.Status.FAILED, server_unreachable=True, next_attempt_at__gt=now
    )
    if not waiting.exists():
        return 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
        connection.close()
    except Exception:  # still unreachable (any backend's own error): wait for the back-off
        return 0
    return server_is_back(now=now)


def deliver_due(*, now=None, limit=500):
    """Send what is due now (after checking whether a mail server that could not be reached is
    back); returns (sent, failed)."""
    now = now or timezone.now()
    reclaim(now=now)
    server_reachable_again(now=now)
    due = Message.objects.filter(
        status__in=[Message.Status.QUEUED, Message.Status.FAILED], next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    sent = failed = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        outcome = deliver(pk, now=now)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def retry(message, *, now=None):
    """A programme manager sends a failed message again."""
    from . import tasks

    now = now or timezone.now()
    updated = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.QUEUED, next_attempt_at=now
    )
    if updated:
        transaction.on_commit(lambda: tasks.deliver_message.enqueue(message.pk))
    return bool(updated)


def about(objects):
    """The newest message about each of ``objects`` (one model), by the object's pk."""
    objects = list(objects)
    if not objects:
        return {}
    kind = ContentType.objects.get_for_model(objects[0])
    found = {}
    for message in Message.objects.filter(
        about_type=kind, about_id__in=[str(o.pk) for o in objects]
    ).order_by("queued_at", "pk"):
        found[message.about_id] = message
    return {o.pk: found.get(str(o.pk)) for o in objects}


def oldest_queued_age(*, now=None):
    """Seconds the oldest message waiting to go has waited, or 0."""
    now = now or timezone.now()
    oldest = (
        Message.objects.filter(
            status__in=[Message.Status.QUEUED, Message.Status.SENDING, Message.Status.FAILED]
        )
        .exclude(status=Message.Status.FAILED, next_attempt_at__isnull=True)
        .order_by("queued_at")
        .values_list("queued_at", flat=True)
        .first()
    )
    return max(0, int((now - oldest).total_seconds())) if oldest else 0
