"""Read queries for the case-study pages (no changes are made here)."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from portal.next_steps import NextStep

from . import signoff
from .models import Answer, CaseStudy, SignOff
from .rules import HIDDEN_FROM_AUTHORS

SORTS = {
    "title": ("Title", ("title", "pk")),
    "changed": ("Last change, newest first", ("-last_change", "title")),
    "status": ("Status", ("status", "title")),
    "dpulo": ("DPULO", ("dpulo__name", "title")),
}


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


def listing(user, *, manage, status="", sort="title"):
    """``listed_for`` with what the list shows of each: its author, its last change (to it or
    to any answer), what ``stage`` needs to say who has signed it off (by the one rule,
    ``signoff.live``, decided from what is prefetched here) and whether an edition has
    published it; sorted by ``sort`` (a key of ``SORTS``)."""
    last_answer = Subquery(
        Answer.objects.filter(case_study=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    case_studies = (
        listed_for(user, manage=manage, status=status)
        .select_related("author", "template_version")
        .prefetch_related(*signoff.SIGN_OFF_PREFETCH)
        .annotate(
            last_change=Greatest("updated_at", Coalesce(last_answer, "updated_at")),
            # Editions are the collection's; their copies point back here as "publications".
            times_published=Count(
                "publications",
                filter=Q(publications__edition__status="published"),
                distinct=True,
            ),
        )
    )
    return case_studies.order_by(*SORTS.get(sort, SORTS["title"])[1])


def stage(case_study):
    """Where a listed case study stands, in words: an approved one says whose sign-off it is
    waiting for, or that it is signed off, or published."""
    if case_study.status != CaseStudy.Status.APPROVED:
        return case_study.get_status_display()
    if case_study.times_published:
        return "Published"
    signed = signoff.signed_parties(case_study)
    waiting = [
        name
        for name, party in (
            ("the DPULO", SignOff.Party.DPULO),
            ("the commissioner", SignOff.Party.COMMISSIONER),
        )
        if party not in signed
    ]
    if not waiting:
        return "Signed off by both, ready to publish"
    return f"Waiting for {' and '.join(waiting)} to sign off"


def _list_url(status):
    return f"{reverse('casestudies:list')}?status={status}"


def _waiting_for_sign_off(case_studies, parties):
    """Those approved case studies that ``parties`` have not signed off as they read now."""
    return [
        case_study
        for case_study in case_studies
        if not set(parties) <= signoff.signed_parties(case_study)
    ]


def coordinator_steps():
    """For the coordinator: drafts to review and sign-offs still to come."""
    in_review = CaseStudy.objects.filter(status=CaseStudy.Status.IN_REVIEW).count()
    proposed = CaseStudy.objects.filter(status=CaseStudy.Status.PROPOSED).count()
    approved = (
        CaseStudy.objects.filter(status=CaseStudy.Status.APPROVED)
        .select_related("dpulo", "template_version")
        .prefetch_related(*signoff.SIGN_OFF_PREFETCH)
    )
    waiting = _waiting_for_sign_off(approved, SignOff.Party.values)
    return [
        NextStep(
            "Case studies to review",
            _list_url(CaseStudy.Status.IN_REVIEW),
            "Submitted by their authors: approve them or ask for changes",
            count=in_review,
        ),
        NextStep(
            "Sign-offs waiting",
            _list_url(CaseStudy.Status.APPROVED),
            "Approved, but not yet signed off by both the DPULO and the commissioner",
            count=len(waiting),
        ),
        NextStep(
            "Proposals to agree",
            _list_url(CaseStudy.Status.PROPOSED),
            "Scoped with a DPULO: agree them so the author can start, or decline them",
            count=proposed,
        ),
    ]


def author_steps(user):
    """For an author: their organisation's case studies with changes asked for, to write, and
    to sign off."""
    theirs = listed_for(user, manage=False)
    changes = theirs.filter(status=CaseStudy.Status.CHANGES_REQUESTED).count()
    drafting = theirs.filter(status=CaseStudy.Status.DRAFTING).count()
    approved = (
        theirs.filter(status=CaseStudy.Status.APPROVED)
        .select_related("template_version")
        .prefetch_related(*signoff.SIGN_OFF_PREFETCH)
    )
    to_sign = _waiting_for_sign_off(approved, [SignOff.Party.DPULO])
    return [
        NextStep(
            "Changes requested",
            _list_url(CaseStudy.Status.CHANGES_REQUESTED),
            "The coordinator has asked for changes: answer the comments and submit again",
            count=changes,
        ),
        NextStep(
            "Case studies to write",
            _list_url(CaseStudy.Status.DRAFTING),
            "Answer each section, then submit for review",
            count=drafting,
        ),
        NextStep(
            "To sign off for your organisation",
            _list_url(CaseStudy.Status.APPROVED),
            "Approved by the coordinator: read the text and sign it off",
            count=len(to_sign),
        ),
    ]
