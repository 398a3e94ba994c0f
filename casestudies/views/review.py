"""Submitting a case study for review and the coordinator's review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal import errors
from portal.forms import posted

from .. import easy_read, forms, workflow, writing
from .common import _case_study, _detail_url


@require_http_methods(["GET", "POST"])
@login_required
def submit(request, pk):
    case_study = _case_study(request, pk, "casestudies.submit_casestudy")
    problems = workflow.problems_before_submitting(case_study)
    if request.method == "POST" and not problems:
        with errors.as_message(request):
            workflow.transition(case_study, "submit", by=request.user)
            messages.success(
                request,
                "Your case study has been sent for review. We have told the coordinator, and "
                "we will email you when they have read it.",
            )
        return redirect(_detail_url(case_study))
    to_check = easy_read.check(case_study) if case_study.template_version.asks_for_easy_read else []
    return render(
        request,
        "casestudies/submit.html",
        {
            "case_study": case_study,
            "problems": problems,
            "easy_read_to_check": to_check,
            "undescribed": workflow.pictures_not_described(case_study),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk):
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    form = forms.ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        with errors.onto(form):
            workflow.transition(
                case_study, decision, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                "The case study is approved. Next, get it signed off."
                if decision == "approve"
                else "We have asked the author for changes",
            )
            return redirect(_detail_url(case_study))
    comments = {}
    for comment in case_study.comments.select_related("author").order_by("created_at"):
        comments.setdefault(comment.section_id, []).append(comment)
    return render(
        request,
        "casestudies/review.html",
        {
            "case_study": case_study,
            "form": form,
            "open_comments": sum(len(found) for found in comments.values()),
            # Each section's text with its comments beside it, so the review reads in one place.
            "sections": [
                (section, answer, comments.get(section.pk, []))
                for section, answer in writing.answers_by_section(case_study)
            ],
            "general_comments": comments.get(None, []),
            "easy_read_problems": len(easy_read.check(case_study))
            if case_study.template_version.asks_for_easy_read
            else 0,
        },
    )
