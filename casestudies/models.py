"""Case-study templates: ordered sections, frozen in published versions."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import KNOWN_NEEDS_CHOICES, NeedsFields, Organisation


class Template(models.Model):
    """A case-study template. Its content lives in versions; case studies use one version."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def latest_published(self):
        return (
            self.versions.filter(status=TemplateVersion.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )

    def draft(self):
        return self.versions.filter(status=TemplateVersion.Status.DRAFT).first()


class TemplateVersion(models.Model):
    """One version of a template. A draft can change; a published version never does."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asks_for_easy_read = models.BooleanField(
        "ask for an Easy Read version",
        default=False,
        help_text="Case studies written to this version also have an Easy Read version: short "
        "points, each with a picture, and a glossary.",
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="cs_version_number"),
            models.UniqueConstraint(
                fields=["template"],
                condition=models.Q(status="draft"),
                name="cs_one_draft_per_template",
            ),
        ]

    def __str__(self):
        return f"{self.template} version {self.number} ({self.get_status_display().lower()})"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Section(models.Model):
    """A part of the case study the author writes: heading, guidance, word limit, required."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="The same section keeps its key from version to version.",
    )
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    word_limit = models.PositiveIntegerField(
        validators=[MinValueValidator(10), MaxValueValidator(5000)]
    )
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="cs_section_position"),
            models.UniqueConstraint(fields=["version", "key"], name="cs_section_key"),
        ]

    def __str__(self):
        return f"{self.position}. {self.heading}"


class AreaOfService(models.TextChoices):
    """Areas of public service a case study can cover (several may apply)."""

    SOCIAL_CARE = "social_care", "Social care"
    HEALTH = "health", "Health"
    CHILDREN = "children", "Children's services"
    EMPLOYMENT = "employment", "Employment"
    JUSTICE = "justice", "Justice"
    EDUCATION = "education", "Education"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other"


class KindOfWork(models.TextChoices):
    """The kinds of work the programme's documents name (several may apply)."""

    RESERVED_CONTRACTS = "reserved_contracts", "Reserved contracts"
    VOICE = "voice_engagement", "Voice and engagement contracts"
    VALUE_FOR_MONEY = "value_for_money", "Value for money under austerity"
    STRATEGIC = "strategic_partnership", "Strategic partnership"
    NEW_SERVICES = "new_service_areas", "Moving into new service areas"
    HWB = "hwb_healthwatch", "Health & Wellbeing Boards and HealthWatch"
    OTHER = "other", "Other"


class ScopeLabels:
    """Readable labels for the coded scope fields (``region``, ``areas``, ``kinds_of_work``),
    for every shape a case study's scope comes in: the case study, its publishable content and
    its published copy."""

    @property
    def region_label(self):
        return Organisation.Region(self.region).label if self.region else ""

    @property
    def area_labels(self):
        return [AreaOfService(code).label for code in self.areas if code in AreaOfService.values]

    @property
    def kind_labels(self):
        return [KindOfWork(code).label for code in self.kinds_of_work if code in KindOfWork.values]


class CaseStudy(ScopeLabels, models.Model):
    """One example of a DPULO and a commissioner working together, from scoping to approval.

    ``status`` changes only through ``casestudies.workflow.transition``.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        DECLINED = "declined", "Declined"
        DRAFTING = "drafting", "Drafting"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    title = models.CharField(max_length=200)
    dpulo = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="case_studies",
        limit_choices_to={"kind": "dpulo"},
        verbose_name="DPULO",
    )
    commissioner_name = models.CharField("commissioning organisation", max_length=200)
    commissioner_contact_name = models.CharField("commissioner's contact", max_length=200)
    commissioner_contact_role = models.CharField(
        "commissioner contact's role", max_length=200, blank=True
    )
    commissioner_contact_email = models.EmailField("commissioner contact's email", max_length=254)
    region = models.CharField(max_length=20, choices=Organisation.Region.choices)
    areas = models.JSONField(default=list, help_text="Codes from AreaOfService.")
    kinds_of_work = models.JSONField(default=list, help_text="Codes from KindOfWork.")
    summary = models.TextField(max_length=1000)
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="case_studies"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_studies_written",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scope_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "case studies"

    def __str__(self):
        return self.title

    @property
    def kind_of_work_labels(self):
        return self.kind_labels


class Answer(models.Model):
    """The author's text for one section. ``version`` refuses a stale save; history keeps
    every earlier text so any two can be compared."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_study", "section"], name="cs_one_answer"),
        ]

    def __str__(self):
        return f"{self.case_study}: {self.section.heading}"


