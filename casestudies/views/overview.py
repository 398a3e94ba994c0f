"""The case-study list, each case study's overview and its full text."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import access_needs

from .. import commissioner_needs, content, easy_read, queries, signoff, text, workflow, writing
from ..models import CaseStudy
from .common import PAGE_SIZE, _case_study


def _access_needs(request, case_study):
    """The author's and the commissioner's contact's access needs, for the coordinator; None
    for anyone else."""
    if not request.user.has_perm("casestudies.view_access_needs", case_study):
        return None
    author = access_needs.for_people([case_study.author] if case_study.author else [])
    return author + commissioner_needs.for_panel(case_study)


@require_safe
@login_required
def case_study_list(request):
    user = request.user
    if not user.has_perm("casestudies.list_casestudies"):
        raise PermissionDenied
    manage = user.has_perm("casestudies.manage_casestudies")
    status = request.GET.get("status", "")
    if status not in CaseStudy.Status.values:
        status = ""
    sort = request.GET.get("sort", "title")
    if sort not in queries.SORTS:
        sort = "title"
    case_studies = queries.listing(user, manage=manage, status=status, sort=sort)
    page = Paginator(case_studies, PAGE_SIZE).get_page(request.GET.get("page"))
    for case_study in page.object_list:
        case_study.stage = queries.stage(case_study)
    return render(
        request,
        "casestudies/list.html",
        {
            "page": page,
            "manage": manage,
            "status": status,
            "statuses": CaseStudy.Status.choices,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in queries.SORTS.items()],
        },
    )


@require_safe
@login_required
def case_study_detail(request, pk):
    case_study = _case_study(request, pk)
    rows = writing.answers_by_section(case_study)
    comment_counts = {}
    for comment in case_study.comments.all():
        comment_counts[comment.section_id] = comment_counts.get(comment.section_id, 0) + 1
    sections = [
        {
            "section": section,
            "answer": answer,
            "words": text.word_count(answer.text) if answer else 0,
            "comments": comment_counts.get(section.pk, 0),
        }
        for section, answer in rows
    ]
    user = request.user
    digest = signoff.text_digest(case_study)
    easy_read_points, easy_read_problems = [], 0
    if case_study.template_version.asks_for_easy_read:
        easy_read_points = list(case_study.easy_read_points.all())
        easy_read_problems = len(easy_read.check(case_study))
    return render(
        request,
        "casestudies/detail.html",
        {
            "case_study": case_study,
            "easy_read_points": easy_read_points,
            "easy_read_problems": easy_read_problems,
            "sections": sections,
            "outcomes": case_study.outcomes.all(),
            "changes": case_study.status_changes.select_related("by"),
            "can_manage": user.has_perm("casestudies.manage_casestudies"),
            "can_write": user.has_perm("casestudies.write_casestudy", case_study),
            "can_submit": user.has_perm("casestudies.submit_casestudy", case_study),
            "can_sign_off": user.has_perm("casestudies.sign_off_for_dpulo", case_study),
            "sign_offs": {s.party: s for s in signoff.live(case_study, digest=digest)},
            "signed_off": signoff.is_signed_off(case_study, digest=digest),
            "invitation": case_study.links.filter(purpose="invitation").first(),
            "sign_off_link": case_study.links.filter(purpose="sign_off").first(),
            "actions": workflow.allowed_actions(case_study),
            "needs": _access_needs(request, case_study),
        },
    )


@require_safe
@login_required
def case_study_text(request, pk):
    """The whole case study as a reader will see it."""
    case_study = _case_study(request, pk)
    return render(
        request,
        "casestudies/text.html",
        {
            "case_study": case_study,
            "content": content.publishable(case_study),
            "unwritten": [
                section.heading
                for section, answer in writing.answers_by_section(case_study)
                if not (answer and answer.text.strip())
            ],
        },
    )
