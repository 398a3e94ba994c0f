"""Background work for the collection: rendering an edition's PDFs after it is published.

Runs through django-tasks: straight away in development and tests, or in `manage.py db_worker`
when ``TASKS_BACKEND=database``. Rendering again is harmless: it replaces the files.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from . import printing
from .models import Edition

logger = logging.getLogger(__name__)


def _store(record, name, rendered):
    if record.pdf:
        record.pdf.delete(save=False)
    record.pdf.save(name, ContentFile(rendered.pdf), save=False)
    record.pdf_size = len(rendered.pdf)
    record.pdf_pages = rendered.pages
    record.pdf_sha256 = hashlib.sha256(rendered.pdf).hexdigest()


@task()
def render_edition(edition_id):
    edition = Edition.objects.get(pk=edition_id)
    case_studies = list(edition.case_studies.all())
    started = timezone.now()
    for case_study in case_studies:
        _store(
            case_study,
            f"{edition.slug}-{case_study.slug}.pdf",
            printing.render_case_study(case_study, edition),
        )
        case_study.save(update_fields=["pdf", "pdf_size", "pdf_pages", "pdf_sha256"])
    _store(edition, f"{edition.slug}.pdf", printing.render_edition(edition, case_studies))
    edition.pdf_rendered_at = timezone.now()
    edition.save(update_fields=["pdf", "pdf_size", "pdf_pages", "pdf_sha256", "pdf_rendered_at"])
    logger.info(
        "Rendered edition %s: %s pages in %.1f s",
        edition.slug,
        edition.pdf_pages,
        (edition.pdf_rendered_at - started).total_seconds(),
    )
    return edition.pdf_pages


@task()
def send_round(round_id):
    """Send a round's unsent emails; returns how many failed."""
    from . import dissemination

    return dissemination.send_pending(round_id)
