"""Background work for the collection: rendering an edition's PDFs and its other formats
(large print, Easy Read, EPUB) after it is published
(emails to stakeholders go through the portal's one outbox, ``mail``).

Runs through django-tasks: straight away in development and tests, or in `manage.py db_worker`
when ``TASKS_BACKEND=database``, as many workers as the load needs. An edition is rendered
once: the worker that takes it holds its row locked while it renders, another worker handed
the same edition skips it, and an edition already rendered is left as it is.
"""

import base64
import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from . import caching, ebook, evidence, printing
from .models import Edition, EvidencePack, Format

logger = logging.getLogger(__name__)


def _save_fresh(field_file, name, data):
    """Save under ``name``, replacing a file of that name left by a render whose worker died
    part-way (its database rows rolled back, its files not), so each file exists once. Only
    the worker holding the edition's row lock writes its names."""
    path = field_file.field.generate_filename(field_file.instance, name)
    if default_storage.exists(path):
        default_storage.delete(path)
    field_file.save(name, ContentFile(data), save=False)


def _store(record, name, rendered):
    if record.pdf:
        record.pdf.delete(save=False)
    _save_fresh(record.pdf, name, rendered.pdf)
    record.pdf_size = len(rendered.pdf)
    record.pdf_pages = rendered.pages
    record.pdf_sha256 = hashlib.sha256(rendered.pdf).hexdigest()


def _store_format(edition, case_study, kind, data, pages=None):
    """Keep one format of the edition or of one of its case studies, replacing any earlier
    attempt's file (a render that failed part-way is rolled back, but its files may remain)."""
    stale = Format.objects.filter(edition=edition, case_study=case_study, kind=kind).first()
    if stale:
        stale.file.delete(save=False)
        stale.delete()
    made = Format(
        edition=edition,
        case_study=case_study,
        kind=kind,
        size=len(data),
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    _save_fresh(made.file, made.filename, data)
    made.save()


def pictures_in_print(*case_studies):
    """For print, each published Easy Read picture of these case studies as a data URI, read
    from storage (wherever that is), so WeasyPrint needs no file path or web address."""
    names = {}
    for case_study in case_studies:
        names.update(case_study.easy_read_pictures)
    cache = {}

    def src(sha):
        name = names.get(sha)
        if not name:
            return ""
        if sha not in cache:
            with default_storage.open(name, "rb") as picture:
                kind = "image/png" if name.endswith(".png") else "image/jpeg"
                cache[sha] = f"data:{kind};base64,{base64.b64encode(picture.read()).decode()}"
        return cache[sha]

    return src


@task()
def render_edition(edition_id, attempt=1):
    """Returns the edition's page count, or None when it was skipped (being rendered by
    another worker, or rendered already). A render that fails (the storage refusing a write,
    say) rolls back, so the edition is never shown with files it does not have; with a queue
    that can run tasks later it is tried again after ``RENDER_RETRY_MINUTES`` times the attempt,
    up to ``RENDER_MAX_ATTEMPTS``, and this attempt is recorded as failed."""
    try:
        return _render_edition(edition_id)
    except Exception:
        if _try_again_later(edition_id, attempt):
            logger.warning(
                "Rendering edition %s failed (attempt %s); it will be tried again",
                edition_id,
                attempt,
                exc_info=True,
            )
        raise


def _try_again_later(edition_id, attempt):
    from datetime import timedelta

    from django.conf import settings
    from django_tasks import task_backends

    if attempt >= settings.RENDER_MAX_ATTEMPTS:
        return False
    if not getattr(task_backends["default"], "supports_defer", False):
        return False
    later = timezone.now() + timedelta(minutes=settings.RENDER_RETRY_MINUTES * attempt)
    render_edition.using(run_after=later).enqueue(edition_id, attempt=attempt + 1)
    return True


def _render_edition(edition_id):
    with transaction.atomic():
        edition = Edition.objects.select_for_update(skip_locked=True).filter(pk=edition_id).first()
        if edition is None or edition.pdf_rendered_at is not None:
            logger.info("Edition %s is rendered or being rendered: skipped", edition_id)
            return None
        case_studies = list(edition.case_studies.all())
        started = timezone.now()
        for case_study in case_studies:
            _store(
                case_study,
                f"{edition.slug}-{case_study.slug}.pdf",
                printing.render_case_study(case_study, edition),
            )
            case_study.save(update_fields=["pdf", "pdf_size", "pdf_pages", "pdf_sha256"])
            large = printing.render_case_study(case_study, edition, large_print=True)
            _store_format(edition, case_study, Format.Kind.LARGE_PRINT, large.pdf, large.pages)
            if case_study.easy_read:
                easy = printing.render_easy_read(
                    edition, [case_study], pictures_in_print(case_study), single=True
                )
                _store_format(edition, case_study, Format.Kind.EASY_READ, easy.pdf, easy.pages)
        _store(edition, f"{edition.slug}.pdf", printing.render_edition(edition, case_studies))
        large = printing.render_edition(edition, case_studies, large_print=True)
        _store_format(edition, None, Format.Kind.LARGE_PRINT, large.pdf, large.pages)
        _store_format(edition, None, Format.Kind.EPUB, ebook.edition_epub(edition, case_studies))
        with_easy_read = [each for each in case_studies if each.easy_read]
        if with_easy_read:
            easy = printing.render_easy_read(
                edition, with_easy_read, pictures_in_print(*with_easy_read)
            )
            _store_format(edition, None, Format.Kind.EASY_READ, easy.pdf, easy.pages)
        edition.pdf_rendered_at = timezone.now()
        edition.save(
            update_fields=["pdf", "pdf_size", "pdf_pages", "pdf_sha256", "pdf_rendered_at"]
        )
        transaction.on_commit(caching.collection_changed)
    logger.info(
        "Rendered edition %s: %s pages in %.1f s",
        edition.slug,
        edition.pdf_pages,
        (edition.pdf_rendered_at - started).total_seconds(),
    )
    return edition.pdf_pages


@task()
def render_evidence_pack(pack_id):
    """Returns the pack's page count, or None when it was skipped (being rendered by another
    worker, or rendered already): a pack's edition never changes, so once is enough."""
    with transaction.atomic():
        found = (
            # Only the pack's row: locking its edition too would make packs of one edition,
            # or a pack and its edition's render, skip each other.
            EvidencePack.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("edition")
            .filter(pk=pack_id)
            .first()
        )
        if found is None or found.rendered_at is not None:
            logger.info("Evidence pack %s is rendered or being rendered: skipped", pack_id)
            return None
        choices = evidence.choices_from(QueryDict(found.choices))
        case_studies = evidence.matching(found.edition, choices)
        _store(
            found,
            f"{found.edition.slug}-evidence-{hashlib.sha256(found.choices.encode()).hexdigest()[:12]}.pdf",
            printing.render_evidence_pack(found.edition, choices, case_studies),
        )
        found.rendered_at = timezone.now()
        found.save(update_fields=["pdf", "pdf_size", "pdf_pages", "pdf_sha256", "rendered_at"])
    logger.info("Rendered evidence pack %s: %s pages", found, found.pdf_pages)
    return found.pdf_pages
