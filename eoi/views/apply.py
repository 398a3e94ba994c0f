"""Public calls, and the applicant's journey from "Start now" to a receipt.

Views only fetch what the user may see and call ``eoi.application``; every rule lives there. An
applicant's expression of interest is always found through their own organisation, so another
organisation's is unreachable (404), never merely hidden.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from portal import errors, limits
from portal.forms import posted

from .. import adjustments, application, assisted, forms, offline, printing, queries
from ..models import AdjustmentRequest, Answer, Call, ExpressionOfInterest
from ..money import describe_rate

SAVE_AND_COME_BACK = "later"


# Public pages --------------------------------------------------------------------------------


@require_safe
def call_list(request):
    now = timezone.now()
    calls = list(Call.objects.all())
    return render(
        request,
        "eoi/call_list.html",
        {
            "open_calls": [call for call in calls if call.state(now) == "open"],
            "upcoming_calls": [call for call in calls if call.state(now) == "upcoming"],
            "closed_calls": sorted(
                (call for call in calls if call.state(now) == "closed"),
                key=lambda call: call.closes_at,
                reverse=True,
            ),
        },
    )


@require_safe
def call_detail(request, slug):
    call = get_object_or_404(Call, slug=slug)
    user = request.user
    mine = {}
    eoi = queries.own_expression_of_interest(user, call)
    if eoi:
        # The applicant's own: the page says where it has got to, as the journey's pages do.
        mine = _page_context(eoi)
    return render(
        request,
        "eoi/call_detail.html",
        {
            **mine,
            "call": call,
            "criteria": call.criteria.all(),
            "state": call.state(),
            # Signed in without the applicant's role (an assessor, a manager, a coordinator):
            # say why they cannot apply instead of offering a button that leads to a refusal.
            "cannot_apply": user.is_authenticated and not user.has_perm("eoi.apply"),
            "roles_held": user.role_names if user.is_authenticated else [],
        },
    )


# The applicant's journey ---------------------------------------------------------------------


def _applicant_context(request, slug):
    """The call and the applicant's organisation, or a refusal."""
    call = get_object_or_404(Call, slug=slug)
    # A programme manager completing it for an organisation (another way to apply).
    acting = assisted.acting_for(request, call)
    if acting is not None:
        return call, acting
    if not request.user.has_perm("eoi.apply"):
        raise PermissionDenied
    organisation = application.applicant_organisation(request.user)
    return call, organisation


def _own_eoi(request, slug):
    call, organisation = _applicant_context(request, slug)
    eoi = get_object_or_404(
        ExpressionOfInterest.objects.select_related("call", "organisation"),
        call=call,
        organisation=organisation,
    )
    return eoi


def _page_context(eoi, **extra):
    """What every page of the journey shows: the call, its closing time for this
    organisation, and (once submitted) when it was, so each page can say so."""
    closes_at = application.closing_time(eoi.call, eoi.organisation)
    return {
        "eoi": eoi,
        "call": eoi.call,
        "closes_at": closes_at,
        "is_closed": timezone.now() >= closes_at,
        **extra,
    }


def _after_save(request, eoi, next_url):
    if request.POST.get("action") == SAVE_AND_COME_BACK:
        messages.success(request, "Your answers have been saved. You can come back at any time.")
        return redirect("eoi:task-list", slug=eoi.call.slug)
    return redirect(next_url)


