"""Scoping a case study: proposing it, its details, agreeing it with a DPULO or declining it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal import errors
from portal.forms import posted

from .. import forms, scoping, workflow
from ..models import CaseStudy
from .common import _case_study, _detail_url


def _scope_page(request, form, case_study=None, conflict=None):
    return render(
        request,
        "casestudies/scope.html",
        {"form": form, "case_study": case_study, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@login_required
def propose(request):
    if not request.user.has_perm("casestudies.manage_casestudies"):
        raise PermissionDenied
    form = forms.ScopeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        template = scoping.default_template()
        with errors.onto(form):
            if template is None:
                raise scoping.ScopeError(
                    "There is no published case-study template yet. Publish one first."
                )
            case_study = scoping.propose(form.scope_fields(), template=template, by=request.user)
            messages.success(request, f"“{case_study.title}” has been proposed")
            return redirect(_detail_url(case_study))
    return _scope_page(request, form)


@require_http_methods(["GET", "POST"])
@login_required
def scope_edit(request, pk):
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    initial = {name: getattr(case_study, name) for name in scoping.SCOPE_FIELDS}
    initial["version"] = case_study.scope_version
    form = forms.ScopeForm(posted(request), initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        with errors.onto(form) as refusal:
            scoping.update_scope(
                case_study, form.scope_fields(), version=form.cleaned_data["version"]
            )
            messages.success(request, "The case study's details have been saved")
            return redirect(_detail_url(case_study))
        conflict = refusal.conflict
    return _scope_page(request, form, case_study, conflict)


@require_http_methods(["GET", "POST"])
@login_required
def agree(request, pk):
    """Agree the case study and invite its author (or, once agreed, invite them again)."""
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    again = case_study.status != CaseStudy.Status.PROPOSED
    form = forms.AgreeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        fields = {
            "author_name": form.cleaned_data["author_name"],
            "author_email": form.cleaned_data["author_email"],
        }
        with errors.onto(form):
            if again:
                scoping.reinvite(case_study, by=request.user, **fields)
            else:
                scoping.agree(case_study, by=request.user, **fields)
            messages.success(request, f"We have emailed an invitation to {fields['author_email']}")
            return redirect(_detail_url(case_study))
    return render(
        request, "casestudies/agree.html", {"case_study": case_study, "form": form, "again": again}
    )


@require_http_methods(["GET", "POST"])
@login_required
def decline(request, pk):
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    form = forms.DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            workflow.transition(
                case_study, "decline", by=request.user, note=form.cleaned_data["reason"]
            )
            messages.success(request, f"“{case_study.title}” has been declined")
            return redirect(_detail_url(case_study))
    return render(request, "casestudies/decline.html", {"case_study": case_study, "form": form})
