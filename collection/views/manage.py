"""The coordinator's editions: choose and order case studies, write the introduction and the
conclusion, preview as HTML and PDF, publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from casestudies.models import CaseStudy
from portal import errors, limits, ordering
from portal.forms import posted, posted_id

from .. import editions, forms, printing
from ..models import Edition

coordinators_only = permission_required("collection.manage_editions", raise_exception=True)


@require_http_methods(["GET", "POST"])
@login_required
@coordinators_only
def edition_list(request):
    last = editions.latest_published()
    form = forms.NewEditionForm(posted(request), last=last)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form, field="title"):
            edition = editions.create(
                form.cleaned_data["title"],
                by=request.user,
                start_from=last if form.cleaned_data.get("start_from_last") else None,
            )
            messages.success(request, f"“{edition.title}” has been created as a draft")
            return redirect("collection:manage-edition", pk=edition.pk)
    return render(
        request,
        "collection/manage/list.html",
        {
            "form": form,
            "editions": Edition.objects.order_by("-created_at"),
            "ready": len(editions.ready_for_publication()),
            "not_ready": editions.not_ready(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@coordinators_only
def edition_edit(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    initial = {name: getattr(edition, name) for name in editions.DETAIL_FIELDS}
    initial["version"] = edition.version
    form = forms.EditionDetailsForm(posted(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        with errors.onto(form) as refusal:
            editions.update_details(edition, form.details(), version=form.cleaned_data["version"])
            messages.success(request, "The edition's details have been saved")
            return redirect("collection:manage-edition", pk=edition.pk)
        conflict = refusal.conflict
    entries = list(edition.entries.select_related("case_study__dpulo"))
    ordering.mark_focus(request.GET.get("moved", ""), entries)
    chosen = {entry.case_study_id for entry in entries}
    return render(
        request,
        "collection/manage/edit.html",
        {
            "edition": edition,
            "form": form,
            "conflict": conflict,
            "entries": entries,
            "available": [c for c in editions.ready_for_publication() if c.pk not in chosen],
            "before_publishing": editions.before_publishing(edition),
        },
    )


@require_POST
@login_required
@coordinators_only
def entry_add(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    chosen = posted_id(request, "case_study")
    case_study = CaseStudy.objects.filter(pk=chosen).first() if chosen else None
    url = reverse("collection:manage-edition", args=[pk])
    if case_study is None:
        messages.error(request, "Choose a case study to add")
        return redirect(url + "#add")
    with errors.as_message(request):
        editions.add(edition, case_study)
        messages.success(request, f"“{case_study.title}” has been added")
    return redirect(url + "#case-studies")


@require_POST
@login_required
@coordinators_only
def entry_action(request, pk, position):
    edition = get_object_or_404(Edition, pk=pk)
    entry = get_object_or_404(edition.entries.select_related("case_study"), position=position)
    action = request.POST.get("action")
    url = reverse("collection:manage-edition", args=[pk])
    with errors.as_message(request):
        if action in {"up", "down"}:
            editions.move(entry, action)
            return redirect(f"{url}?moved={entry.pk}-{action}")
        if action == "remove":
            editions.remove(entry)
            messages.success(request, f"“{entry.case_study.title}” has been removed")
    return redirect(url + "#case-studies")


@require_safe
@login_required
@coordinators_only
def preview(request, pk):
    """The edition as readers will see it, from the case studies as they read now."""
    edition = get_object_or_404(Edition, pk=pk)
    return render(
        request,
        "collection/preview.html",
        {"edition": edition, "case_studies": editions.snapshots(edition), "preview": True},
    )


@require_safe
@login_required
@coordinators_only
def preview_pdf(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    wait = limits.check(request, "pdf_preview", "user")
    if wait:
        return limits.too_many(request, wait, "A preview of the edition")
    rendered = printing.render_edition(edition, editions.snapshots(edition))
    response = HttpResponse(rendered.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{edition.slug}-preview.pdf"'
    return response


@require_POST
@login_required
@coordinators_only
def publish(request, pk):
    edition = get_object_or_404(Edition, pk=pk)
    problems = editions.before_publishing(edition)
    if problems and not edition.is_published:
        messages.error(request, f"{problems[0]} before you publish the edition")
        return redirect("collection:manage-edition", pk=pk)
    with errors.as_message(request):
        editions.publish(edition, by=request.user)
        messages.success(
            request,
            f"“{edition.title}” is published. Its PDF is being prepared; the edition page shows "
            "the download when it is ready.",
        )
        return redirect("collection:edition", slug=edition.slug)
    return redirect("collection:manage-edition", pk=pk)