@require_safe
@login_required
def task_list(request, slug):
    """Start (or come back to) the organisation's expression of interest.

    Starting is idempotent: a refresh or a second tab finds the same draft.
    """
    call, organisation = _applicant_context(request, slug)
    with errors.caught() as refusal:
        eoi = application.start(call, organisation, by=request.user)
    if refusal.error:
        return render(request, "eoi/cannot_start.html", {"call": call, "message": refusal.message})
    rows = printing.answer_rows(eoi)
    missing = application.missing_sections(eoi)
    # Only a complete one is measured (the count is cached by its text, so it is laid out
    # once per change): "Ready to check" must not lead to a page with no submit button.
    too_long = not missing and printing.count_pages(eoi).over_limit
    return render(
        request,
        "eoi/task_list.html",
        _page_context(
            eoi,
            rows=rows,
            organisation_complete=not any(m.url_name == "eoi:organisation" for m in missing),
            contact_complete=not any(m.url_name == "eoi:contact" for m in missing),
            sections_done=(len(rows) + 2) - len(missing),
            sections_total=len(rows) + 2,
            ready=not missing and not too_long,
            too_long=too_long,
            adjustments_asked=list(adjustments.for_organisation(call, organisation)),
            own_organisation_id=getattr(
                application.applicant_organisation(request.user), "pk", None
            ),
        ),
    )


def _criterion_url(eoi, position):
    return reverse("eoi:criterion", kwargs={"slug": eoi.call.slug, "position": position})


def _next_after_organisation(eoi):
    first = eoi.call.criteria.first()
    return (
        _criterion_url(eoi, first.position)
        if first
        else reverse("eoi:contact", kwargs={"slug": eoi.call.slug})
    )


def _save_with_version(form, save):
    """Run a versioned save; on a conflict or a rule, put the message on the form.

    Returns the conflict (to show both versions) or None. After a conflict the form carries
    the newer version, so saving again replaces it knowingly.
    """
    with errors.onto(form) as refusal:
        save()
    return refusal.error if refusal.conflict is not None else None


