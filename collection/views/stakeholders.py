"""Stakeholders and dissemination, for the coordinator and the programme manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import Organisation
from portal import errors, filters, uploads
from portal.forms import posted
from portal.spreadsheets import csv_response

from .. import dissemination, forms, stakeholders
from ..models import ChannelRecord, Round, Send, Stakeholder, StakeholderImport

team_only = permission_required("collection.manage_stakeholders", raise_exception=True)
PAGE_SIZE = 50


def _filtered(request):
    chosen, kind = filters.one_of(
        Stakeholder.objects.all(), request.GET, "kind", Stakeholder.Kind.values
    )
    chosen, region = filters.one_of(chosen, request.GET, "region", Organisation.Region.values)
    return chosen.order_by("name"), kind, region


@require_safe
@login_required
@team_only
def stakeholder_list(request):
    chosen, kind, region = _filtered(request)
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collection/stakeholders/list.html",
        {
            "page": page,
            "kind": kind,
            "region": region,
            "kinds": Stakeholder.Kind.choices,
            "regions": Organisation.Region.choices,
            "total": Stakeholder.objects.count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def stakeholder_edit(request, pk=None):
    stakeholder = get_object_or_404(Stakeholder, pk=pk) if pk else None
    form = forms.StakeholderForm(posted(request), instance=stakeholder)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            saved = form.save()
            messages.success(request, f"“{saved.name}” has been saved")
            return redirect("collection:stakeholders")
    return render(
        request, "collection/stakeholders/form.html", {"form": form, "stakeholder": stakeholder}
    )


@require_safe
@login_required
@team_only
def stakeholder_export(request):
    chosen, _, _ = _filtered(request)
    return csv_response(stakeholders.export_rows(chosen), "stakeholders.csv")


@require_safe
@login_required
@team_only
def stakeholder_map(request):
    chosen, kind, region = _filtered(request)
    return render(
        request,
        "collection/stakeholders/map.html",
        {
            "quadrants": stakeholders.quadrants(chosen),
            "kind": kind,
            "region": region,
            "kinds": Stakeholder.Kind.choices,
            "regions": Organisation.Region.choices,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
@login_required
@team_only
def stakeholder_map_svg(request):
    """The same grid as a picture for reports, with a title and description for screen readers."""
    chosen, _, _ = _filtered(request)
    quadrants = stakeholders.quadrants(chosen)
    svg = render_to_string("collection/stakeholders/map.svg", {"quadrants": quadrants})
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@csrf_exempt  # the CSRF check reads the body, so it runs below, after the upload is bounded
@require_http_methods(["GET", "POST"])
@login_required
@team_only
def import_upload(request):
    if request.method == "POST":
        if uploads.declared_too_big(request, stakeholders.MAX_BYTES):
            return _import_page(request, too_big=True)  # changes nothing, reads nothing
        request.upload_handlers = [uploads.BoundedUpload(request, stakeholders.MAX_BYTES)]
    return _import_upload(request)


def _import_page(request, form=None, *, too_big=False):
    if too_big:
        form = forms.UploadForm({}, {})
        form.is_valid()
        form.errors.clear()
        form.add_error("file", stakeholders.TOO_BIG)
    return render(
        request,
        "collection/stakeholders/import.html",
        {"form": form, "columns": stakeholders.COLUMNS},
    )


@csrf_protect
def _import_upload(request):
    if getattr(request, "upload_too_big", False):  # the file was dropped as it arrived
        return _import_page(request, too_big=True)
    form = forms.UploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form, field="file"):
            upload = stakeholders.upload(form.cleaned_data["file"], by=request.user)
            return redirect("collection:stakeholder-import-check", pk=upload.pk)
    return _import_page(request, form)


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def import_check(request, pk):
    """Every row's problems by row number; import only when there are none."""
    upload = get_object_or_404(StakeholderImport, pk=pk)
    checked = stakeholders.check(upload.content)
    if request.method == "POST":
        with errors.as_message(request):
            done = stakeholders.run(upload)
            messages.success(
                request,
                f"Imported {upload.filename}: {done.created_count} added, "
                f"{done.updated_count} updated",
            )
            return redirect("collection:stakeholders")
        return redirect("collection:stakeholder-import-check", pk=pk)
    return render(
        request,
        "collection/stakeholders/import_check.html",
        {"upload": upload, "checked": checked},
        status=200,
    )


