"""Making and publishing editions of the collection.

A draft edition is a selection of approved, signed-off case studies in reading order, with an
introduction and a conclusion. Publishing copies every selected case study's text into the
edition, so a later edit to a case study never changes what an edition published; the PDF is then
rendered by a background task.
"""

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from audit import log as audit
from casestudies import content, signoff, text
from casestudies import queries as case_study_queries
from casestudies.models import CaseStudy, EasyReadPoint, SignOff
from portal import ordering
from portal.errors import DomainError
from portal.stale import StaleEdit

from . import audit_actions, caching, search_index
from .models import Edition, PublishedCaseStudy

DETAIL_FIELDS = ["title", "subtitle", "introduction", "conclusion"]


class EditionError(DomainError):
    """A rule stopped a change to an edition."""


class EditionConflict(StaleEdit, EditionError):
    def __init__(self, current, version):
        super().__init__(
            "Someone else changed this edition since you opened it. Your changes have not been "
            "saved. Check the saved text below, then save again to replace it.",
            current=current,
            version=version,
        )


def _signed_off_candidates():
    return (
        CaseStudy.objects.filter(status=CaseStudy.Status.APPROVED)
        .annotate(
            parties=Count(
                "sign_offs__party",
                filter=Q(sign_offs__voided_at__isnull=True),
                distinct=True,
            )
        )
        .filter(parties=len(SignOff.Party.values))
        .select_related("dpulo", "template_version")
        .prefetch_related(*signoff.SIGN_OFF_PREFETCH)
        .order_by("title")
    )


def ready_for_publication():
    """Approved case studies that the DPULO and the commissioner have both signed off, for
    the publishable content exactly as it is now (a sign-off for earlier content is no
    sign-off)."""
    return [
        case_study for case_study in _signed_off_candidates() if signoff.is_signed_off(case_study)
    ]


def not_ready(user):
    """Each case study that is not ready to publish yet, with why in words (its status, or
    whose sign-off it waits for), for the editions page: declined ones are left out."""
    waiting = []
    for case_study in case_study_queries.listing(user, manage=True):
        if case_study.status == CaseStudy.Status.DECLINED or case_study.times_published:
            continue
        if signoff.is_signed_off(case_study):
            continue
        waiting.append((case_study, case_study_queries.stage(case_study)))
    return waiting


def is_ready(case_study):
    return signoff.is_signed_off(case_study)


def _unique_slug(base, taken):
    slug = base or "edition"
    number = 2
    while slug in taken:
        slug = f"{base[:70]}-{number}"
        number += 1
    return slug


def latest_published():
    return Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by("-published_at").first()


