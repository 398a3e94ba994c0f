"""The author's writing pages: each section's answer, comments, history and comparison, and
outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import errors
from portal.forms import posted
from portal.stale import fingerprint

from .. import forms, text, writing
from ..models import Answer, Outcome
from .common import _case_study, _detail_url, _section


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, pk, key):
    """One section: write it (if this person may now), read its comments, add one."""
    case_study = _case_study(request, pk)
    section = _section(case_study, key)
    saved = Answer.objects.filter(case_study=case_study, section=section).first()
    can_write = request.user.has_perm("casestudies.write_casestudy", case_study)
    form = forms.AnswerForm(
        posted(request),
        section=section,
        initial={"text": saved.text if saved else "", "version": saved.version if saved else 0},
    )
    conflict = None
    if request.method == "POST" and not can_write:
        # The status moved on while the page was open (a colleague submitted it, say): keep
        # what was typed on the page and say why it was not saved.
        form.is_valid()
        form.add_error(
            None,
            f"This case study is now {case_study.get_status_display().lower()}, so your "
            "changes have not been saved. Your text is still in the box below: copy it if you "
            "need it.",
        )
        can_write = True
    elif request.method == "POST" and form.is_valid():
        with errors.onto(form) as refusal:
            writing.save_answer(
                case_study,
                section,
                form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
            messages.success(request, f"“{section.heading}” has been saved")
            if request.POST.get("action") == "later":
                return redirect(_detail_url(case_study))
            following = case_study.template_version.sections.filter(
                position__gt=section.position
            ).first()
            if following:
                return redirect("casestudies:answer", pk=case_study.pk, key=following.key)
            return redirect(_detail_url(case_study, "#outcomes"))
        conflict = refusal.conflict
    return render(
        request,
        "casestudies/answer.html",
        {
            "case_study": case_study,
            "section": section,
            "answer": saved,
            "form": form,
            "conflict": conflict,
            "can_write": can_write,
            "comments": case_study.comments.filter(section=section).select_related("author"),
            "comment_form": forms.CommentForm(),
            "can_comment": request.user.has_perm("casestudies.comment_casestudy", case_study),
        },
    )


@require_POST
@login_required
def comment(request, pk, key):
    case_study = _case_study(request, pk, "casestudies.comment_casestudy")
    section = _section(case_study, key)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        with errors.onto(form, field="body"):
            added = writing.add_comment(
                case_study, section, form.cleaned_data["body"], by=request.user
            )
            messages.success(request, "Your comment has been added")
            # No #fragment: browsers skip autofocus when the address points into the page.
            return redirect(
                reverse("casestudies:answer", args=[case_study.pk, section.key])
                + f"?added={added.pk}"
            )
    saved = Answer.objects.filter(case_study=case_study, section=section).first()
    return render(
        request,
        "casestudies/answer.html",
        {
            "case_study": case_study,
            "section": section,
            "answer": saved,
            "form": forms.AnswerForm(
                section=section,
                initial={
                    "text": saved.text if saved else "",
                    "version": saved.version if saved else 0,
                },
            ),
            "can_write": request.user.has_perm("casestudies.write_casestudy", case_study),
            "comments": case_study.comments.filter(section=section).select_related("author"),
            "comment_form": form,
            "can_comment": True,
        },
        status=400,
    )


def _versions(case_study, section):
    answer = Answer.objects.filter(case_study=case_study, section=section).first()
    if answer is None:
        return []
    return list(
        answer.history.filter(version__gt=0).select_related("history_user").order_by("version")
    )


@require_safe
@login_required
def answer_history(request, pk, key):
    case_study = _case_study(request, pk)
    section = _section(case_study, key)
    versions = _versions(case_study, section)
    for record in versions:
        record.words = text.word_count(record.text)
    return render(
        request,
        "casestudies/history.html",
        {"case_study": case_study, "section": section, "versions": list(reversed(versions))},
    )


@require_safe
@login_required
def compare(request, pk, key):
    """Two saved versions of one section side by side, differences marked in words too."""
    case_study = _case_study(request, pk)
    section = _section(case_study, key)
    versions = {record.version: record for record in _versions(case_study, section)}
    try:
        numbers = sorted({int(request.GET.get("from", "")), int(request.GET.get("to", ""))})
    except ValueError:
        numbers = []
    error = None
    if len(numbers) != 2 or not all(n in versions for n in numbers):
        error = "Choose two different versions to compare"
        if len(versions) < 2:
            error = "This section has only one saved version, so there is nothing to compare"
        return render(
            request,
            "casestudies/history.html",
            {
                "case_study": case_study,
                "section": section,
                "versions": [versions[n] for n in sorted(versions, reverse=True)],
                "error": error,
            },
            status=400,
        )
    older, newer = versions[numbers[0]], versions[numbers[1]]
    left, right = text.compare_sides(older.text, newer.text)
    return render(
        request,
        "casestudies/compare.html",
        {
            "case_study": case_study,
            "section": section,
            "older": older,
            "newer": newer,
            "left": left,
            "right": right,
            "counts": text.counts(text.compare(older.text, newer.text)),
        },
    )


def _writing(request, pk):
    """The case study whose outcome is being written. A POST made after the status moved on
    reaches the service, which refuses it with a message while the form keeps what was typed;
    opening the form needs write access."""
    needed = (
        "casestudies.view_casestudy" if request.method == "POST" else "casestudies.write_casestudy"
    )
    return _case_study(request, pk, needed)


def _outcome_page(request, case_study, outcome, form, *, opened_as, save, template):
    """An outcome's form: on a valid POST, ``save(opened_as)`` (the service call) and back to
    the outcomes; a refusal is shown on the form, with what is saved now after a stale edit."""
    saved_now = None
    if request.method == "POST" and form.is_valid():
        with errors.onto(form) as refusal:
            save(request.POST.get("opened_as", ""))
            messages.success(request, f"The outcome “{form.cleaned_data['label']}” has been saved")
            return redirect(_detail_url(case_study, "#outcomes"))
        saved_now = refusal.conflict
    return render(
        request,
        template,
        {
            "case_study": case_study,
            "form": form,
            "outcome": outcome,
            "opened_as": opened_as,
            "saved_now": saved_now,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def outcome_edit(request, pk, position=None):
    case_study = _writing(request, pk)
    outcome = get_object_or_404(case_study.outcomes, position=position) if position else None
    if outcome and outcome.is_worked:
        return redirect("casestudies:worked-outcome", pk=pk, position=position)
    initial = {name: getattr(outcome, name) for name in writing.OUTCOME_FIELDS} if outcome else None
    form = forms.OutcomeForm(posted(request), initial=initial)

    def save(opened_as):
        if outcome:
            writing.update_outcome(
                outcome, form.outcome_fields(), by=request.user, opened_as=opened_as
            )
        else:
            writing.add_outcome(case_study, form.outcome_fields(), by=request.user)

    return _outcome_page(
        request,
        case_study,
        outcome,
        form,
        opened_as=fingerprint(outcome, writing.OUTCOME_FIELDS) if outcome else "",
        save=save,
        template="casestudies/outcome.html",
    )


@require_http_methods(["GET", "POST"])
@login_required
def worked_outcome_edit(request, pk, position=None):
    """An outcome worked out with the added-value toolkit: its working in, its figure out."""
    case_study = _writing(request, pk)
    outcome = None
    if position:
        outcome = get_object_or_404(
            case_study.outcomes.select_related("working"),
            position=position,
            unit=Outcome.Unit.VALUE_RATIO,
        )
    initial = None
    if outcome:
        initial = {
            **{name: getattr(outcome, name) for name in writing.WORKED_OUTCOME_FIELDS},
            **{name: getattr(outcome.working, name) for name in writing.WORKING_FIELDS},
        }
    form = forms.WorkedOutcomeForm(posted(request), initial=initial)

    def save(opened_as):
        stated = (form.outcome_fields(), form.working_fields())
        if outcome:
            writing.update_worked_outcome(outcome, *stated, by=request.user, opened_as=opened_as)
        else:
            writing.add_worked_outcome(case_study, *stated, by=request.user)

    return _outcome_page(
        request,
        case_study,
        outcome,
        form,
        opened_as=writing.worked_fingerprint(outcome) if outcome else "",
        save=save,
        template="casestudies/worked_outcome.html",
    )


@require_POST
@login_required
def outcome_remove(request, pk, position):
    case_study = _case_study(request, pk, "casestudies.write_casestudy")
    outcome = get_object_or_404(Outcome, case_study=case_study, position=position)
    with errors.as_message(request):
        writing.remove_outcome(outcome, by=request.user)
        messages.success(request, f"The outcome “{outcome.label}” has been removed")
    return redirect(_detail_url(case_study, "#outcomes"))