def _section(request, slug, *, form_class, fields, version_field, save, template, next_url):
    """A page that edits one section of the expression of interest (organisation, contact)."""
    eoi = _own_eoi(request, slug)
    initial = {field: getattr(eoi, field) for field in fields}
    initial["version"] = getattr(eoi, version_field)
    form = form_class(posted(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = _save_with_version(
            form,
            lambda: save(
                eoi, form.section_data(), version=form.cleaned_data["version"], by=request.user
            ),
        )
        if not form.errors:
            return _after_save(request, eoi, next_url(eoi))
    return render(request, template, _page_context(eoi, form=form, conflict=conflict))


@require_http_methods(["GET", "POST"])
@login_required
def organisation_details(request, slug):
    return _section(
        request,
        slug,
        form_class=forms.OrganisationDetailsForm,
        fields=application.ORGANISATION_FIELDS,
        version_field="organisation_version",
        save=application.save_organisation_details,
        template="eoi/organisation.html",
        next_url=_next_after_organisation,
    )


@require_http_methods(["GET", "POST"])
@login_required
def criterion_answer(request, slug, position):
    eoi = _own_eoi(request, slug)
    criterion = get_object_or_404(eoi.call.criteria, position=position)
    answer = Answer.objects.filter(expression_of_interest=eoi, criterion=criterion).first()
    version = answer.version if answer else 0
    if criterion.is_money:
        initial = {"amount": answer.amount if answer and answer.amount is not None else ""}
        form_class = forms.MoneyAnswerForm
        form_kwargs = {"label": "Your proposed daily rate, in pounds"}
    else:
        initial = {"text": answer.text if answer else ""}
        form_class = forms.WrittenAnswerForm
        form_kwargs = {}
    initial["version"] = version
    form = form_class(posted(request), initial=initial, **form_kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = (
            {"amount": form.cleaned_data["amount"], "text": ""}
            if criterion.is_money
            else {"text": form.cleaned_data["text"], "amount": None}
        )
        conflict = _save_with_version(
            form,
            lambda: application.save_answer(
                eoi, criterion, version=form.cleaned_data["version"], by=request.user, **values
            ),
        )
        if not form.errors:
            following = eoi.call.criteria.filter(position__gt=criterion.position).first()
            next_url = (
                _criterion_url(eoi, following.position)
                if following
                else reverse("eoi:contact", kwargs={"slug": slug})
            )
            if criterion.is_money and request.POST.get("action") != SAVE_AND_COME_BACK:
                # Show the totals the rate implies before moving on.
                messages.success(request, f"Saved: {_rate_sentence(eoi, values['amount'])}")
            return _after_save(request, eoi, next_url)
    saved_amount = answer.amount if answer else None
    return render(
        request,
        "eoi/criterion.html",
        _page_context(
            eoi,
            form=form,
            criterion=criterion,
            conflict=conflict,
            totals=_rate_sentence(eoi, saved_amount),
            count=eoi.call.criteria.count(),
        ),
    )


def _rate_sentence(eoi, amount):
    call = eoi.call
    return describe_rate(amount, call.effort_days_min, call.effort_days_max)


@require_http_methods(["GET", "POST"])
@login_required
def contact(request, slug):
    return _section(
        request,
        slug,
        form_class=forms.ContactForm,
        fields=application.CONTACT_FIELDS,
        version_field="contact_version",
        save=application.save_contact,
        template="eoi/contact.html",
        next_url=lambda eoi: reverse("eoi:check", kwargs={"slug": eoi.call.slug}),
    )


@require_safe
@login_required
def check_answers(request, slug):
    eoi = _own_eoi(request, slug)
    count = printing.count_pages(eoi)
    return render(
        request,
        "eoi/check.html",
        _page_context(
            eoi,
            rows=printing.answer_rows(eoi),
            count=count,
            missing=application.missing_sections(eoi),
        ),
    )


@require_safe
@login_required
def preview_pdf(request, slug):
    """Exactly what is counted against the A4 limit, and what the receipt will carry."""
    eoi = _own_eoi(request, slug)
    waits = []

    def may_render():  # only a render the cache cannot save counts towards the limit
        waits.append(limits.check(request, "pdf_preview", "user"))
        return waits[-1] is None

    try:
        data = printing.preview_pdf(eoi, may_render=may_render)
    except printing.PreviewRefused:  # a rate limit: answered with 429 and when to try again
        return limits.too_many(request, waits[-1], "A preview of your expression of interest")
    response = HttpResponse(data, content_type="application/pdf")
    name = eoi.reference or f"draft-{eoi.call.slug}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def declaration(request, slug):
    eoi = _own_eoi(request, slug)
    if assisted.acting_for(request, eoi.call):
        return _send_to_confirm(request, eoi)
    form = forms.DeclarationForm(posted(request))
    problem = None
    if request.method == "POST" and form.is_valid():
        with errors.onto(form, field=None) as refusal:
            application.submit(eoi, by=request.user)
            return redirect("eoi:confirmation", slug=slug)
        problem = refusal.error
    return render(request, "eoi/declaration.html", _page_context(eoi, form=form, problem=problem))


@require_safe
@login_required
def confirmation(request, slug):
    eoi = _own_eoi(request, slug)
    if not eoi.is_submitted:
        raise Http404("This expression of interest has not been submitted")
    submission = eoi.submissions.order_by("-number").first()
    return render(request, "eoi/confirmation.html", _page_context(eoi, submission=submission))


@require_safe
@login_required
def submitted_pdf(request, slug):
    """The PDF of exactly what the organisation last submitted (the receipt's attachment)."""
    eoi = _own_eoi(request, slug)
    submission = eoi.submissions.order_by("-number").first()
    if submission is None:
        raise Http404("This expression of interest has not been submitted")
    response = HttpResponse(bytes(submission.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{eoi.reference}-submission-{submission.number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, slug):
    eoi = _own_eoi(request, slug)
    error_message = None
    if request.method == "POST":
        with errors.caught() as refusal:
            application.withdraw(eoi, by=request.user)
            messages.success(request, "Your expression of interest has been withdrawn")
            return redirect("eoi:task-list", slug=slug)
        error_message = refusal.message
    return render(
        request,
        "eoi/withdraw.html",
        _page_context(
            eoi,
            error_message=error_message,
            nothing_to_withdraw=application.NOTHING_TO_WITHDRAW,
        ),
    )


@require_safe
@login_required
def outcome(request, slug):
    """The outcome letter, once the programme manager has sent it."""
    eoi = _own_eoi(request, slug)
    letter = getattr(eoi, "outcome_letter", None)
    if letter is None or not letter.is_sent:
        raise Http404("No outcome has been sent yet")
    return render(request, "eoi/outcome.html", _page_context(eoi, letter=letter))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_safe
def call_questions(request, slug, fmt):
    """The call's full question set to draft offline, as a tagged PDF or a Word document."""
    call = get_object_or_404(Call, slug=slug)
    if fmt == "pdf":
        response = HttpResponse(offline.as_pdf(call), content_type="application/pdf")
    else:
        response = HttpResponse(offline.as_word(call), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-questions.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def adjustment_request(request, slug):
    """Ask for a reasonable adjustment: more time, another way to apply, or something else."""
    call, organisation = _applicant_context(request, slug)
    if organisation is None:
        raise PermissionDenied
    form = forms.AdjustmentRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        more_time = form.cleaned_data["kind"] == AdjustmentRequest.Kind.MORE_TIME
        with errors.onto(form, field="proposed_day" if more_time else "details"):
            adjustments.ask(
                call,
                organisation,
                by=request.user,
                kind=form.cleaned_data["kind"],
                proposed_closes_at=form.cleaned_data["proposed_closes_at"],
                details=form.cleaned_data["details"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                "The request is recorded. We will email the organisation's applicants the "
                "answer, and it will show on this page."
                if assisted.acting_for(request, call)
                else "Your request has been sent to the programme team. We will email you "
                "their answer, and it will show on this page.",
            )
            return redirect("eoi:adjustments", slug=slug)
    return render(
        request,
        "eoi/adjustment_request.html",
        {
            "call": call,
            "form": form,
            "closes_at": application.closing_time(call, organisation),
            "latest": adjustments.latest_closing(call),
            "asked": adjustments.for_organisation(call, organisation),
        },
    )


def _send_to_confirm(request, eoi):
    """For the programme team completing it on an organisation's behalf: nothing is
    submitted here; the organisation's named contact is emailed a link to confirm it."""
    problem = None
    if request.method == "POST":
        with errors.caught() as refusal:
            assisted.ask_to_confirm(eoi, by=request.user)
            messages.success(
                request,
                f"We have emailed {eoi.contact_email} a link to read and confirm it. Nothing is "
                "submitted until they do.",
            )
            return redirect("eoi:task-list", slug=eoi.call.slug)
        problem = refusal.error
    return render(
        request,
        "eoi/assisted_send.html",
        _page_context(eoi, problem=problem, sent=eoi.confirmations.first()),
    )


@require_http_methods(["GET", "POST"])
def confirm_submission(request, token):
    """The organisation's contact reads exactly what the programme team typed in for them,
    and confirms it: only then is it submitted. The link works once."""
    found = assisted.find(token)
    if found is None:
        raise Http404("No such link")
    eoi = found.confirmation.expression_of_interest
    problem = found.problem
    if request.method == "POST" and not problem:
        with errors.caught() as refusal:
            submission = assisted.confirm(token)
            return render(
                request,
                "eoi/assisted_confirmed.html",
                {"eoi": eoi, "call": eoi.call, "submission": submission},
            )
        problem = refusal.message
    organisation_summary = printing.paragraphs(eoi.organisation_summary)
    return render(
        request,
        "eoi/assisted_confirm.html",
        {
            "eoi": eoi,
            "call": eoi.call,
            "problem": problem,
            "rows": printing.answer_rows(eoi),
            "organisation_summary": organisation_summary,
            "expires_at": found.confirmation.expires_at,
        },
    )