def create(title, *, by=None, start_from=None):
    """A new draft edition; ``start_from`` (an edition) gives it that edition's subtitle,
    introduction and conclusion to change, so the next edition need not be written afresh."""
    title = (title or "").strip()
    if not title:
        raise EditionError("Enter the edition's title")
    carried = (
        {name: getattr(start_from, name) for name in ("subtitle", "introduction", "conclusion")}
        if start_from
        else {}
    )
    base = slugify(title)[:70]
    for _ in range(3):  # another coordinator may take the same address at the same moment
        taken = set(Edition.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        try:
            with transaction.atomic():
                return Edition.objects.create(
                    title=title, slug=_unique_slug(base, taken), **carried
                )
        except IntegrityError:
            continue
    raise EditionError("Could not choose an address for this edition. Try again.")


def _draft(edition):
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_published:
        raise EditionError(
            "This edition has been published and cannot change. Create a new edition instead."
        )
    return locked


def update_details(edition, fields, *, version):
    with transaction.atomic():
        locked = _draft(edition)
        if version != locked.version:
            if all(getattr(locked, f) == fields[f] for f in DETAIL_FIELDS):
                return locked
            raise EditionConflict({f: getattr(locked, f) for f in DETAIL_FIELDS}, locked.version)
        for name in DETAIL_FIELDS:
            setattr(locked, name, fields[name])
        locked.version += 1
        locked.save()
    edition.refresh_from_db()
    return edition


def add(edition, case_study):
    with transaction.atomic():
        locked = _draft(edition)
        if not is_ready(case_study):
            raise EditionError(
                f"“{case_study.title}” cannot be added: only approved case studies that the DPULO "
                "and the commissioner have both signed off can be published."
            )
        if locked.entries.filter(case_study=case_study).exists():
            raise EditionError(f"“{case_study.title}” is already in this edition.")
        return ordering.append(locked.entries, case_study=case_study)


def move(entry, direction):
    with transaction.atomic():
        locked = _draft(entry.edition)
        return ordering.move(entry, direction, locked.entries)


def remove(entry):
    with transaction.atomic():
        ordering.remove(entry, _draft(entry.edition).entries)


def snapshot(case_study, *, edition, position, slug, now, shown=None):
    """An unsaved copy of the case study's publishable content (for previews and publishing).
    ``shown`` is that content if the caller has already built it."""
    shown = shown or content.publishable(case_study)
    sign_offs = [
        {
            "party": s.party,
            "name": s.name,
            "role": s.role,
            "signed_at": s.signed_at.isoformat(),
        }
        for s in signoff.live(case_study, digest=content.fingerprint(shown))
    ]
    body = "\n\n".join(
        [text.plain(s["text"]) for s in shown.sections]
        + [f"{o['label']} {o['display']} {o['source']}" for o in shown.outcomes]
    )
    copy = PublishedCaseStudy(
        edition=edition,
        source=case_study,
        position=position,
        slug=slug,
        **shown.as_dict(),
        sign_offs=sign_offs,
        body=body,
        published_at=now,
    )
    copy.keywords = search_index.keywords(copy)
    return copy


def snapshots(edition, *, now=None, shown=None):
    """Every selected case study as it reads now, in order, with its address in the edition.
    ``shown`` maps case study ids to their publishable content, if already built."""
    now = now or timezone.now()
    shown = shown or {}
    taken = set()
    copies = []
    entries = edition.entries.select_related("case_study__dpulo", "case_study__template_version")
    for entry in entries:
        slug = _unique_slug(slugify(entry.case_study.title)[:70], taken)
        taken.add(slug)
        copies.append(
            snapshot(
                entry.case_study,
                edition=edition,
                position=entry.position,
                slug=slug,
                now=now,
                shown=shown.get(entry.case_study_id),
            )
        )
    return copies


def before_publishing(edition):
    """What a coordinator should do before publishing, in words (the publish page offers the
    button only when this is empty; ``publish`` itself refuses only what cannot be published).
    """
    problems = []
    if not edition.entries.exists():
        problems.append("Add at least one case study")
    if not (edition.introduction or "").strip():
        problems.append(
            "Write the introduction: readers meet it first, at the start of the edition and on "
            "the collection's home page"
        )
    return problems


def publish(edition, *, by, now=None):
    """Freeze the selection and enqueue the PDF. Refused if any case study is no longer ready."""
    from . import tasks

    now = now or timezone.now()
    with transaction.atomic():
        locked = _draft(edition)
        entries = list(locked.entries.all())
        if not entries:
            raise EditionError("Add at least one case study before you publish the edition")
        # Locked first and read after, so what is checked is what is copied: the content is
        # built once per case study, checked against both sign-offs, and that very content is
        # published.
        case_studies = CaseStudy.objects.select_for_update().select_related(
            "dpulo", "template_version"
        )
        shown, not_ready = {}, []
        for case_study in case_studies.filter(pk__in=[e.case_study_id for e in entries]):
            shown[case_study.pk] = content.publishable(case_study)
            digest = content.fingerprint(shown[case_study.pk])
            if not signoff.is_signed_off(case_study, digest=digest):
                not_ready.append(case_study.title)
        if not_ready:
            raise EditionError(
                "These case studies are no longer approved and signed off by both, so the "
                f"edition cannot be published: {', '.join(not_ready)}. Remove them or get them "
                "signed off again."
            )
        copies = snapshots(locked, now=now, shown=shown)
        if any(len(copy.sign_offs) != len(SignOff.Party.values) for copy in copies):
            raise EditionError(
                "A sign-off changed while the edition was being published. Try again."
            )
        PublishedCaseStudy.objects.bulk_create(copies)
        _publish_pictures(locked, case_studies.filter(pk__in=shown))
        search_index.index(PublishedCaseStudy.objects.filter(edition=locked))
        locked.status = Edition.Status.PUBLISHED
        locked.published_at = now
        locked.published_by = by
        locked.save()
        transaction.on_commit(caching.collection_changed)
        transaction.on_commit(lambda: tasks.render_edition.enqueue(locked.pk))
        audit.record(
            audit_actions.EDITION_PUBLISHED,
            f"“{locked.title}” published with {len(entries)} case studies",
            user=by,
            obj=locked,
        )
    edition.refresh_from_db()
    return edition


def _publish_pictures(edition, case_studies):
    """Copy each Easy Read picture into the edition's own files, so a later change to the case
    study's picture never changes what was published. Pictures are found by their SHA-256,
    which is what the sign-off covered."""
    by_sha = {}
    for point in EasyReadPoint.objects.filter(case_study__in=case_studies).exclude(picture=""):
        by_sha.setdefault(point.case_study_id, {})[point.picture_sha256] = point.picture
    for copy in PublishedCaseStudy.objects.filter(edition=edition).exclude(easy_read=[]):
        published = {}
        for point in copy.easy_read:
            sha = point["picture_sha256"]
            source = by_sha.get(copy.source_id, {}).get(sha)
            if not sha or source is None or sha in published:
                continue
            extension = source.name.rsplit(".", 1)[-1]
            with source.open("rb") as picture:
                published[sha] = default_storage.save(
                    f"editions/{edition.slug}/easy-read/{sha}.{extension}", File(picture)
                )
        copy.easy_read_pictures = published
        copy.save(update_fields=["easy_read_pictures"])


def current():
    """The newest published edition, or None."""
    return Edition.objects.filter(status=Edition.Status.PUBLISHED).order_by("-published_at").first()
