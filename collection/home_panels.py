"""The home page's parts about the collection: for the coordinator, what is ready to publish;
for the coordinator and the programme manager, requests for other formats to answer."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts import roles
from portal.next_steps import NextStep

from . import editions
from .models import Edition, FormatRequest, PublishedCaseStudy


def publishing_steps():
    """Case studies signed off by both that no published edition carries yet, and the draft
    editions waiting to be published."""
    published = set(
        PublishedCaseStudy.objects.filter(edition__status=Edition.Status.PUBLISHED)
        .exclude(source=None)
        .values_list("source", flat=True)
    )
    ready = [c for c in editions.ready_for_publication() if c.pk not in published]
    drafts = Edition.objects.filter(status=Edition.Status.DRAFT).count()
    url = reverse("collection:manage")
    return [
        NextStep(
            "Case studies ready to publish",
            url,
            "Signed off by both, and in no published edition yet",
            count=len(ready),
        ),
        NextStep(
            "Draft editions",
            url,
            "Choose their case studies, write the introduction and conclusion, and publish",
            count=drafts,
        ),
    ]


def format_request_steps():
    """Requests for other formats still to answer, due by the earliest target date."""
    waiting = FormatRequest.objects.filter(status__in=FormatRequest.OPEN)
    first = waiting.order_by("reply_due").values_list("reply_due", flat=True).first()
    return [
        NextStep(
            "Requests for other formats",
            reverse("collection:format-requests"),
            "Braille, audio, BSL and other formats readers have asked for",
            count=waiting.count(),
            # A whole day: due by the midnight that ends it.
            due=timezone.make_aware(datetime.combine(first + timedelta(days=1), time.min))
            if first
            else None,
        )
    ]


def panels(user):
    held = user.role_names
    found = []
    if roles.COORDINATOR in held:
        found.append(("collection/home/coordinator.html", {"publishing_steps": publishing_steps()}))
    if roles.COORDINATOR in held or roles.PROGRAMME_MANAGER in held:
        found.append(
            ("collection/home/format_requests.html", {"format_steps": format_request_steps()})
        )
    return found