class Outcome(models.Model):
    """A quantified outcome, as the programme's evidence gives them, always with its source."""

    class Unit(models.TextChoices):
        RETURN = "return", "Pounds saved for every pound invested"
        PER_PERSON = "per_person", "Pounds per person"
        PEOPLE = "people", "People reached"
        PERCENTAGE = "percentage", "Percentage"
        OTHER = "other", "Other"
        # Worked out by the added-value toolkit from the outcome's ``working``, never typed.
        VALUE_RATIO = "value_ratio", "Value for every pound invested, worked out with the toolkit"

    class Evidence(models.IntegerChoices):
        """How the outcome is known, on the five levels of Nesta's Standards of Evidence."""

        DESCRIBED = 1, "Level 1: described (what was done and why it should make a difference)"
        MEASURED = 2, "Level 2: measured (data shows a change, but not that the work caused it)"
        COMPARED = 3, "Level 3: compared (the change set against a group who did not take part)"
        REPLICATED = 4, "Level 4: independently replicated (confirmed by other evaluations)"
        SYSTEMATIC = 5, "Level 5: systematic (delivered again elsewhere with the same results)"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    invested = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For a return: the pounds invested that produced ``value`` pounds saved.",
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    unit_other = models.CharField("unit", max_length=100, blank=True)
    period = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=500)
    evidence = models.PositiveSmallIntegerField(
        "how it is known", choices=Evidence.choices, null=True, blank=True
    )
    assured = models.BooleanField("independently assured", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_study", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case_study", "position"], name="cs_outcome_position"),
            models.CheckConstraint(
                condition=~models.Q(unit="return")
                | models.Q(invested__isnull=False, invested__gt=0),
                name="cs_return_has_both_sides",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def display_value(self):
        """The figure as a reader should see it, for example "£4.50 saved for every £1"."""

        def number(amount):
            text = f"{amount:,.2f}"
            return text.removesuffix(".00")

        if self.unit == self.Unit.RETURN:
            return f"£{number(self.value)} saved for every £{number(self.invested or 0)} invested"
        if self.unit == self.Unit.PER_PERSON:
            return f"£{number(self.value)} per person"
        if self.unit == self.Unit.PEOPLE:
            return f"{number(self.value)} people"
        if self.unit == self.Unit.PERCENTAGE:
            return f"{number(self.value)}%"
        if self.unit == self.Unit.VALUE_RATIO:
            return f"£{number(self.value)} of value for every £1 invested"
        return f"{number(self.value)} {self.unit_other}".strip()

    @property
    def is_worked(self):
        """Worked out with the added-value toolkit, with its ``working`` there to show."""
        return self.unit == self.Unit.VALUE_RATIO and hasattr(self, "working")


class Working(models.Model):
    """The added-value toolkit's inputs behind an outcome: what was invested, what changed and
    for how many people, the financial proxy, and the adjustments, each with why. The figure
    itself is worked out from these (``casestudies/value.py``), never typed."""

    class ProxyKind(models.TextChoices):
        """What the financial proxy values: only ratios whose proxies value the same kind of
        thing are compared with each other."""

        FISCAL = "fiscal", "Savings to public bodies (costs avoided)"
        ECONOMIC = "economic", "Money gained by people or the local economy"
        SOCIAL = "social", "Value to people's wellbeing"

    # What the author states, in the order the working is read.
    STATED = [
        "investment",
        "paid_by",
        "people",
        "indicator",
        "measured_how",
        "proxy_kind",
        "proxy",
        "proxy_source",
        "proxy_year",
        "deadweight",
        "deadweight_why",
        "displacement",
        "displacement_why",
        "attribution",
        "attribution_why",
        "drop_off",
        "drop_off_why",
        "duration",
        "discount_rate",
    ]

    outcome = models.OneToOneField(Outcome, on_delete=models.CASCADE, related_name="working")
    investment = models.DecimalField(max_digits=14, decimal_places=2)
    paid_by = models.CharField("who paid", max_length=200)
    people = models.PositiveIntegerField()
    indicator = models.CharField(max_length=300)
    measured_how = models.CharField(max_length=500)
    proxy_kind = models.CharField(
        "what the value is", max_length=10, choices=ProxyKind.choices, default=ProxyKind.FISCAL
    )
    proxy = models.DecimalField(max_digits=14, decimal_places=2)
    proxy_source = models.CharField(max_length=500)
    proxy_year = models.PositiveSmallIntegerField()
    deadweight = models.DecimalField(max_digits=5, decimal_places=2)
    deadweight_why = models.CharField(max_length=300)
    displacement = models.DecimalField(max_digits=5, decimal_places=2)
    displacement_why = models.CharField(max_length=300)
    attribution = models.DecimalField(max_digits=5, decimal_places=2)
    attribution_why = models.CharField(max_length=300)
    drop_off = models.DecimalField(max_digits=5, decimal_places=2)
    drop_off_why = models.CharField(max_length=300)
    duration = models.PositiveSmallIntegerField()
    discount_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("3.5"))
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment__gt=0, duration__gte=1, people__gte=1),
                name="cs_working_has_investment_duration_people",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
                    name=f"cs_working_{name}_is_a_percentage",
                )
                for name in (
                    "deadweight",
                    "displacement",
                    "attribution",
                    "drop_off",
                    "discount_rate",
                )
            ),
        ]

    def __str__(self):
        return f"Working for {self.outcome}"


