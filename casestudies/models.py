"""Case-study templates: ordered sections, frozen in published versions."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


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
