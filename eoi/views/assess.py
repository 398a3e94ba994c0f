"""The assessor's pages: a queue, the declaration, and scoring.

Everything is looked up through the assessor's own assignment, by reference. An expression of
interest they were not assigned, or declared a conflict with, is a 404: never a hidden link.
In a blind call nothing here names the organisation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from portal import errors
from portal.forms import posted

from .. import assessment as rules_of_assessment
from .. import forms
from ..money import describe_rate

assessors_only = permission_required("eoi.assess", raise_exception=True)


def _assignment(request, reference):
    return get_object_or_404(
        rules_of_assessment.queue(request.user), expression_of_interest__reference=reference
    )


def _answers(assignment):
    """The submitted answers with each criterion, in order."""
    eoi = assignment.expression_of_interest
    content = rules_of_assessment.submitted_content(eoi) or {"answers": []}
    by_criterion = {answer["criterion"]: answer for answer in content.get("answers", [])}
    rows = []
    for criterion in eoi.call.criteria.all():
        answer = by_criterion.get(criterion.pk, {})
        amount = answer.get("amount")
        rows.append(
            {
                "criterion": criterion,
                "text": answer.get("text", ""),
                "money": describe_rate(amount, eoi.call.effort_days_min, eoi.call.effort_days_max),
            }
        )
    return content, rows


@require_safe
@login_required
@assessors_only
def assessor_queue(request):
    assignments = list(rules_of_assessment.queue(request.user))
    groups = {"declare": [], "score": [], "scored": [], "conflict": []}
    for assignment in assignments:
        if not assignment.is_declared:
            groups["declare"].append(assignment)
        elif assignment.has_conflict:
            groups["conflict"].append(assignment)
        elif hasattr(assignment, "assessment") and assignment.assessment.is_submitted:
            groups["scored"].append(assignment)
        else:
            groups["score"].append(assignment)
    due_calls = {
        a.expression_of_interest.call
        for a in assignments
        if a.expression_of_interest.call.assessment_due_at
        and a in groups["declare"] + groups["score"]
    }
    return render(
        request,
        "eoi/assess/queue.html",
        {
            "groups": groups,
            "total": len(assignments),
            "due_calls": sorted(due_calls, key=lambda call: call.assessment_due_at),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@assessors_only
def declare(request, reference):
    assignment = _assignment(request, reference)
    if assignment.is_declared:
        if assignment.has_conflict:
            raise Http404("You declared a conflict of interest with this expression of interest")
        return redirect("eoi:assess", reference=reference)
    form = forms.ConflictDeclarationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            rules_of_assessment.declare(
                assignment,
                has_conflict=form.cleaned_data["has_conflict"],
                reason=form.cleaned_data["reason"],
            )
            if assignment.has_conflict:
                messages.success(
                    request,
                    f"Your conflict of interest with {reference} is recorded. "
                    "You will not see it or its scores.",
                )
                return redirect("eoi:assessor-queue")
            return redirect("eoi:assess", reference=reference)
    return render(request, "eoi/assess/declare.html", {"assignment": assignment, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
@assessors_only
def assess(request, reference):
    assignment = _assignment(request, reference)
    if not assignment.is_declared:
        return redirect("eoi:assess-declare", reference=reference)
    if assignment.has_conflict:
        raise Http404("You declared a conflict of interest with this expression of interest")
    assessment = rules_of_assessment.start_assessment(assignment)
    call = assignment.expression_of_interest.call
    scores = {score.criterion_id: score for score in assessment.scores.all()}
    initial = {}
    for criterion_id, score in scores.items():
        initial[f"score_{criterion_id}"] = (
            forms.NOT_APPLICABLE
            if score.not_applicable
            else ("" if score.value is None else str(score.value))
        )
        initial[f"comment_{criterion_id}"] = score.comment
    form = forms.ScoringForm(
        request.POST if request.method == "POST" and not assessment.is_submitted else None,
        initial=initial,
        criteria=call.criteria.all(),
        descriptor=rules_of_assessment.descriptor,
    )
    missing = []
    if request.method == "POST" and not assessment.is_submitted and form.is_valid():
        submit = request.POST.get("action") == "submit"
        with errors.onto(form) as refusal:
            rules_of_assessment.save_scores(assessment, form.entries(), submit=submit)
            if submit:
                messages.success(request, f"Your assessment of {reference} has been submitted")
                return redirect("eoi:assessor-queue")
            messages.success(request, "Your scores have been saved as a draft")
            return redirect("eoi:assess", reference=reference)
        missing = getattr(refusal.error, "missing", [])
    content, answers = _answers(assignment)
    return render(
        request,
        "eoi/assess/assess.html",
        {
            "assignment": assignment,
            "assessment": assessment,
            "call": call,
            "blind": call.blind_assessment,
            "organisation": content.get("organisation") if not call.blind_assessment else None,
            "rows": zip(answers, form.rows(), strict=True),
            "form": form,
            "missing": missing,
            "total": rules_of_assessment.total(assessment) if assessment.is_submitted else None,
            "others": rules_of_assessment.others_scores(assignment),
        },
    )