class Comment(models.Model):
    """The coordinator's comment on a section, or the author's reply. Kept, never edited."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.case_study}"


class StatusChange(models.Model):
    """Every step of the workflow: who moved the case study, from what, to what, and why."""

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="status_changes"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=CaseStudy.Status.choices)
    to_status = models.CharField(max_length=20, choices=CaseStudy.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_study}: {self.from_status} to {self.to_status}"


class SignOff(models.Model):
    """The DPULO's or the commissioner's agreement to the exact approved text.

    ``text_digest`` fingerprints what they saw; any later edit voids the sign-off.
    """

    class Party(models.TextChoices):
        DPULO = "dpulo", "DPULO"
        COMMISSIONER = "commissioner", "Commissioner"

    class Method(models.TextChoices):
        PORTAL = "portal", "Signed in to the portal"
        LINK = "link", "Using a link sent by email"
        RECORDED = "recorded", "Recorded by the coordinator (email, letter or phone)"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="sign_offs")
    party = models.CharField(max_length=20, choices=Party.choices)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    evidence = models.CharField(
        max_length=500, blank=True, help_text="How a recorded sign-off was given."
    )
    signed_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text_digest = models.CharField(max_length=64)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "party"],
                condition=models.Q(voided_at__isnull=True),
                name="cs_one_live_sign_off_per_party",
            ),
        ]

    def __str__(self):
        return f"{self.get_party_display()} sign-off of {self.case_study}"

    @property
    def how(self):
        """How it was given, to follow a time in a sentence ("… at 4pm on …, using a link sent
        by email"), with no brackets inside the brackets of a sign-off line."""
        return {
            self.Method.PORTAL: "signed in to the portal",
            self.Method.LINK: "using a link sent by email",
            self.Method.RECORDED: "recorded by the coordinator from an email, letter or call",
        }.get(self.method, "")


class SingleUseLink(models.Model):
    """An emailed link that works once, until it expires: an author's invitation, or a
    commissioner's sign-off. Only a hash of the token is stored."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", "Invitation to write"
        SIGN_OFF = "sign_off", "Commissioner sign-off"

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=200, blank=True)
    text_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_purpose_display()} for {self.email}"


class CommissionerAccessNeeds(NeedsFields):
    """What the commissioner's contact told us they need, from the page their sign-off link
    opens (they have no account). Kept with the case study for the coordinator, only for the
    address they said it from: a new contact starts with nothing
    (``casestudies.commissioner_needs``)."""

    case_study = models.OneToOneField(
        CaseStudy, on_delete=models.CASCADE, related_name="commissioner_access_needs"
    )
    email = models.EmailField("said by", max_length=254)

    class Meta:
        verbose_name_plural = "commissioners' access needs"
        constraints = [
            models.CheckConstraint(
                condition=KNOWN_NEEDS_CHOICES, name="casestudies_commissioner_needs_known_choices"
            ),
        ]

    def __str__(self):
        return f"Access needs of {self.email}"


class HardWord(models.Model):
    """A word Easy Read readers may not know (commissioner, procurement, coproduction): the
    coordinator keeps the list, each with its plain explanation. An Easy Read point that uses
    one is flagged unless the case study's glossary explains it."""

    word = models.CharField(max_length=60, unique=True)
    explanation = models.CharField(max_length=300)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class EasyReadPoint(models.Model):
    """One idea of a case study's Easy Read version: a short text beside a picture."""

    case_study = models.ForeignKey(
        CaseStudy, on_delete=models.CASCADE, related_name="easy_read_points"
    )
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=400)
    picture = models.FileField(upload_to="easy-read/", blank=True)
    picture_sha256 = models.CharField(max_length=64, blank=True)
    picture_alt = models.CharField("what the picture shows", max_length=250, blank=True)

    class Meta:
        ordering = ["case_study", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "position"], name="cs_easy_read_point_position"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.text[:40]}"


class GlossaryEntry(models.Model):
    """A word of a case study's Easy Read version explained in plain words, shown at the end."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="glossary")
    word = models.CharField(max_length=60)
    explanation = models.CharField(max_length=300)

    class Meta:
        ordering = ["case_study", "word"]
        constraints = [
            models.UniqueConstraint(fields=["case_study", "word"], name="cs_glossary_word_once")
        ]

    def __str__(self):
        return self.word
