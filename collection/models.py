"""Editions of the collection: a coordinator's selection while drafting, and once published a
frozen copy of every case study's text, which later edits to the case study never touch."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from accounts.models import Organisation
from casestudies.models import CaseStudy, ScopeLabels


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The edition's address: /collection/editions/<slug>/. Fixed once published.",
    )
    introduction = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="editions/", blank=True, max_length=255)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def pdf_ready(self):
        return bool(self.pdf and self.pdf_rendered_at)


class Entry(models.Model):
    """A case study chosen for a draft edition, in reading order."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entries")
    case_study = models.ForeignKey(CaseStudy, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="col_entry_position"),
            models.UniqueConstraint(fields=["edition", "case_study"], name="col_entry_once"),
        ]

    def __str__(self):
        return f"{self.position}. {self.case_study}"


class PublishedCaseStudy(ScopeLabels, models.Model):
    """A case study exactly as an edition published it. Nothing here changes after publishing."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="case_studies")
    source = models.ForeignKey(
        CaseStudy, on_delete=models.SET_NULL, null=True, blank=True, related_name="publications"
    )
    position = models.PositiveSmallIntegerField()
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    dpulo_name = models.CharField(max_length=200)
    commissioner_name = models.CharField(max_length=200)
    region = models.CharField(max_length=20, choices=Organisation.Region.choices)
    areas = models.JSONField(default=list)
    kinds_of_work = models.JSONField(default=list)
    sections = models.JSONField(default=list, help_text='[{"heading": …, "text": …}, …]')
    outcomes = models.JSONField(default=list)
    sign_offs = models.JSONField(default=list)
    easy_read = models.JSONField(
        default=list, help_text='[{"text": …, "picture_sha256": …, "picture_alt": …}, …]'
    )
    glossary = models.JSONField(default=list, help_text='[{"word": …, "explanation": …}, …]')
    easy_read_pictures = models.JSONField(
        default=dict, help_text="Each picture's SHA-256 to its published copy in storage."
    )
    body = models.TextField(blank=True, help_text="Plain text of every answer, for search.")
    keywords = models.TextField(
        blank=True,
        help_text="Its areas, kinds of work and region and both organisations' names, for search.",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    published_at = models.DateTimeField()
    pdf = models.FileField(upload_to="editions/", blank=True, max_length=255)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="col_published_position"),
            models.UniqueConstraint(fields=["edition", "slug"], name="col_published_slug"),
        ]
        # The GIN index on search_vector is made by a migration on PostgreSQL only; on SQLite
        # the index is a pair of FTS5 tables (see search_index).

    def __str__(self):
        return self.title

    @property
    def has_easy_read(self):
        return bool(self.easy_read)


class Format(models.Model):
    """A published edition, or one of its case studies, in a format other than the standard
    PDF: made by the same task that renders that PDF, from the same frozen text, and never
    changed afterwards (an edition's formats are part of what it published)."""

    class Kind(models.TextChoices):
        LARGE_PRINT = "large-print", "Large print PDF"
        EASY_READ = "easy-read", "Easy Read PDF"
        EPUB = "epub", "EPUB ebook"

    # Per kind: its media type, file extension, the end of its file name, and how a link to
    # it finishes "Download this case study …".
    KINDS = {
        Kind.LARGE_PRINT: ("application/pdf", "pdf", "large-print", "in large print"),
        Kind.EASY_READ: ("application/pdf", "pdf", "easy-read", "in Easy Read"),
        Kind.EPUB: ("application/epub+zip", "epub", "ebook", "as an ebook"),
    }

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="formats")
    case_study = models.ForeignKey(
        PublishedCaseStudy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="formats",
        help_text="Empty for the whole edition.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Room for an edition's and a case study's slugs together (80 characters each), so a
    # name is never cut short and given a random ending.
    file = models.FileField(upload_to="editions/", max_length=255)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(null=True, blank=True, help_text="PDFs only.")
    sha256 = models.CharField(max_length=64)
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["edition", "case_study", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=models.Q(case_study__isnull=True),
                name="col_format_once_per_edition",
            ),
            models.UniqueConstraint(
                fields=["case_study", "kind"],
                condition=models.Q(case_study__isnull=False),
                name="col_format_once_per_case_study",
            ),
        ]

    def __str__(self):
        return f"{self.case_study or self.edition}: {self.get_kind_display()}"

    @property
    def content_type(self):
        return self.KINDS[self.kind][0]

    @property
    def extension(self):
        return self.KINDS[self.kind][1]

    @property
    def phrase(self):
        return self.KINDS[self.kind][3]

    @property
    def filename(self):
        """What the reader's download is called: the edition's address, the case study's,
        then the format, so the files of one edition sort together."""
        parts = [self.edition.slug]
        if self.case_study_id:
            parts.append(self.case_study.slug)
        parts.append(self.KINDS[self.kind][2])
        return f"{'-'.join(parts)}.{self.extension}"


