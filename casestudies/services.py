"""Rules for case-study templates: drafts, sections, publishing and comparing versions.

A published version is frozen: case studies written against it never see its sections change.
Editing a template works on its one draft version, which starts as a copy of the latest
published version.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import ordering, stale
from portal.errors import DomainError

from .models import Section, Template, TemplateVersion

SECTION_FIELDS = ["heading", "guidance", "word_limit", "required"]


class TemplateError(DomainError):
    """A rule stopped the change; ``message`` is written for the coordinator."""


def draft_for(template):
    """The template's draft version, made from the latest published one if there is none."""
    existing = template.draft()
    if existing:
        return existing
    with transaction.atomic():
        Template.objects.select_for_update().get(pk=template.pk)
        existing = template.draft()
        if existing:
            return existing
        latest = template.versions.order_by("-number").first()
        source = template.latest_published()
        try:
            draft = TemplateVersion.objects.create(
                template=template,
                number=(latest.number + 1) if latest else 1,
                asks_for_easy_read=bool(source and source.asks_for_easy_read),
            )
        except IntegrityError:  # someone else made it at the same moment
            return template.draft()
        if source:
            Section.objects.bulk_create(
                Section(
                    version=draft,
                    key=section.key,
                    position=section.position,
                    **{name: getattr(section, name) for name in SECTION_FIELDS},
                )
                for section in source.sections.all()
            )
        return draft


def _editable(version):
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_published:
        raise TemplateError(
            "This version has been published and cannot change. Edit the draft version instead."
        )
    return locked


def ask_for_easy_read(version, asks):
    """Whether case studies written to this (draft) version also have an Easy Read version."""
    with transaction.atomic():
        locked = _editable(version)
        locked.asks_for_easy_read = bool(asks)
        locked.save(update_fields=["asks_for_easy_read"])
    return locked


def add_section(version, fields):
    with transaction.atomic():
        return ordering.append(_editable(version).sections, **fields)


def update_section(section, fields, *, opened_as=None):
    """Change a draft's section; ``opened_as`` (its page's fingerprint) refuses a stale edit."""
    with transaction.atomic():
        _editable(section.version)
        return stale.update(section, fields, opened_as)


def remove_section(section):
    with transaction.atomic():
        ordering.remove(section, _editable(section.version).sections)


def move_section(section, direction):
    """Swap a section with its neighbour above ("up") or below ("down")."""
    with transaction.atomic():
        version = _editable(section.version)
        return ordering.move(section, direction, version.sections)


def publish(version, *, by, now=None):
    """Freeze the draft as the template's newest published version."""
    with transaction.atomic():
        locked = _editable(version)
        if not locked.sections.exists():
            raise TemplateError("Add at least one section before you publish the template")
        published = locked.template.latest_published()
        if published and not changes_between(published, locked):
            raise TemplateError(
                f"Version {locked.number} is the same as version {published.number}. Change, "
                "add or remove a section before you publish it."
            )
        locked.status = TemplateVersion.Status.PUBLISHED
        locked.published_at = now or timezone.now()
        locked.published_by = by
        locked.save(update_fields=["status", "published_at", "published_by"])
    version.refresh_from_db()
    return version


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed", "moved", or "easy_read" (heading: what)
    heading: str
    details: tuple = ()

    @property
    def summary(self):
        if self.kind == "easy_read":
            return self.heading
        if self.kind == "changed":
            return f"Changed “{self.heading}”: {', '.join(self.details)}"
        if self.kind == "moved":
            return f"Moved “{self.heading}” {self.details[0]}"
        return f"{self.kind.capitalize()} “{self.heading}”"


LABELS = {
    "guidance": "guidance",
    "word_limit": "word limit",
    "required": "whether it is required",
    "heading": "heading",
}


def changes_between(older, newer):
    """What changed from one version to the next. A section keeps its key across versions, so
    a renamed section reads as a change, not as one removed and another added."""
    easy_read = []
    if newer.asks_for_easy_read != bool(older and older.asks_for_easy_read):
        easy_read = [
            Change(
                "easy_read",
                "Asks for an Easy Read version"
                if newer.asks_for_easy_read
                else "No longer asks for an Easy Read version",
            )
        ]
    if older is None:
        return [Change("added", s.heading) for s in newer.sections.all()] + easy_read
    old = {s.key: s for s in older.sections.all()}
    changes = easy_read
    for section in newer.sections.all():
        before = old.pop(section.key, None)
        if before is None:
            changes.append(Change("added", section.heading))
            continue
        differing = tuple(
            LABELS[name]
            for name in ("heading", "guidance", "word_limit", "required")
            if getattr(before, name) != getattr(section, name)
        )
        if differing:
            changes.append(Change("changed", section.heading, differing))
        if before.position != section.position:
            changes.append(
                Change("moved", section.heading, (f"from {before.position} to {section.position}",))
            )
    changes.extend(Change("removed", s.heading) for s in old.values())
    return changes
