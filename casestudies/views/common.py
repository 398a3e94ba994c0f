"""What the case-study pages share: finding the case study the person may see, its sections
and links to it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import CaseStudy, Section

PAGE_SIZE = 20


def _case_study(request, pk, permission="casestudies.view_casestudy"):
    """The case study if this person may see it: 403 for a role with no case studies at all,
    404 for one that is not theirs (so its existence is not given away)."""
    if not request.user.has_perm("casestudies.list_casestudies"):
        raise PermissionDenied
    case_study = get_object_or_404(
        CaseStudy.objects.select_related("dpulo", "template_version__template", "author"), pk=pk
    )
    if not request.user.has_perm("casestudies.view_casestudy", case_study):
        raise Http404
    if permission != "casestudies.view_casestudy" and not request.user.has_perm(
        permission, case_study
    ):
        raise PermissionDenied
    return case_study


def _section(case_study, key):
    return get_object_or_404(Section, version=case_study.template_version, key=key)


def _detail_url(case_study, fragment=""):
    return reverse("casestudies:case-study", args=[case_study.pk]) + fragment