class EvidencePack(models.Model):
    """The PDF of one evidence pack: an edition's case studies matching a reader's choices
    (``choices`` is their canonical query string). An edition never changes once published,
    so a pack is rendered once, by the render task, and kept."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="evidence_packs")
    choices = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    pdf = models.FileField(upload_to="evidence-packs/", blank=True, max_length=255)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "choices"], name="col_one_pack_per_choice")
        ]

    def __str__(self):
        return f"{self.edition}: {self.choices}"


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Stakeholder(models.Model):
    """Someone the collection should reach: a council, a representative body, a DPULO network."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        REPRESENTATIVE_BODY = "representative_body", "Representative body"
        DPULO = "dpulo", "DPULO or DPULO network"
        HWB = "hwb", "Health & Wellbeing Board"
        HEALTHWATCH = "healthwatch", "HealthWatch"
        COMMISSIONER = "commissioner", "Commissioner"
        FUNDER = "funder", "Funder"
        MEDIA = "media", "Media"
        OTHER = "other", "Other"

    class Quadrant(models.TextChoices):
        MANAGE_CLOSELY = "manage_closely", "Manage closely"
        KEEP_SATISFIED = "keep_satisfied", "Keep satisfied"
        KEEP_INFORMED = "keep_informed", "Keep informed"
        MONITOR = "monitor", "Monitor"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    region = models.CharField(max_length=20, choices=Organisation.Region.choices)
    influence = models.CharField(max_length=10, choices=Level.choices, default=Level.MEDIUM)
    interest = models.CharField(max_length=10, choices=Level.choices, default=Level.MEDIUM)
    contact_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    website = models.URLField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    code = models.CharField(
        "official code",
        max_length=20,
        blank=True,
        help_text="For example an ONS local-authority code. Unique when given.",
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="col_stakeholder_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def quadrant(self):
        """Medium counts with high: when in doubt, engage more rather than less."""
        influential = self.influence != Level.LOW
        interested = self.interest != Level.LOW
        if influential and interested:
            return self.Quadrant.MANAGE_CLOSELY
        if influential:
            return self.Quadrant.KEEP_SATISFIED
        if interested:
            return self.Quadrant.KEEP_INFORMED
        return self.Quadrant.MONITOR


class StakeholderImport(models.Model):
    """An uploaded CSV kept until it is imported, so the preview and the import read the same
    file and a second click cannot import it twice."""

    filename = models.CharField(max_length=200)
    content = models.TextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.filename


class Round(models.Model):
    """Sending an edition to chosen stakeholders by email: prepared, checked, then sent."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Prepared, not sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="rounds")
    subject = models.CharField(max_length=200)
    message = models.TextField()
    attach_pdf = models.BooleanField(default=False)
    audience = models.CharField(max_length=300, help_text="How the stakeholders were chosen.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.edition}: {self.audience}"


class Send(models.Model):
    """One email of a round, with what happened to it."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Not sent yet"
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sends")
    message = models.ForeignKey(
        "mail.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.PROTECT, related_name="sends")
    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stakeholder__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "stakeholder"], name="col_send_once"),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"


class ChannelRecord(models.Model):
    """Dissemination by other means, recorded by hand: the monthly email, social media, events."""

    class Channel(models.TextChoices):
        MONTHLY_EMAIL = "monthly_email", "Monthly email"
        SOCIAL_MEDIA = "social_media", "Social media"
        EVENT = "event", "Event"
        POST = "post", "Post"
        OTHER = "other", "Other"

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="channels")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    date = models.DateField()
    note = models.CharField(max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_channel_display()} on {self.date}"


class FormatRequest(models.Model):
    """Someone asking for part of the collection in a format the portal does not make itself
    (braille, audio, British Sign Language, Easy Read on paper, other fonts or colours). The
    coordinator and the programme manager answer it by a target date; it holds personal data,
    so it joins the retention rules and the personal-data download."""

    class Wanted(models.TextChoices):
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"
        BSL = "bsl", "British Sign Language (BSL) video"
        EASY_READ_PAPER = "easy-read-paper", "Easy Read on paper"
        FONT_OR_COLOURS = "font-or-colours", "A different font, size or colours"
        OTHER = "other", "Something else"

    class Reply(models.TextChoices):
        EMAIL = "email", "By email"
        PHONE = "phone", "By phone"
        POST = "post", "By post"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        IN_PROGRESS = "in-progress", "In progress"
        SENT = "sent", "Sent"
        NOT_PROVIDED = "not-provided", "Could not be provided"

    OPEN = (Status.RECEIVED, Status.IN_PROGRESS)

    edition = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case_study = models.ForeignKey(
        PublishedCaseStudy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    item = models.CharField(max_length=300, help_text="What they would like in another format.")
    wanted = models.CharField(max_length=20, choices=Wanted.choices)
    details = models.TextField(blank=True)
    name = models.CharField(max_length=200)
    reply_by = models.CharField(max_length=10, choices=Reply.choices)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    needed_by = models.CharField(
        max_length=200, blank=True, help_text="By when, in the person's own words."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="format_requests",
    )
    received_at = models.DateTimeField(default=timezone.now)
    reply_due = models.DateField(help_text="The target: FORMAT_REQUEST_DAYS working days.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    reason = models.TextField(blank=True, help_text="Why it could not be provided.")
    note = models.TextField(blank=True, help_text="The team's working note.")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="A digest of the form it was sent from and its answers: the same form sent "
        "twice at once (a double click before the first reply) is one request.",
    )

    class Meta:
        ordering = ["reply_due", "received_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not-provided") | ~models.Q(reason=""),
                name="col_format_request_refusal_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_wanted_display()} of {self.item}"

    @property
    def reference(self):
        return f"FR-{self.pk:05d}"

    @property
    def is_open(self):
        return self.status in self.OPEN
