"""Every email the portal sends, as a row: queued inside the action that causes it, delivered by
a task, retried with back-off, never sent twice."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Message(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", "Receipt for an expression of interest"
        OUTCOME_LETTER = "outcome_letter", "Outcome letter"
        INVITATION = "invitation", "Invitation to write a case study"
        SIGN_OFF_REQUEST = "sign_off_request", "Request to sign off a case study"
        REVIEW_NOTICE = "review_notice", "Case-study review notice"
        DISSEMINATION = "dissemination", "Edition sent to a stakeholder"
        PASSWORD_RESET = "password_reset", "Password reset link"
        DRAFT_REMINDER = "draft_reminder", "Reminder: an unfinished expression of interest"
        ASSESSMENT_REMINDER = "assessment_reminder", "Reminder: assessments due"
        ASSESSMENT_OVERDUE = "assessment_overdue", "Assessments overdue"
        WRITING_REMINDER = "writing_reminder", "Reminder: a case study waiting for its author"
        SIGN_OFF_REMINDER = "sign_off_reminder", "Reminder: a sign-off waiting"
        SIGN_OFF_EXPIRED = "sign_off_expired", "A sign-off link expired unused"
        EDITION_READY = "edition_ready", "Every case study in a draft edition is signed off"
        FORMAT_REQUEST = "format_request", "A request for another format: received or answered"
        ADJUSTMENT = "adjustment", "The answer to a request for a reasonable adjustment"
        SUBMISSION_CONFIRMATION = (
            "submission_confirmation",
            "A link to confirm an expression of interest completed with the programme's help",
        )

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    to_email = models.EmailField(max_length=254)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails_received",
    )
    from_email = models.CharField(max_length=254)
    reply_to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(
        blank=True, help_text="The large-type HTML alternative, for people who asked for it."
    )
    # What the message is about: a call, an expression of interest, a case study, an edition.
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.CharField(max_length=50, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    # Single-use links in the body: kept only until delivered, then replaced by "[link removed]".
    secrets = models.JSONField(default=list, blank=True)
    # Reminders are sent at most once per person per thing: the key says which.
    once_key = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # The last attempt could not reach the mail server at all (as opposed to a server refusing
    # the message): tried again as soon as the server takes another message.
    server_unreachable = models.BooleanField(default=False)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["about_type", "about_id"], name="mail_message_about")]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"],
                condition=~models.Q(once_key=""),
                name="mail_message_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to_email} ({self.get_status_display()})"

    @property
    def will_retry(self):
        return self.status == self.Status.FAILED and self.next_attempt_at is not None

    def shown_body(self):
        """The body with any link still waiting to be delivered hidden, for pages."""
        text = self.body
        for secret in self.secrets:
            text = text.replace(secret, "[link hidden until delivered]")
        return text


class Attachment(models.Model):
    """A file sent with a message: its bytes, or (for a file the portal already stores, such as
    an edition's PDF sent to many people) its name in the storage."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField(blank=True, default=b"")
    stored_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["message", "pk"]

    def __str__(self):
        return self.filename

    def read(self):
        if self.stored_name:
            from django.core.files.storage import default_storage

            with default_storage.open(self.stored_name, "rb") as file:
                return file.read()
        return bytes(self.content)


class Preference(models.Model):
    """How a person wants to be written to, and whether they want reminders."""

    class Format(models.TextChoices):
        PLAIN = "plain", "Plain text"
        LARGE = "large", "Plain text, with a version in large type"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    reminders = models.BooleanField(default=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.PLAIN)

    def __str__(self):
        return f"Email preferences of {self.user}"
