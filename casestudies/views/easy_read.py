"""The Easy Read version of a case study: its points with pictures, its glossary and the checks
(for the author and the coordinator), and the coordinator's list of hard words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import errors, uploads
from portal.forms import posted
from portal.stale import fingerprint

from .. import easy_read, forms, pictures, writing
from ..models import EasyReadPoint, GlossaryEntry, HardWord
from .common import _case_study

coordinators_only = permission_required("casestudies.edit_templates", raise_exception=True)


def _asking(case_study):
    if not case_study.template_version.asks_for_easy_read:
        raise Http404("This case study's template does not ask for an Easy Read version.")
    return case_study


def _url(case_study, fragment=""):
    return reverse("casestudies:easy-read", args=[case_study.pk]) + fragment


@require_safe
@login_required
def overview(request, pk):
    """Every point with its picture, the glossary, and what to put right."""
    case_study = _asking(_case_study(request, pk))
    points = list(case_study.easy_read_points.all())
    glossary = list(case_study.glossary.all())
    hard_words = list(HardWord.objects.all())
    return render(
        request,
        "casestudies/easy_read.html",
        {
            "case_study": case_study,
            "points": points,
            "glossary": glossary,
            "problems": easy_read.problems(points, glossary, hard_words),
            "reading_ease": easy_read.reading_ease(points),
            "can_write": request.user.has_perm("casestudies.write_casestudy", case_study),
            "glossary_form": forms.GlossaryEntryForm(),
            "longest": easy_read.LONGEST_SENTENCE,
        },
    )


@require_safe
@login_required
def picture(request, pk, position):
    """A point's picture, for the people who may read the case study."""
    case_study = _case_study(request, pk)
    point = get_object_or_404(EasyReadPoint, case_study=case_study, position=position)
    if not point.picture:
        raise Http404("This point has no picture.")
    kind = "image/png" if point.picture.name.endswith(".png") else "image/jpeg"
    response = FileResponse(point.picture.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, no-cache"
    return response


@require_http_methods(["GET", "POST"])
@login_required
@uploads.bounded(pictures.MAX_BYTES)
def point_edit(request, pk, position=None):
    needed = (
        "casestudies.view_casestudy" if request.method == "POST" else "casestudies.write_casestudy"
    )
    case_study = _asking(_case_study(request, pk, needed))
    point = get_object_or_404(case_study.easy_read_points, position=position) if position else None
    initial = {"text": point.text, "picture_alt": point.picture_alt} if point else None
    too_big = getattr(request, "upload_too_big", False)
    form = forms.EasyReadPointForm(
        posted(request) if not too_big else request.POST,
        request.FILES or None,
        initial=initial,
        has_picture=bool(point and point.picture),
        hard_words=HardWord.objects.values_list("word", flat=True),
        glossary=case_study.glossary.values_list("word", flat=True),
    )
    saved_now = None
    if request.method == "POST" and too_big:
        form.is_valid()
        form.add_error("picture", pictures.TOO_BIG)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors.onto(form) as refusal:
            if point:
                writing.update_point(
                    point,
                    point_text=data["text"],
                    picture=data["picture"],
                    picture_alt=data["picture_alt"],
                    remove_picture=data.get("remove_picture", False),
                    by=request.user,
                    opened_as=data["opened_as"],
                )
            else:
                point = writing.add_point(
                    case_study,
                    point_text=data["text"],
                    picture=data["picture"],
                    picture_alt=data["picture_alt"],
                    by=request.user,
                )
            messages.success(request, f"Point {point.position} has been saved")
            return redirect(_url(case_study, f"#point-{point.position}"))
        saved_now = refusal.conflict
        form.picture_not_kept()
    return render(
        request,
        "casestudies/easy_read_point.html",
        {
            "case_study": case_study,
            "point": point,
            "form": form,
            "opened_as": fingerprint(point, writing.POINT_FIELDS) if point else "",
            "saved_now": saved_now,
            "longest": easy_read.LONGEST_SENTENCE,
        },
    )


@require_POST
@login_required
def point_remove(request, pk, position):
    case_study = _asking(_case_study(request, pk, "casestudies.write_casestudy"))
    point = get_object_or_404(EasyReadPoint, case_study=case_study, position=position)
    refusal = None
    if request.POST.get("confirm") == "yes":
        with errors.caught() as refusal:
            writing.remove_point(
                point, by=request.user, opened_as=request.POST.get("opened_as", "")
            )
            messages.success(request, f"Point {position} has been removed")
            return redirect(_url(case_study, "#points"))
        if refusal.conflict is None:
            messages.error(request, refusal.message)
            return redirect(_url(case_study, "#points"))
        point = refusal.conflict
    return render(
        request,
        "casestudies/easy_read_point_remove.html",
        {
            "case_study": case_study,
            "point": point,
            "opened_as": fingerprint(point, writing.POINT_FIELDS),
            "refusal": refusal,
        },
        status=409 if refusal else 200,
    )


@require_POST
@login_required
def glossary_add(request, pk):
    case_study = _asking(_case_study(request, pk))
    form = forms.GlossaryEntryForm(request.POST)
    if form.is_valid():
        with errors.onto(form):
            entry = writing.add_glossary_entry(
                case_study,
                word=form.cleaned_data["word"],
                explanation=form.cleaned_data["explanation"],
                by=request.user,
            )
            messages.success(request, f"“{entry.word}” has been added to the glossary")
            return redirect(_url(case_study, "#glossary"))
    points = list(case_study.easy_read_points.all())
    glossary = list(case_study.glossary.all())
    return render(
        request,
        "casestudies/easy_read.html",
        {
            "case_study": case_study,
            "points": points,
            "glossary": glossary,
            "problems": easy_read.problems(points, glossary, list(HardWord.objects.all())),
            "reading_ease": easy_read.reading_ease(points),
            "can_write": request.user.has_perm("casestudies.write_casestudy", case_study),
            "glossary_form": form,
            "longest": easy_read.LONGEST_SENTENCE,
        },
        status=400,
    )


@require_POST
@login_required
def glossary_remove(request, pk, entry):
    case_study = _asking(_case_study(request, pk, "casestudies.write_casestudy"))
    found = get_object_or_404(GlossaryEntry, case_study=case_study, pk=entry)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "casestudies/glossary_remove.html",
            {"case_study": case_study, "entry": found},
        )
    with errors.as_message(request):
        writing.remove_glossary_entry(found, by=request.user)
        messages.success(request, f"“{found.word}” has been removed from the glossary")
    return redirect(_url(case_study, "#glossary"))


# The coordinator's list of hard words.


@require_http_methods(["GET", "POST"])
@login_required
@coordinators_only
def hard_words(request):
    """The list, and a form to add a word to it."""
    form = forms.HardWordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            saved = form.save()
            messages.success(request, f"“{saved.word}” has been added to the hard words")
            return redirect("casestudies:hard-words")
    return render(
        request,
        "casestudies/hard_words.html",
        {"words": HardWord.objects.all(), "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
@coordinators_only
def hard_word(request, pk):
    """Change a hard word or its explanation, or remove it."""
    found = get_object_or_404(HardWord, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        if request.POST.get("confirm") != "yes":
            return render(request, "casestudies/hard_word_remove.html", {"found": found})
        found.delete()
        messages.success(request, f"“{found.word}” has been removed from the hard words")
        return redirect("casestudies:hard-words")
    form = forms.HardWordForm(posted(request), instance=found)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            saved = form.save()
            messages.success(request, f"“{saved.word}” has been saved")
            return redirect("casestudies:hard-words")
    return render(request, "casestudies/hard_word.html", {"found": found, "form": form})
