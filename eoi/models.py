"""Calls for expressions of interest, their criteria, and what DPULOs send in answer."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Organisation

from .guidance import render_guidance


class Call(models.Model):
    """An invitation to DPULOs to express an interest, open between two moments."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(help_text="One or two sentences shown in the list of calls.")
    guidance = models.TextField(
        help_text=(
            "Leave a blank line between paragraphs. Start a line with a dash for a bulleted "
            "list. Web addresses and email addresses become links."
        )
    )
    run_by = models.CharField("run by", max_length=200)
    contact_email = models.EmailField()
    opens_at = models.DateTimeField("opening time")
    closes_at = models.DateTimeField("closing time")
    page_limit = models.PositiveSmallIntegerField(
        "length limit in sides of A4",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    effort_days_min = models.PositiveSmallIntegerField("expected effort from (days)", default=10)
    effort_days_max = models.PositiveSmallIntegerField("expected effort to (days)", default=15)
    blind_assessment = models.BooleanField(
        default=False,
        help_text="Assessors do not see which organisation sent an expression of interest.",
    )
    assessors_see_each_other = models.BooleanField(
        "assessors see each other's scores",
        default=False,
        help_text="After submitting their own assessment, an assessor sees the others' scores.",
    )
    assessment_opened_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the programme manager let assessors start. Only after the closing time.",
    )
    assessment_due_at = models.DateTimeField(
        "assessments due",
        null=True,
        blank=True,
        help_text="When every assessor should have declared and scored. Reminders lead up to it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["closes_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="eoi_call_closes_after_it_opens",
                violation_error_message="The closing time must be after the opening time.",
            ),
            models.CheckConstraint(
                condition=models.Q(effort_days_max__gte=models.F("effort_days_min")),
                name="eoi_call_effort_range_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def guidance_html(self):
        return render_guidance(self.guidance)

    def state(self, now=None):
        """'upcoming', 'open' or 'closed' at the given moment (by default, now)."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"

    @property
    def is_open(self):
        return self.state() == "open"

    def has_submissions(self):
        return self.expressions_of_interest.exclude(submitted_at=None).exists()


class Criterion(models.Model):
    """What an expression of interest must show, and how it will be marked."""

    class Kind(models.TextChoices):
        WRITTEN = "written", "Written answer"
        MONEY = "money", "Amount of money (for example a daily rate)"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WRITTEN)
    weight = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    max_score = models.PositiveSmallIntegerField(
        "highest score",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Scores run from 0 to this number.",
    )
    word_guidance = models.PositiveIntegerField(
        "suggested length in words",
        null=True,
        blank=True,
        help_text="A guide for the writer; the page limit is what is enforced.",
    )

    class Meta:
        ordering = ["call", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="eoi_criterion_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def guidance_html(self):
        return render_guidance(self.guidance)

    @property
    def is_money(self):
        return self.kind == self.Kind.MONEY

    @property
    def score_range(self):
        return range(self.max_score + 1)


class ExpressionOfInterest(models.Model):
    """One organisation's answer to one call: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="expressions_of_interest")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="expressions_of_interest"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)

    # The organisation's details as the applicant gave them for this call.
    organisation_name = models.CharField(max_length=200, blank=True)
    organisation_region = models.CharField(
        max_length=20, choices=Organisation.Region.choices, blank=True
    )
    organisation_website = models.URLField(blank=True)
    organisation_summary = models.TextField(
        "about the organisation",
        blank=True,
        help_text="Who you are and who you work with, in a few sentences.",
    )
    organisation_version = models.PositiveIntegerField(default=0)

    contact_name = models.CharField(max_length=200, blank=True)
    contact_role = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_version = models.PositiveIntegerField(default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_pages = models.PositiveSmallIntegerField(null=True, blank=True)
    changed_since_submission = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the retention policy removed its personal data (scores are kept).",
    )
    # Completed with the programme's help (``eoi.assisted``): who typed it in, and from what.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assisted_how = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("conversation", "A phone or video conversation"),
            ("document", "A document the organisation sent"),
            ("recording", "A recording the organisation sent"),
        ],
    )

    class Meta:
        ordering = ["call", "organisation__name"]
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="eoi_one_per_organisation_per_call"
            ),
        ]

    def __str__(self):
        return f"{self.reference or 'Draft'}: {self.organisation_name or self.organisation}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN


class Answer(models.Model):
    """The answer to one criterion. ``version`` refuses a stale save instead of overwriting."""

    expression_of_interest = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["expression_of_interest", "criterion"], name="eoi_one_answer_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="eoi_answer_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"Answer to {self.criterion}"

    @property
    def is_complete(self):
        if self.criterion.is_money:
            return self.amount is not None
        return bool(self.text.strip())


class Submission(models.Model):
    """A frozen copy of an expression of interest as it was submitted, with its PDF.

    The draft stays editable until the closing time; assessors and receipts use the latest
    submission, so a change that was never resubmitted cannot reach them.
    """

    expression_of_interest = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pages = models.PositiveSmallIntegerField()
    content = models.JSONField(help_text="The organisation, answers and contact as submitted.")
    pdf = models.BinaryField()

    class Meta:
        ordering = ["expression_of_interest", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["expression_of_interest", "number"], name="eoi_submission_number"
            ),
        ]

    def __str__(self):
        return f"{self.expression_of_interest.reference} submission {self.number}"


