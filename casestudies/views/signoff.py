"""Sign-off by the DPULO and the commissioner, and the two pages reached from emailed links
(an author's invitation and a commissioner's sign-off, no account needed)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access_needs
from accounts.forms import AccessNeedsForm
from portal import errors
from portal.forms import posted

from .. import commissioner_needs, content, forms, links, signoff
from ..models import SignOff, SingleUseLink
from .common import _case_study, _detail_url


def _signing(request, *, organisation, initial, digest, form_class=None):
    """The sign-off form, carrying the fingerprint of the content shown with it."""
    form_class = form_class or forms.SignOffForm
    extra = {"organisation": organisation} if form_class is forms.SignOffForm else {}
    return form_class(posted(request), initial={**initial, "digest": digest}, **extra)


@require_http_methods(["GET", "POST"])
@login_required
def sign_off(request, pk):
    """The DPULO's author signs off the publishable content in the portal."""
    case_study = _case_study(request, pk, "casestudies.sign_off_for_dpulo")
    shown = content.publishable(case_study)
    digest = content.fingerprint(shown)
    form = _signing(
        request,
        organisation=case_study.dpulo.name,
        initial={"name": request.user.full_name},
        digest=digest,
    )
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            signoff.record(
                case_study,
                SignOff.Party.DPULO,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                method=SignOff.Method.PORTAL,
                seen_digest=form.cleaned_data["digest"],
                by=request.user,
            )
            messages.success(request, f"You have signed off “{case_study.title}”")
            return redirect(_detail_url(case_study, "#sign-off"))
    return render(
        request,
        "casestudies/sign_off.html",
        {"case_study": case_study, "content": shown, "form": form, "party": "DPULO"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def sign_off_record(request, pk):
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    digest = signoff.text_digest(case_study)
    form = _signing(
        request,
        organisation=None,
        initial={},
        digest=digest,
        form_class=forms.RecordSignOffForm,
    )
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            signoff.record(
                case_study,
                form.cleaned_data["party"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                method=SignOff.Method.RECORDED,
                evidence=form.cleaned_data["evidence"],
                seen_digest=form.cleaned_data["digest"],
                by=request.user,
            )
            messages.success(request, "The sign-off has been recorded")
            return redirect(_detail_url(case_study, "#sign-off"))
    return render(
        request, "casestudies/sign_off_record.html", {"case_study": case_study, "form": form}
    )


@require_POST
@login_required
def sign_off_request(request, pk):
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    with errors.as_message(request):
        links.request_commissioner_sign_off(case_study, by=request.user)
        messages.success(
            request,
            f"We have emailed {case_study.commissioner_contact_name} a link to sign off",
        )
    return redirect(_detail_url(case_study, "#sign-off"))


def _link_problem(request, refusal):
    """An emailed link that no longer works (used, expired, replaced): 410 Gone, and why."""
    return render(
        request, "casestudies/link_problem.html", {"problem": refusal.message}, status=410
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """An invited author creates their account (or, if signed in as the invited address,
    accepts) and starts writing."""
    with errors.caught() as refusal:
        link = links.find(token, SingleUseLink.Purpose.INVITATION)
    if refusal.error:
        return _link_problem(request, refusal)
    signed_in = request.user.is_authenticated
    has_account = get_user_model().objects.filter(email__iexact=link.email).exists()
    form = None
    if not signed_in and not has_account:
        form = forms.InvitationAccountForm(
            get_user_model()(email=link.email, full_name=link.name),
            posted(request),
            initial={"full_name": link.name},
        )
    problem = None
    if request.method == "POST" and (form is None or form.is_valid()):
        with errors.caught() as refusal:
            if signed_in:
                user, case_study = links.accept_invitation(token, user=request.user)
            elif form is not None:
                user, case_study = links.accept_invitation(
                    token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["new_password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                raise links.LinkError("Sign in to accept this invitation.")
            messages.success(request, "Welcome. You can start writing your case study now.")
            return redirect(_detail_url(case_study))
        problem = refusal.message
    return render(
        request,
        "casestudies/invitation.html",
        {
            "link": link,
            "form": form,
            "signed_in": signed_in,
            "has_account": has_account,
            "problem": problem,
            "sign_in_url": reverse("accounts:sign-in") + f"?next={request.path}",
        },
        status=400 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def commissioner_sign_off(request, token):
    """The commissioner reads the exact approved text and signs it off, without an account."""
    with errors.caught() as refusal:
        link, case_study = links.find_sign_off(token)
    if refusal.error:
        return _link_problem(request, refusal)
    shown = content.publishable(case_study)
    form = _signing(
        request,
        organisation=case_study.commissioner_name,
        initial={"name": link.name, "role": link.role},
        digest=link.text_digest,
    )
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            links.use_sign_off_link(
                token,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                seen_digest=form.cleaned_data["digest"],
            )
            return render(request, "casestudies/signed_off.html", {"case_study": case_study})
    return render(
        request,
        "casestudies/sign_off.html",
        {
            "case_study": case_study,
            "content": shown,
            "form": form,
            "party": "commissioner",
            "public": True,
            "token": token,
            "said_needs": bool(access_needs.described(commissioner_needs.of(case_study))),
        },
    )


@require_http_methods(["GET", "POST"])
def commissioner_access_needs(request, token):
    """The commissioner's contact tells the coordinator what they need, from their sign-off
    link and while it works (they have no account)."""
    with errors.caught() as refusal:
        link, case_study = links.find_sign_off(token)
    if refusal.error:
        return _link_problem(request, refusal)
    back = reverse("casestudies:commissioner-sign-off", args=[token])
    needs = commissioner_needs.of(case_study)
    if request.method == "POST" and request.POST.get("action") == "remove":
        with errors.caught() as refusal:
            if commissioner_needs.clear(token):
                messages.success(
                    request, "Everything you told us about your access needs is removed"
                )
        if refusal.error:
            return _link_problem(request, refusal)
        return redirect(back)
    form = AccessNeedsForm(
        posted(request),
        needs=needs,
        more_time_help="If yes, the coordinator will allow for it whenever they ask you for "
        "anything.",
    )
    if request.method == "POST" and form.is_valid():
        with errors.onto(form):
            commissioner_needs.save(token, form.values(), opened_as=form.cleaned_data["opened_as"])
            messages.success(
                request, "Your access needs have been saved. The coordinator can see them."
            )
            return redirect(back)
    return render(
        request,
        "casestudies/commissioner_access_needs.html",
        {
            "form": form,
            "case_study": case_study,
            "link": link,
            "back": back,
            "token": token,
            "saved": needs.pk is not None,
            "described": access_needs.described(needs),
            "retention_days": settings.RETENTION_DAYS,
        },
    )
