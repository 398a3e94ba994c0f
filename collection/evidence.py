"""Evidence packs for commissioners: the current edition's case studies for one region, area
of public service and/or kind of work, each with its summary, its outcomes and how each is
known, and how to cite it. A web page, and a tagged PDF rendered once per choice by the same
task that renders editions.

A pack reads a fixed number of queries however many case studies match.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from . import search
from .models import EvidencePack

# One choice (or none) per facet: a pack answers one commissioner's question.
NAMES = tuple(search.FACETS)


@dataclass(frozen=True)
class Choices:
    """What the reader chose: a facet's value, or "" for any."""

    area: str = ""
    kind: str = ""
    region: str = ""

    @property
    def any(self):
        return any(getattr(self, name) for name in NAMES)

    @property
    def key(self):
        """The canonical query string: the same choices always give the same pack."""
        return urlencode([(name, getattr(self, name)) for name in NAMES if getattr(self, name)])

    def words(self):
        """The choices as a reader says them: "Health, strategic partnerships, London"."""
        labels = []
        for name in NAMES:
            chosen = getattr(self, name)
            if chosen:
                labels.append(dict(search.FACETS[name][1])[chosen])
        return ", ".join(labels)


def choices_from(params):
    """The reader's choices from a query string; a value that is not an option is dropped."""
    picked = {}
    for name in NAMES:
        valid = {value for value, _ in search.FACETS[name][1]}
        value = params.get(name, "")
        picked[name] = value if value in valid else ""
    return Choices(**picked)


def matching(edition, choices):
    """The edition's case studies that match every choice, in reading order, each with the
    address to cite it by (``citation_url``)."""
    picked = {name: [getattr(choices, name)] if getattr(choices, name) else [] for name in NAMES}
    found = search.narrow(edition.case_studies.all(), picked)
    found = list(found.defer("body", "sections", "sign_offs").order_by("position"))
    for case_study in found:
        case_study.citation_url = settings.PORTAL_URL + reverse(
            "collection:case-study", args=[edition.slug, case_study.slug]
        )
    return found


# A pack not rendered this long after it was first asked for is queued again (a render that
# failed, or a worker that died), so asking again cannot fill the queue with the same pack.
RETRY_AFTER = timedelta(minutes=2)


def prepared(edition, choices, *, now=None):
    """The stored pack for these choices (made the first time it is asked for), queued for
    rendering when it is new, or again when it has waited longer than ``RETRY_AFTER``. The
    retry is claimed by one conditional update, so only one of several requests queues it."""
    from . import tasks  # tasks renders packs with this module's queries

    now = now or timezone.now()
    try:
        with transaction.atomic():
            found, created = EvidencePack.objects.get_or_create(
                edition=edition, choices=choices.key
            )
    except IntegrityError:  # asked for at the same moment by someone else
        found, created = EvidencePack.objects.get(edition=edition, choices=choices.key), False
    if found.rendered_at is None:
        retry = EvidencePack.objects.filter(
            pk=found.pk, rendered_at=None, queued_at__lt=now - RETRY_AFTER
        )
        if created or retry.update(queued_at=now):
            tasks.render_evidence_pack.enqueue(found.pk)
        found.refresh_from_db()
    return found
