"""Registering, signing in and out, password reset, the role home page and "Your account"."""

import json

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_safe

from pages.forms import posted

from . import forms, roles, services
from .personal_data import collect as collect_personal_data


@require_http_methods(["GET", "POST"])
def register(request):
    """Register a DPULO and its first user, then sign them in."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = forms.RegistrationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register_dpulo(
                organisation_fields=form.organisation_fields(),
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except services.RegistrationError as error:
            form.add_error(error.field, error.message)
        else:
            login(
                request,
                registration.user,
                backend="django.contrib.auth.backends.ModelBackend",
            )
            request.session["registered_organisation"] = registration.organisation.name
            return redirect("accounts:registered")
    return render(request, "accounts/register.html", {"form": form})


@require_safe
@login_required
def registered(request):
    organisation = request.session.pop("registered_organisation", None)
    if organisation is None:
        return redirect("accounts:home")
    return render(request, "accounts/registered.html", {"organisation_name": organisation})


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = forms.SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Signing out is a POST from the header's button; Django refuses a GET."""


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows after too many wrong passwords, in plain English."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff": f"{minutes} minute{'s' if minutes != 1 else ''}"},
        status=429,
    )


@require_safe
def signed_out(request):
    return render(request, "accounts/signed_out.html")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")
    extra_email_context = {"site_name": settings.SERVICE_NAME}


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        """A new password ends any sign-in lockout for that email address."""
        response = super().form_valid(form)
        axes_reset(username=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed")
        return response


@require_safe
@login_required
def home(request):
    """What to do next, for each role the person holds."""
    user = request.user
    held = user.role_names
    memberships = user.memberships.select_related("organisation")
    applicant = None
    if roles.APPLICANT in held:
        from eoi.services import applicant_dashboard

        applicant = applicant_dashboard(user)
    return render(
        request,
        "accounts/home.html",
        {
            "applicant": applicant,
            "roles_held": held,
            "roles": roles,
            "memberships": memberships,
            "is_applicant": roles.APPLICANT in held,
            "is_assessor": roles.ASSESSOR in held,
            "is_programme_manager": roles.PROGRAMME_MANAGER in held,
            "is_coordinator": roles.COORDINATOR in held,
            "is_author": roles.AUTHOR in held,
        },
    )


@require_safe
@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": user.memberships.select_related("organisation"),
            "role_descriptions": [(role, roles.DESCRIPTIONS[role]) for role in user.role_names],
        },
    )


@require_safe
@login_required
def personal_data(request):
    """Everything we hold about the signed-in person, as a JSON file."""
    body = json.dumps(collect_personal_data(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data-dpulo-case-studies.json"'
    response["Cache-Control"] = "no-store"
    return response
