"""Read queries for the case-study pages (no changes are made here)."""

from .models import CaseStudy
from .rules import HIDDEN_FROM_AUTHORS


def listed_for(user, *, manage, status=""):
    """The case studies a person's list shows, in title order: every one for the coordinator;
    for an author, their organisation's once agreed. ``status`` narrows it when it is one."""
    case_studies = CaseStudy.objects.select_related("dpulo").order_by("title", "pk")
    if not manage:
        case_studies = case_studies.filter(dpulo__memberships__user=user).exclude(
            status__in=HIDDEN_FROM_AUTHORS
        )
    if status in CaseStudy.Status.values:
        case_studies = case_studies.filter(status=status)
    return case_studies
