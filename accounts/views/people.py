"""The programme team's pages for people and organisations: roles, memberships and a lost
authenticator app, in the portal's own accessible pages (the Django admin is for emergencies)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from portal import errors
from portal.forms import posted, posted_id

from .. import forms, people, roles, two_factor
from ..models import Membership, Organisation, User

PAGE_SIZE = 25
team_only = permission_required("accounts.manage_people", raise_exception=True)


@require_safe
@login_required
@team_only
def people_list(request):
    query, role = request.GET.get("q", ""), request.GET.get("role", "")
    found = people.people(query=query, role=role)
    return render(
        request,
        "accounts/people/list.html",
        {
            "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query,
            "role": role if role in roles.ALL_ROLES else "",
            "roles": roles.ALL_ROLES,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def person_detail(request, pk):
    person = get_object_or_404(User, pk=pk)
    problem = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "remove_authenticator" and request.POST.get("confirm") != "yes":
            return render(request, "accounts/people/remove_authenticator.html", {"person": person})
        with errors.caught() as refusal:
            _act(request, person, action)
            return redirect("accounts:person", pk=person.pk)
        problem = refusal.error
    # A refused change shows what was asked for again, so nothing typed or ticked is lost.
    refused_roles = problem and request.POST.get("action") == "roles"
    held = request.POST.getlist("roles") if refused_roles else person.role_names
    return render(
        request,
        "accounts/people/person.html",
        {
            "person": person,
            "problem": problem,
            "roles": [(role, roles.DESCRIPTIONS[role], role in held) for role in roles.ALL_ROLES],
            "memberships": person.memberships.select_related("organisation"),
            "organisations": Organisation.objects.exclude(memberships__user=person).order_by(
                "name"
            ),
            "has_authenticator": two_factor.has_authenticator(person),
            "needs_two_factor": two_factor.required_for(person),
        },
        status=400 if problem else 200,
    )


def _act(request, person, action):
    """One change from the person's page; a refusal is raised as ``PeopleError``."""
    by = request.user
    if action == "roles":
        added, removed = people.set_roles(person, request.POST.getlist("roles"), by=by)
        messages.success(
            request,
            f"{person.full_name}'s roles have been saved"
            if added or removed
            else f"Nothing changed: {person.full_name} has the same roles as before",
        )
    elif action == "add_membership":
        organisation = Organisation.objects.filter(pk=posted_id(request, "organisation")).first()
        if organisation is None:
            raise people.PeopleError("Choose the organisation", field="organisation")
        people.add_membership(person, organisation, by=by)
        messages.success(request, f"{person.full_name} now acts for {organisation.name}")
    elif action == "remove_membership":
        membership = get_object_or_404(Membership, pk=posted_id(request, "membership"), user=person)
        people.remove_membership(membership, by=by)
        messages.success(
            request, f"{person.full_name} no longer acts for {membership.organisation.name}"
        )
    elif action == "remove_authenticator":
        people.remove_authenticator(person, by=by)
        messages.success(
            request,
            f"{person.full_name}'s authenticator app has been removed. They set up a new one "
            "the next time they sign in.",
        )
    else:
        raise people.PeopleError("Choose what to change")


@require_safe
@login_required
@team_only
def organisation_list(request):
    kind = request.GET.get("kind", "")
    found = people.organisations(kind=kind)
    return render(
        request,
        "accounts/people/organisations.html",
        {
            "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
            "kind": kind if kind in Organisation.Kind.values else "",
            "kinds": Organisation.Kind.choices,
        },
    )


@require_safe
@login_required
@team_only
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "accounts/people/organisation.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by(
                "user__full_name"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@team_only
def organisation_edit(request, pk=None):
    """Add an organisation (a commissioner, a partner) or change one's details."""
    organisation = get_object_or_404(Organisation, pk=pk) if pk else None
    form = forms.OrganisationForm(posted(request), instance=organisation)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            saved = people.save_organisation(form.save(commit=False), by=request.user)
            messages.success(request, f"{saved.name} has been saved")
            return redirect("accounts:organisation", pk=saved.pk)
    return render(
        request,
        "accounts/people/organisation_form.html",
        {"form": form, "organisation": organisation},
    )