# Dissemination --------------------------------------------------------------------------------


@require_safe
@login_required
@team_only
def rounds(request):
    return render(
        request,
        "collection/dissemination/list.html",
        {
            "rounds": Round.objects.select_related("edition").annotate(
                sent=Count("sends", filter=Q(sends__status=Send.Status.SENT)),
                failed=Count("sends", filter=Q(sends__status=Send.Status.FAILED)),
                total=Count("sends"),
            ),
            "channels": ChannelRecord.objects.select_related("edition"),
            "editions": dissemination.published_editions(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def round_new(request):
    initial = {
        "kinds": [Stakeholder.Kind.LOCAL_AUTHORITY],
        "subject": "DPULOs making a difference: case studies for commissioners",
    }
    # From the coverage page: that edition, to the local authorities not yet sent it.
    chosen = dissemination.published_editions().filter(slug=request.GET.get("edition", ""))
    if chosen.exists():
        initial["edition"] = chosen.first()
    if request.GET.get("not_yet_sent"):
        initial["not_yet_sent"] = True
    form = forms.RoundForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors.onto(form):
            round_ = dissemination.prepare(
                data["edition"],
                kinds=data["kinds"],
                regions=data["regions"],
                subject=data["subject"],
                message=data["message"],
                attach_pdf=data["attach_pdf"],
                by=request.user,
                not_yet_sent=data["not_yet_sent"],
            )
            return redirect("collection:round", pk=round_.pk)
    return render(
        request,
        "collection/dissemination/new.html",
        {"form": form, "no_editions": not dissemination.published_editions().exists()},
    )


@require_safe
@login_required
@team_only
def round_detail(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("edition"), pk=pk)
    sends = list(round_.sends.select_related("stakeholder", "message"))
    unsent = [s for s in sends if s.status != Send.Status.SENT]
    return render(
        request,
        "collection/dissemination/round.html",
        {
            "round": round_,
            "sends": sends,
            "failed": [s for s in sends if s.status == Send.Status.FAILED],
            "unsent": unsent,
            # Those the outbox has given up on, or never had: the button sends only these.
            "to_send": [s for s in unsent if not dissemination.on_its_way(s)],
            "example": dissemination.body(round_, sends[0].stakeholder) if sends else "",
        },
    )


@require_POST
@login_required
@team_only
def round_send(request, pk):
    round_ = get_object_or_404(Round, pk=pk)
    with errors.as_message(request):
        dissemination.start_sending(round_, by=request.user)
        round_.refresh_from_db()
        failed = round_.sends.filter(status=Send.Status.FAILED).count()
        if failed:
            messages.error(
                request,
                f"{failed} email{'s' if failed != 1 else ''} could not be delivered yet. The "
                "outbox tries again by itself; the table below shows when, and why it failed.",
            )
        elif round_.status == Round.Status.SENT:
            messages.success(request, "Every email in this round has been sent")
        else:
            messages.success(request, "The emails are being sent. Refresh to see progress.")
    return redirect("collection:round", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def channel_new(request):
    form = forms.ChannelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        dissemination.record_channel(form.cleaned_data, by=request.user)
        messages.success(request, "The dissemination has been recorded")
        return redirect("collection:rounds")
    return render(request, "collection/dissemination/channel.html", {"form": form})


@require_safe
@login_required
@team_only
def coverage(request):
    """Which local authorities have not yet been sent an edition, by region."""
    published = dissemination.published_editions()
    edition = published.filter(slug=request.GET.get("edition", "")).first() or published.first()
    regions = dissemination.coverage(edition) if edition else []
    return render(
        request,
        "collection/dissemination/coverage.html",
        {
            "edition": edition,
            "editions": published,
            "regions": regions,
            "not_sent": sum(len(not_sent) for _, _, not_sent, _ in regions),
        },
    )
