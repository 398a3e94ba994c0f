"""Editions of the collection: a coordinator's selection while drafting, and once published a
frozen copy of every case study's text, which later edits to the case study never touch."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from accounts.models import Organisation
from casestudies.models import AreaOfService, CaseStudy, KindOfWork


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
    pdf = models.FileField(upload_to="editions/", blank=True)
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


class PublishedCaseStudy(models.Model):
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
    body = models.TextField(blank=True, help_text="Plain text of every answer, for search.")
    search_vector = SearchVectorField(null=True, editable=False)
    published_at = models.DateTimeField()
    pdf = models.FileField(upload_to="editions/", blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="col_published_position"),
            models.UniqueConstraint(fields=["edition", "slug"], name="col_published_slug"),
        ]
        # The GIN index on search_vector is made by a migration on PostgreSQL only.

    def __str__(self):
        return self.title

    @property
    def region_label(self):
        return Organisation.Region(self.region).label if self.region else ""

    @property
    def area_labels(self):
        return [AreaOfService(code).label for code in self.areas if code in AreaOfService.values]

    @property
    def kind_labels(self):
        return [KindOfWork(code).label for code in self.kinds_of_work if code in KindOfWork.values]
