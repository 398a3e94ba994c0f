"""Reminders for the collection (see ``mail/reminders.py``)."""

import hashlib

from django.conf import settings
from django.urls import reverse

from casestudies import workflow
from mail.models import Message
from mail.reminders import finder, remind

from . import editions
from .models import Edition


@finder
def editions_ready(now):
    """The coordinators, once, when every case study chosen for a draft edition is signed off
    (again if the choice changes and is all signed off once more)."""
    queued = 0
    drafts = Edition.objects.filter(status=Edition.Status.DRAFT).prefetch_related(
        "entries__case_study"
    )
    people = list(workflow.coordinators())
    for edition in drafts:
        entries = list(edition.entries.all())
        if not entries or not all(editions.is_ready(e.case_study) for e in entries):
            continue
        chosen = ",".join(str(e.case_study_id) for e in sorted(entries, key=lambda e: e.pk))
        version = hashlib.sha256(chosen.encode()).hexdigest()[:16]
        for person in people:
            queued += remind(
                Message.Kind.EDITION_READY,
                person,
                subject=f"Every case study in “{edition.title}” is signed off",
                template="mail/reminders/edition_ready.txt",
                context={
                    "edition": edition,
                    "count": len(entries),
                    "link": settings.PORTAL_URL
                    + reverse("collection:manage-edition", args=[edition.pk]),
                },
                reason="you coordinate the collection",
                about=edition,
                once_key=f"edition-ready:{edition.pk}:{version}:{person.pk}",
                now=now,
            )
    return queued
