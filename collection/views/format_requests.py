"""Asking for the collection in another format (anyone, no account needed), and the queue where
the coordinator and the programme manager answer those requests."""

import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from portal import dates, errors, filters, limits
from portal.forms import posted

from .. import format_requests, forms
from ..models import FormatRequest

team_only = permission_required("collection.answer_format_requests", raise_exception=True)
PAGE_SIZE = 50
SENT = "format_request_sent"
SENT_AS = "format_request_sent_as"


@require_http_methods(["GET", "POST"])
def ask(request):
    """The request form. A link from a published page names what it is for
    (``?edition=…&case_study=…``), which fills in the first answer."""
    edition, case_study, item = format_requests.what(
        request.GET.get("edition"), request.GET.get("case_study")
    )
    form = forms.FormatRequestForm(posted(request), initial={"item": item})
    if request.method == "POST" and form.is_valid():
        # The same request sent twice from one browser (a double click, going back and sending
        # again) is one request: the confirmation of the first is shown again.
        same = format_requests.fingerprint(form.cleaned_data)
        if request.session.get(SENT_AS) == same and request.session.get(SENT):
            return redirect("collection:format-request-sent")
        wait = limits.check(request, "format_request", "ip", method="POST") or (
            form.cleaned_data["email"]
            and limits.check(request, "format_request_email", _email, method="POST")
        )
        if wait:
            form.add_error(
                None,
                f"{limits.refusal('Asking for another format', wait)}, or email "
                f"{settings.SERVICE_CONTACT_EMAIL} to ask",
            )
            response = _ask_page(request, form, edition, case_study)
            response.status_code = 429
            return response
        made = form.save(commit=False)
        made.edition, made.case_study = edition, case_study
        made = format_requests.receive(made, user=request.user, answers=form.cleaned_data)
        request.session[SENT], request.session[SENT_AS] = made.pk, same
        return redirect("collection:format-request-sent")
    return _ask_page(request, form, edition, case_study)


def _email(group, request):
    """The rate limit's key for the email address given: one address is not flooded."""
    return (request.POST.get("email") or "").strip().lower()


def _ask_page(request, form, edition, case_study):
    return render(
        request,
        "collection/format_requests/ask.html",
        {
            "form": form,
            "edition": edition,
            "case_study": case_study,
            "days": settings.FORMAT_REQUEST_DAYS,
            "retention_period": dates.days_in_words(settings.RETENTION_DAYS),
        },
    )


@require_safe
def sent(request):
    """The confirmation: the reference and the date to expect a reply by. Shown only to the
    browser that sent the request; anyone else is sent to the form."""
    made = FormatRequest.objects.filter(pk=request.session.get(SENT) or 0).first()
    if made is None:
        return redirect("collection:format-request")
    return render(request, "collection/format_requests/sent.html", {"made": made})


@require_safe
@login_required
@team_only
def queue(request):
    """Every request, open ones first by their target date; filter by status."""
    chosen, status = filters.one_of(
        FormatRequest.objects.all(), request.GET, "status", FormatRequest.Status.values
    )
    ordered = chosen.order_by(
        F("closed_at").asc(nulls_first=True), "reply_due", "received_at"
    ).select_related("edition", "case_study")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collection/format_requests/queue.html",
        {
            "page": page,
            "status": status,
            "statuses": FormatRequest.Status.choices,
            "today": timezone.localdate(),
            "open_count": FormatRequest.objects.filter(status__in=FormatRequest.OPEN).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def detail(request, pk):
    found = get_object_or_404(FormatRequest.objects.select_related("handled_by"), pk=pk)
    # The form checks a copy, so what it is given never shows at the top as if it were saved.
    form = forms.FormatRequestUpdateForm(posted(request), instance=copy.copy(found))
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            saved = format_requests.update(
                found,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                opened_as=form.opened(),
                user=request.user,
            )
            told = (
                f". They gave no email address, so we have not told them: {saved.tell_them_by} "
                "to say why"
                if saved.tell_them_by
                else ""
            )
            messages.success(
                request, f"{saved.reference} has been saved: {saved.get_status_display()}{told}"
            )
            return redirect("collection:format-requests")
        # Refused: show the request as it is saved now (someone else may have changed it).
        found.refresh_from_db()
    return render(
        request,
        "collection/format_requests/detail.html",
        {"found": found, "form": form, "today": timezone.localdate()},
    )
