"""Registering, signing in and out, password reset, the role home page and "Your account"."""

from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login

from portal import errors, limits
from portal.forms import posted

from .. import access_needs, deletion, forms, roles, services, throttling, two_factor
from ..models import RecoveryCodes


@require_http_methods(["GET", "POST"])
def register(request):
    """Register a DPULO and its first user, then sign them in."""
    if request.user.is_authenticated:
        return redirect("pages:home")
    form = forms.RegistrationForm(posted(request))
    wait = limits.check(request, "register", "ip", method="POST")
    if wait:
        form.is_valid()
        form.add_error(None, limits.refusal("Registering", wait))
        return render(request, "accounts/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            registration = services.register_dpulo(
                organisation_fields=form.organisation_fields(),
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
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
        return redirect("pages:home")
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


def _reset_email(group, request):
    return throttling.normalise(request.POST.get("email"))


class PasswordResetView(auth_views.PasswordResetView):
    """Asking for a reset link is limited per network address and per email address, so the
    form cannot be used to flood someone's inbox or to send mail in bulk."""

    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")
    extra_email_context = {"site_name": settings.SERVICE_NAME}

    def form_valid(self, form):
        request = self.request
        wait = limits.check(request, "password_reset", "ip", method="POST") or limits.check(
            request, "password_reset_email", _reset_email, method="POST"
        )
        if wait:
            form.add_error(None, limits.refusal("Asking for a password reset link", wait))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        """A new password ends any sign-in lockout for that email address."""
        response = super().form_valid(form)
        axes_reset(username=throttling.normalise(form.user.email))
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
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": user.memberships.select_related("organisation"),
            "role_descriptions": [(role, roles.DESCRIPTIONS[role]) for role in user.role_names],
            "two_factor_on": two_factor.has_authenticator(user),
            "recovery_codes": two_factor.recovery_codes(user),
            "has_access_needs": bool(access_needs.described(access_needs.of(user))),
        },
    )


def _show_recovery_codes(request, codes, *, next_url, just_set_up):
    """The new recovery codes, shown this once and never stored in the clear."""
    response = render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next_url": next_url, "just_set_up": just_set_up},
    )
    response["Cache-Control"] = "no-store"
    return response


def _codes_refused(request, form):
    """Too many codes entered by this person lately: say so on the form, keep what was typed."""
    wait = limits.check(request, "second_factor", "user", method="POST")
    if wait:
        form.add_error(None, limits.refusal("Entering a code", wait))
    return bool(wait)


def _to_verify(request):
    return redirect(f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': request.path})}")


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request):
    """Turn on two-factor sign-in, or move it to a new app: scan the code (or type the key),
    then enter a code. Moving needs a code from the current app or a recovery code too."""
    user = request.user
    replacing = two_factor.has_authenticator(user)
    if replacing and not user.is_verified():
        return _to_verify(request)  # the middleware already does this; never rely on one guard
    device = two_factor.unconfirmed_device(user)
    form = forms.AuthenticatorForm(
        posted(request), replacing=replacing, initial={"next": request.GET.get("next", "")}
    )
    if request.method == "POST" and form.is_valid() and not _codes_refused(request, form):
        with errors.onto(form):
            codes = two_factor.confirm(
                device,
                form.cleaned_data["code"],
                current_token=form.cleaned_data.get("current_code"),
                request=request,
            )
            otp_login(request, device)
            return _show_recovery_codes(
                request, codes, next_url=two_factor.safe_next(request), just_set_up=True
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.required_for(user),
            "already_on": replacing,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def recovery_codes(request):
    """How many recovery codes are left, and making new ones (with proof of the second factor)."""
    user = request.user
    if not two_factor.has_authenticator(user):
        return redirect("accounts:two-factor-setup")
    if not user.is_verified():
        return _to_verify(request)
    form = forms.CurrentCodeForm(posted(request), submit="Make new recovery codes")
    if request.method == "POST" and form.is_valid() and not _codes_refused(request, form):
        with errors.onto(form):
            two_factor.check_current(user, form.cleaned_data["current_code"], request=request)
            codes = two_factor.make_recovery_codes(user, request=request)
            if isinstance(getattr(user, "otp_device", None), RecoveryCodes):
                # This session was verified with an old code: carry it over to the new set.
                otp_login(request, two_factor.recovery_codes(user))
            return _show_recovery_codes(
                request, codes, next_url=reverse("accounts:account"), just_set_up=False
            )
    existing = two_factor.recovery_codes(user)
    return render(
        request,
        "accounts/recovery_codes_manage.html",
        {"form": form, "remaining": existing.remaining if existing else 0},
    )


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request):
    """The second step of signing in: the code from the person's authenticator app."""
    user = request.user
    if not two_factor.has_authenticator(user):
        return redirect(f"{reverse('accounts:two-factor-setup')}?{request.GET.urlencode()}")
    form = forms.CodeForm(posted(request), initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid() and not _codes_refused(request, form):
        wait = two_factor.throttled(user)
        device = None if wait else two_factor.check_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(two_factor.safe_next(request))
        wait = two_factor.throttled(user)
        form.add_error(
            "code",
            f"Too many wrong codes. Wait {wait} seconds, then enter the newest code"
            if wait
            else "The code is not correct. Enter the newest code from your app",
        )
    recovery_url = reverse("accounts:recovery-code-sign-in")
    if request.GET.get("next"):
        recovery_url += "?" + urlencode({"next": request.GET["next"]})
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "recovery_url": recovery_url},
    )


@require_http_methods(["GET", "POST"])
@login_required
def recovery_code_sign_in(request):
    """The second step of signing in with a recovery code, for when the phone is not to hand."""
    user = request.user
    if not two_factor.has_authenticator(user):
        return redirect(f"{reverse('accounts:two-factor-setup')}?{request.GET.urlencode()}")
    form = forms.RecoveryCodeForm(posted(request), initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid() and not _codes_refused(request, form):
        with errors.onto(form, field="code"):
            codes = two_factor.use_recovery_code(user, form.cleaned_data["code"], request=request)
            otp_login(request, codes)
            left = codes.remaining
            messages.warning(
                request,
                f"You signed in with a recovery code. You have {left} left. If you have lost "
                "your phone, move two-factor sign-in to a new app from “Your account”.",
            )
            return redirect(two_factor.safe_next(request))
    return render(request, "accounts/recovery_code_sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request):
    """Close the account: the person confirms with their password."""
    form = forms.DeleteAccountForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        # Closed first, so the sign-out that follows is logged without the address.
        deletion.delete_account(request.user)
        logout(request)
        return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form})


@require_safe
def deleted(request):
    return render(request, "accounts/deleted.html")


@require_http_methods(["GET", "POST"])
@login_required
def access_needs_page(request):
    """Your access needs: said once, shown to the people who work with you on something."""
    needs = access_needs.of(request.user)
    if request.method == "POST" and request.POST.get("action") == "remove":
        if access_needs.clear(request.user):
            messages.success(request, "Everything you told us about your access needs is removed")
        return redirect("accounts:access-needs")
    form = forms.AccessNeedsForm(posted(request), needs=needs)
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            access_needs.save(request.user, form.values(), opened_as=form.cleaned_data["opened_as"])
            messages.success(request, "Your access needs have been saved")
            return redirect("accounts:access-needs")
    return render(
        request,
        "accounts/access_needs.html",
        {
            "form": form,
            "saved": needs.pk is not None,
            "described": access_needs.described(needs),
            "retention_days": settings.RETENTION_DAYS,
        },
    )