class Extension(models.Model):
    """A later closing time for one organisation, granted by a programme manager with a reason."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="extensions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="extensions"
    )
    closes_at = models.DateTimeField("new closing time")
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="eoi_one_extension_per_organisation"
            ),
        ]

    def __str__(self):
        return f"Extension for {self.organisation} to {self.closes_at:%Y-%m-%d %H:%M}"


class ReferenceCounter(models.Model):
    """The last reference number issued in a year, so references are short and never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Assignment(models.Model):
    """An assessor asked to mark one submitted expression of interest."""

    expression_of_interest = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    # The assessor's declaration, made before they may see the expression of interest.
    declared_at = models.DateTimeField(null=True, blank=True)
    has_conflict = models.BooleanField(null=True, blank=True)
    conflict_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["expression_of_interest__reference", "assessor__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["expression_of_interest", "assessor"], name="eoi_one_assignment_each"
            ),
            models.CheckConstraint(
                condition=models.Q(has_conflict__isnull=True, declared_at__isnull=True)
                | models.Q(has_conflict__isnull=False, declared_at__isnull=False),
                name="eoi_declaration_complete",
            ),
        ]

    def __str__(self):
        return f"{self.assessor} on {self.expression_of_interest.reference}"

    @property
    def is_declared(self):
        return self.declared_at is not None

    @property
    def may_assess(self):
        return self.is_declared and not self.has_conflict


class Assessment(models.Model):
    """One assessor's scores for one expression of interest: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="assessment"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Assessment by {self.assignment}"

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    """A score on one criterion with a comment. Not applicable is its own value, never zero."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="eoi_one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=~models.Q(value__isnull=False, not_applicable=True),
                name="eoi_score_value_or_not_applicable",
            ),
        ]

    def __str__(self):
        shown = "N/A" if self.not_applicable else self.value
        return f"{self.criterion}: {shown}"


class Moderation(models.Model):
    """The score the programme manager agreed for one criterion of one expression of interest,
    after looking at every assessor's score, with the reason."""

    expression_of_interest = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="moderations"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    reason = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["expression_of_interest", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["expression_of_interest", "criterion"], name="eoi_one_moderation_each"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, not_applicable=False)
                | models.Q(value__isnull=True, not_applicable=True),
                name="eoi_moderation_value_or_not_applicable",
            ),
        ]

    def __str__(self):
        shown = "N/A" if self.not_applicable else self.value
        return f"Agreed {shown} for {self.criterion}"


class Decision(models.Model):
    """The outcome for one expression of interest: selected or not, with reasons."""

    expression_of_interest = models.OneToOneField(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="decision"
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="decisions")
    selected = models.BooleanField()
    reasons = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "-selected", "expression_of_interest__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"],
                condition=models.Q(selected=True),
                name="eoi_one_selected_per_call",
                violation_error_message="Only one expression of interest can be selected.",
            ),
        ]

    def __str__(self):
        outcome = "selected" if self.selected else "not selected"
        return f"{self.expression_of_interest.reference}: {outcome}"


class OutcomeLetter(models.Model):
    """A letter telling an applicant the outcome, drafted into an outbox and sent once."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    expression_of_interest = models.OneToOneField(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="outcome_letter"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["expression_of_interest__reference"]

    def __str__(self):
        return f"Outcome letter for {self.expression_of_interest.reference} ({self.status})"

    @property
    def is_sent(self):
        return self.status == self.Status.SENT


class AdjustmentRequest(models.Model):
    """An applicant's request for a reasonable adjustment to a call (more time, another way to
    apply, or something else) and the programme manager's answer. Kept with its answer, so the
    programme can show it met its duty to make adjustments."""

    class Kind(models.TextChoices):
        MORE_TIME = "more_time", "More time"
        ANOTHER_WAY = "another_way", "Another way to apply"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        GRANTED = "granted", "More time given"
        ARRANGED = "arranged", "Arranged"
        REFUSED = "refused", "Refused"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="adjustment_requests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adjustment_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    proposed_closes_at = models.DateTimeField("closing time asked for", null=True, blank=True)
    details = models.TextField("what is needed", blank=True)
    reason = models.TextField("why (optional)", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(
        blank=True, help_text="What was arranged, or why it was refused; the applicant sees it."
    )
    granted_closes_at = models.DateTimeField("closing time given", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="more_time") | models.Q(proposed_closes_at__isnull=False),
                name="eoi_adjustment_more_time_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.organisation} on {self.call}"

    @property
    def is_open(self):
        return self.status == self.Status.RECEIVED


class AssistedSource(models.Model):
    """A document or recording an organisation sent so the programme team could complete its
    expression of interest for it. Stored privately through the storage API; only the programme
    team can download it."""

    expression_of_interest = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="assisted_sources"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)  # what the bytes turned out to be: pdf, docx, mp3…
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class SubmissionConfirmation(models.Model):
    """A single-use emailed link to the organisation's named contact, showing exactly what the
    programme team typed in for them; only their confirmation submits it. ``fingerprint`` is of
    the printed expression of interest when the link was sent: any change since voids the
    link. Only a hash of the token is stored."""

    expression_of_interest = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="confirmations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    fingerprint = models.CharField(max_length=64)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Confirmation for {self.expression_of_interest} to {self.email}"
