"""The programme team's pages for running calls: details, criteria and extensions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access_needs
from mail import outbox as mail_outbox
from portal import errors, uploads
from portal.dates import govuk_datetime, not_a_working_day
from portal.forms import posted, posted_id
from portal.stale import fingerprint

from .. import (
    adjustments,
    application,
    assessment,
    assisted,
    calls,
    decisions,
    exports,
    manage_forms,
    progress,
)
from ..errors import CriteriaLocked, EOIError
from ..history import call_history
from ..models import (
    AdjustmentRequest,
    Assessment,
    Assignment,
    AssistedSource,
    Call,
    ExpressionOfInterest,
    OutcomeLetter,
)

manager_only = permission_required("eoi.manage_calls", raise_exception=True)


@require_safe
@login_required
@manager_only
def call_list(request):
    calls = Call.objects.annotate(
        drafts=Count(
            "expressions_of_interest",
            filter=Q(expressions_of_interest__status=ExpressionOfInterest.Status.DRAFT),
        ),
        submitted=Count(
            "expressions_of_interest",
            filter=Q(expressions_of_interest__status=ExpressionOfInterest.Status.SUBMITTED),
        ),
    ).order_by("-closes_at")
    calls = list(calls)
    for found in progress.progress(calls):
        found.call.progress = found
    waiting = AdjustmentRequest.objects.filter(status=AdjustmentRequest.Status.RECEIVED).count()
    return render(
        request,
        "eoi/manage/call_list.html",
        {"calls": calls, "adjustments_waiting": waiting},
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def call_edit(request, slug=None):
    call = get_object_or_404(Call, slug=slug) if slug else None
    # The form works on its own copy: an invalid form changes its instance (an empty slug,
    # say), and the page's links and headings must still use the call as saved.
    editing = get_object_or_404(Call, pk=call.pk) if call else None
    form = manage_forms.CallForm(posted(request), instance=editing)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            call = form.save()
            messages.success(request, f"“{call.title}” has been saved")
            return redirect("eoi:manage-call", slug=call.slug)
    return render(request, "eoi/manage/call_form.html", {"form": form, "call": call})


@require_safe
@login_required
@manager_only
def call_overview(request, slug):
    call = get_object_or_404(Call, slug=slug)
    [found] = progress.progress([call])
    return render(
        request,
        "eoi/manage/call_overview.html",
        {
            "call": call,
            "progress": found,
            "next_steps": progress.steps_for(found),
            "closing_day_problem": (
                not_a_working_day(call.closes_at) if found.stage in ("upcoming", "open") else ""
            ),
            "criteria": call.criteria.all(),
            "locked": call.has_submissions(),
            "extensions": call.extensions.select_related("organisation", "granted_by"),
            "expressions_of_interest": call.expressions_of_interest.select_related(
                "organisation"
            ).order_by("organisation__name"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def criterion_edit(request, slug, position=None):
    call = get_object_or_404(Call, slug=slug)
    criterion = get_object_or_404(call.criteria, position=position) if position else None
    if call.has_submissions():
        messages.error(request, CriteriaLocked.message)
        return redirect("eoi:manage-call", slug=slug)
    form = manage_forms.CriterionForm(posted(request), instance=criterion)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        with errors.onto(form):
            if criterion:
                calls.update_criterion(criterion, fields, opened_as=form.opened())
            else:
                calls.add_criterion(call, fields)
            messages.success(request, "The criterion has been saved")
            return redirect("eoi:manage-call", slug=slug)
    return render(
        request,
        "eoi/manage/criterion_form.html",
        {"form": form, "call": call, "criterion": criterion},
    )


@require_POST
@login_required
@manager_only
def criterion_action(request, slug, position):
    """Move a criterion up or down, or remove it."""
    call = get_object_or_404(Call, slug=slug)
    criterion = get_object_or_404(call.criteria, position=position)
    action = request.POST.get("action")
    with errors.as_message(request):
        if action in {"up", "down"}:
            calls.move_criterion(criterion, action)
        elif action == "remove":
            calls.remove_criterion(criterion)
            messages.success(request, f"“{criterion.title}” has been removed")
    return redirect("eoi:manage-call", slug=slug)


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def extension_grant(request, slug):
    call = get_object_or_404(Call, slug=slug)
    form = manage_forms.ExtensionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with errors.onto(form, field="closes_day"):
            extension = application.grant_extension(
                call=call,
                organisation=form.cleaned_data["organisation"],
                closes_at=form.cleaned_data["closes_at"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(
                request,
                f"{extension.organisation.name} now has until "
                f"{govuk_datetime(extension.closes_at)}",
            )
            return redirect("eoi:manage-call", slug=slug)
    return render(request, "eoi/manage/extension_form.html", {"form": form, "call": call})


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def assessors(request, slug):
    """Assign assessors to every submitted expression of interest, see their declarations, and
    open assessment once the call has closed."""
    call = get_object_or_404(Call, slug=slug)
    people = list(assessment.assessors().order_by("full_name"))
    error = None
    if request.method == "POST":
        with errors.caught() as refusal:
            if request.POST.get("action") == "open":
                assessment.open_assessment(call, by=request.user)
                messages.success(request, "Assessment is open. Assessors can now start.")
            else:
                chosen = [int(pk) for pk in request.POST.getlist("assessors") if pk.isdigit()]
                eoi_ids = [int(pk) for pk in request.POST.getlist("eois") if pk.isdigit()]
                created = assessment.assign(call, chosen, by=request.user, eoi_ids=eoi_ids)
                messages.success(
                    request, f"{created} new assignment{'s' if created != 1 else ''} made"
                )
            return redirect("eoi:manage-assessors", slug=slug)
        error = refusal.message
    assignments = list(
        Assignment.objects.filter(expression_of_interest__call=call).select_related(
            "expression_of_interest__organisation", "assessor", "assessment"
        )
    )
    return render(
        request,
        "eoi/manage/assessors.html",
        {
            "call": call,
            "people": people,
            "assignments": assignments,
            "summary": progress.assignment_summary(assignments),
            "error": error,
            "closes_at": assessment.latest_closing_time(call),
            "has_closed": timezone.now() >= assessment.latest_closing_time(call),
            "submitted": call.expressions_of_interest.filter(
                status=ExpressionOfInterest.Status.SUBMITTED
            ).order_by("reference"),
            "posted_eois": request.POST.getlist("eois") if request.method == "POST" else None,
            "posted_assessors": request.POST.getlist("assessors"),
        },
    )


@require_safe
@login_required
@manager_only
def moderation(request, slug):
    """Expressions of interest by criteria, every assessor's score, disagreements, agreed
    scores, and the ranking (ties shown as ties)."""
    call = get_object_or_404(Call, slug=slug)
    return render(
        request,
        "eoi/manage/moderation.html",
        {"call": call, "rows": assessment.call_summary(call), "criteria": call.criteria.all()},
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def moderate(request, slug, reference):
    call = get_object_or_404(Call, slug=slug)
    eoi = get_object_or_404(
        ExpressionOfInterest, call=call, reference=reference, status="submitted"
    )
    error = None
    error_criterion = None
    if request.method == "POST":
        action = request.POST.get("action")
        with errors.caught() as refusal:
            if action == "reopen":
                item = get_object_or_404(
                    Assessment,
                    pk=posted_id(request, "assessment"),
                    assignment__expression_of_interest=eoi,
                )
                assessment.reopen(item, by=request.user)
                messages.success(
                    request, f"{item.assignment.assessor.full_name}'s assessment has been reopened"
                )
            else:
                criterion = get_object_or_404(call.criteria, pk=posted_id(request, "criterion"))
                error_criterion = criterion.pk
                raw = request.POST.get("agreed", "")
                not_applicable = raw == "na"
                value = int(raw) if raw.isdigit() else None
                assessment.moderate(
                    eoi,
                    criterion,
                    value=value,
                    not_applicable=not_applicable,
                    reason=request.POST.get("reason", ""),
                    by=request.user,
                    opened_as=request.POST.get("opened_as", ""),
                )
                messages.success(request, f"Agreed score for criterion {criterion.position} saved")
            return redirect("eoi:manage-moderate", slug=slug, reference=reference)
        error = refusal.message
    summary = next(row for row in assessment.call_summary(call) if row.eoi.pk == eoi.pk)
    assessments = Assessment.objects.filter(assignment__expression_of_interest=eoi).select_related(
        "assignment__assessor"
    )
    comments = {}
    for item in assessments:
        for score in item.scores.all():
            if score.comment:
                comments.setdefault(score.criterion_id, []).append(
                    (item.assignment.assessor, score.comment)
                )
    rows = [(row, comments.get(row.criterion.pk, [])) for row in summary.criteria]
    return render(
        request,
        "eoi/manage/moderate.html",
        {
            "call": call,
            "eoi": eoi,
            "summary": summary,
            "rows": rows,
            "assessments": assessments,
            "error": error,
            "error_criterion": error_criterion,
            "error_criterion_text": str(error_criterion or ""),
            "posted": request.POST if error else {},
            "needs": _access_needs(request, eoi),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def decision(request, slug):
    """Choose the one expression of interest to select, with reasons; drafts the letters."""
    call = get_object_or_404(Call, slug=slug)
    rows = assessment.call_summary(call)
    current = call.decisions.filter(selected=True).select_related("expression_of_interest").first()
    error = None
    if request.method == "POST":
        chosen = ExpressionOfInterest.objects.filter(
            call=call, pk=posted_id(request, "selected")
        ).first()
        with errors.caught() as refusal:
            if chosen is None:
                raise EOIError("Choose the expression of interest to select")
            decisions.record_decision(
                call,
                selected=chosen,
                reasons=request.POST.get("reasons", ""),
                by=request.user,
                with_comments=request.POST.get("with_comments") == "yes",
            )
            messages.success(
                request,
                f"{chosen.reference} is selected. Check the letters in the outbox, then send them.",
            )
            return redirect("eoi:manage-outbox", slug=slug)
        error = refusal.message
    [found] = progress.progress([call])
    return render(
        request,
        "eoi/manage/decision.html",
        {
            "call": call,
            "progress": found,
            "closes_at": assessment.latest_closing_time(call),
            "rows": rows,
            "current": current,
            "error": error,
            "sent": decisions.letters_sent(call),
            "posted": request.POST,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def outbox(request, slug):
    call = get_object_or_404(Call, slug=slug)
    error = None
    if request.method == "POST":
        with errors.caught() as refusal:
            sent = decisions.send_letters(call, by=request.user)
            messages.success(
                request,
                f"{sent} letter{'s' if sent != 1 else ''} sent to the outbox. Each one's "
                "delivery is shown below.",
            )
            return redirect("eoi:manage-outbox", slug=slug)
        error = refusal.message
    letters = list(
        OutcomeLetter.objects.filter(expression_of_interest__call=call).select_related(
            "expression_of_interest__decision"
        )
    )
    delivery = mail_outbox.about(letters)
    for letter in letters:
        letter.delivery = delivery.get(letter.pk)
    return render(
        request,
        "eoi/manage/outbox.html",
        {
            "call": call,
            "letters": letters,
            "drafts": [letter for letter in letters if not letter.is_sent],
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def letter_edit(request, slug, reference):
    call = get_object_or_404(Call, slug=slug)
    letter = get_object_or_404(
        OutcomeLetter,
        expression_of_interest__call=call,
        expression_of_interest__reference=reference,
    )
    error = saved_now = None
    subject, body = letter.subject, letter.body
    opened_as = fingerprint(letter, ["subject", "body"])
    if request.method == "POST":
        subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
        with errors.caught() as refusal:
            decisions.update_letter(
                letter, subject=subject, body=body, opened_as=request.POST.get("opened_as", "")
            )
            messages.success(request, f"The letter for {reference} has been saved")
            return redirect("eoi:manage-outbox", slug=slug)
        error, saved_now = refusal.message, refusal.conflict
    return render(
        request,
        "eoi/manage/letter.html",
        {
            "call": call,
            "letter": letter,
            "error": error,
            "subject": subject,
            "body": body,
            "opened_as": opened_as,
            "saved_now": saved_now,
            "needs": _access_needs(request, letter.expression_of_interest),
        },
    )


@require_safe
@login_required
@manager_only
def export(request, slug, fmt):
    """Scores as CSV (one row per assessment) or XLSX (that and a summary sheet)."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Scores can be downloaded as CSV or XLSX")
    call = get_object_or_404(Call, slug=slug)
    per_assessment = exports.assessment_sheet(call)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(per_assessment), content_type="text/csv")
    else:
        workbook = exports.to_xlsx(
            [("Assessments", per_assessment), ("Summary", exports.summary_sheet(call))]
        )
        response = HttpResponse(
            workbook,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-scores.{fmt}"'
    return response


@require_safe
@login_required
@manager_only
def history(request, slug):
    call = get_object_or_404(Call, slug=slug)
    return render(
        request,
        "eoi/manage/history.html",
        {"call": call, "entries": call_history(call)},
    )


def _access_needs(request, eoi):
    """The access needs of the people who act for the applying organisation, for a page where
    the programme team is about to contact them; None if the viewer may not see them."""
    if eoi.organisation is None or not request.user.has_perm("eoi.view_access_needs", eoi):
        return None
    return access_needs.for_people(application.applicants_of(eoi.organisation))


@require_safe
@login_required
@manager_only
def adjustment_queue(request):
    """Every request for a reasonable adjustment: those waiting first, oldest first."""
    waiting, answered = adjustments.queue()
    return render(
        request,
        "eoi/manage/adjustments.html",
        {"waiting": waiting, "answered": Paginator(answered, 25).get_page(request.GET.get("page"))},
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
def adjustment_answer(request, pk):
    """One request: what was asked, who asked (with their access needs), and the answer."""
    adjustment = get_object_or_404(
        AdjustmentRequest.objects.select_related("call", "organisation", "requested_by"), pk=pk
    )
    form = manage_forms.AdjustmentAnswerForm(posted(request), adjustment=adjustment)
    if request.method == "POST" and adjustment.is_open and form.is_valid():
        granting = form.cleaned_data["status"] == AdjustmentRequest.Status.GRANTED
        with errors.onto(form, field="closes_day" if granting else "answer"):
            answered = adjustments.answer(
                adjustment,
                status=form.cleaned_data["status"],
                by=request.user,
                closes_at=form.cleaned_data["closes_at"],
                text=form.cleaned_data["answer"],
            )
            messages.success(
                request,
                f"Your answer to {answered.organisation.name} has been saved and emailed",
            )
            return redirect("eoi:manage-adjustments")
        adjustment.refresh_from_db()
    # Someone else answered it since this page was opened: say so, and keep what was typed.
    answered_meanwhile = request.method == "POST" and not adjustment.is_open
    eoi = ExpressionOfInterest.objects.filter(
        call=adjustment.call, organisation=adjustment.organisation
    ).first()
    may_see = eoi is None or request.user.has_perm("eoi.view_access_needs", eoi)
    return render(
        request,
        "eoi/manage/adjustment.html",
        {
            "adjustment": adjustment,
            "form": form,
            "closes_at": application.closing_time(adjustment.call, adjustment.organisation),
            "latest_text": govuk_datetime(adjustments.latest_closing(adjustment.call)),
            "needs": (
                access_needs.for_people(adjustments.people_asking(adjustment)) if may_see else None
            ),
            "answered_meanwhile": adjustments.ALREADY_ANSWERED if answered_meanwhile else "",
            "typed": request.POST.get("answer", "") if answered_meanwhile else "",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@manager_only
@uploads.bounded(assisted.MAX_BYTES)
def assisted_start(request, slug):
    """Complete an expression of interest on an organisation's behalf, from a conversation or
    from a document or recording it sent."""
    call = get_object_or_404(Call, slug=slug)
    form = manage_forms.AssistedStartForm(posted(request), request.FILES or None)
    too_big = getattr(request, "upload_too_big", False)  # known once the body is read
    if request.method == "POST" and too_big:
        form.is_valid()
        form.add_error(
            "source", f"The file must be smaller than {settings.ASSISTED_SOURCE_MAX_MB} MB"
        )
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["source"]
        with errors.onto(form, field="source" if upload else "how"):
            eoi = assisted.start(
                request,
                call,
                form.cleaned_data["organisation"],
                how=form.cleaned_data["how"],
                source=(upload.name, upload.read()) if upload else None,
            )
            messages.success(
                request,
                f"You are completing {eoi.organisation.name}'s expression of interest. When it "
                "is finished, send it to their contact to confirm.",
            )
            return redirect("eoi:task-list", slug=slug)
    return render(
        request,
        "eoi/manage/assisted_form.html",
        {"call": call, "form": form, "max_mb": settings.ASSISTED_SOURCE_MAX_MB},
    )


@require_safe
@login_required
@manager_only
def assisted_source(request, pk):
    """A document or recording an organisation sent, for the programme team only."""
    source = get_object_or_404(AssistedSource, pk=pk)
    response = FileResponse(
        default_storage.open(source.stored_name, "rb"), content_type=source.content_type
    )
    response["Content-Disposition"] = content_disposition_header(True, source.name)
    response["Cache-Control"] = "private, no-store"
    return response
