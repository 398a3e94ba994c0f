"""The home page's part for the coordinator about editions: what is ready to publish."""

from django.urls import reverse

from accounts import roles
from portal.next_steps import NextStep

from . import editions
from .models import Edition, PublishedCaseStudy


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


def panels(user):
    if roles.COORDINATOR not in user.role_names:
        return []
    return [("collection/home/coordinator.html", {"publishing_steps": publishing_steps()})]
