"""Case studies from scoping to sign-off: the coordinator's and the author's pages, and the two
pages reached from emailed links. Rules live in ``scoping``, ``writing``, ``workflow``,
``signoff`` and ``links``; permissions in ``rules``."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import errors
from portal.forms import posted
from portal.stale import fingerprint

from . import content, forms, links, scoping, signoff, text, workflow, writing
from .models import Answer, CaseStudy, Outcome, Section, SignOff, SingleUseLink

PAGE_SIZE = 20


def _case_study(request, pk, permission="casestudies.view_casestudy"):
    """The case study if this person may see it: 403 for a role with no case studies at all,
    404 for one that is not theirs (so its existence is not given away)."""
    if not request.user.has_perm("casestudies.list_casestudies"):
        raise PermissionDenied
    case_study = get_object_or_404(
        CaseStudy.objects.select_related("dpulo", "template_version__template", "author"), pk=pk
    )
    if not request.user.has_perm("casestudies.view_casestudy", case_study):
        raise Http404
    if permission != "casestudies.view_casestudy" and not request.user.has_perm(
        permission, case_study
    ):
        raise PermissionDenied
    return case_study


def _section(case_study, key):
    return get_object_or_404(Section, version=case_study.template_version, key=key)


def _detail_url(case_study, fragment=""):
    return reverse("casestudies:case-study", args=[case_study.pk]) + fragment


# Lists and the overview -----------------------------------------------------------------------


@require_safe
@login_required
def case_study_list(request):
    user = request.user
    if not user.has_perm("casestudies.list_casestudies"):
        raise PermissionDenied
    case_studies = CaseStudy.objects.select_related("dpulo").order_by("title", "pk")
    manage = user.has_perm("casestudies.manage_casestudies")
    if not manage:
        case_studies = case_studies.filter(dpulo__memberships__user=user).exclude(
            status__in=["proposed", "declined"]
        )
    status = request.GET.get("status", "")
    if status in CaseStudy.Status.values:
        case_studies = case_studies.filter(status=status)
    else:
        status = ""
    page = Paginator(case_studies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casestudies/list.html",
        {
            "page": page,
            "manage": manage,
            "status": status,
            "statuses": CaseStudy.Status.choices,
        },
    )


@require_safe
@login_required
def case_study_detail(request, pk):
    case_study = _case_study(request, pk)
    rows = writing.answers_by_section(case_study)
    comment_counts = {}
    for comment in case_study.comments.all():
        comment_counts[comment.section_id] = comment_counts.get(comment.section_id, 0) + 1
    sections = [
        {
            "section": section,
            "answer": answer,
            "words": text.word_count(answer.text) if answer else 0,
            "comments": comment_counts.get(section.pk, 0),
        }
        for section, answer in rows
    ]
    user = request.user
    digest = signoff.text_digest(case_study)
    return render(
        request,
        "casestudies/detail.html",
        {
            "case_study": case_study,
            "sections": sections,
            "outcomes": case_study.outcomes.all(),
            "changes": case_study.status_changes.select_related("by"),
            "can_manage": user.has_perm("casestudies.manage_casestudies"),
            "can_write": user.has_perm("casestudies.write_casestudy", case_study),
            "can_submit": user.has_perm("casestudies.submit_casestudy", case_study),
            "can_sign_off": user.has_perm("casestudies.sign_off_for_dpulo", case_study),
            "sign_offs": {s.party: s for s in signoff.live(case_study, digest=digest)},
            "signed_off": signoff.is_signed_off(case_study, digest=digest),
            "invitation": case_study.links.filter(purpose="invitation").first(),
            "sign_off_link": case_study.links.filter(purpose="sign_off").first(),
            "actions": workflow.allowed_actions(case_study),
        },
    )


@require_safe
@login_required
def case_study_text(request, pk):
    """The whole case study as a reader will see it."""
    case_study = _case_study(request, pk)
    return render(
        request,
        "casestudies/text.html",
        {
            "case_study": case_study,
            "content": content.publishable(case_study),
            "unwritten": [
                section.heading
                for section, answer in writing.answers_by_section(case_study)
                if not (answer and answer.text.strip())
            ],
        },
    )


# Scoping -------------------------------------------------------------------------------------


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
        try:
            scoping.update_scope(
                case_study, form.scope_fields(), version=form.cleaned_data["version"]
            )
        except scoping.ScopeConflict as error:
            conflict = error.current
            data = form.data.copy()
            data["version"] = str(CaseStudy.objects.get(pk=pk).scope_version)
            form.data = data
            form.add_error(None, error.message)
        except scoping.ScopeError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "The case study's details have been saved")
            return redirect(_detail_url(case_study))
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


# Writing -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, pk, key):
    """One section: write it (if this person may now), read its comments, add one."""
    case_study = _case_study(request, pk)
    section = _section(case_study, key)
    saved = Answer.objects.filter(case_study=case_study, section=section).first()
    can_write = request.user.has_perm("casestudies.write_casestudy", case_study)
    form = forms.AnswerForm(
        posted(request),
        section=section,
        initial={"text": saved.text if saved else "", "version": saved.version if saved else 0},
    )
    conflict = None
    if request.method == "POST" and not can_write:
        # The status moved on while the page was open (a colleague submitted it, say): keep
        # what was typed on the page and say why it was not saved.
        form.is_valid()
        form.add_error(
            None,
            f"This case study is now {case_study.get_status_display().lower()}, so your "
            "changes have not been saved. Your text is still in the box below: copy it if you "
            "need it.",
        )
        can_write = True
    elif request.method == "POST" and form.is_valid():
        try:
            writing.save_answer(
                case_study,
                section,
                form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except writing.EditConflict as error:
            conflict = error.current
            form.set_version(conflict.version)
            form.add_error(None, error.message)
        except writing.WritingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{section.heading}” has been saved")
            if request.POST.get("action") == "later":
                return redirect(_detail_url(case_study))
            following = case_study.template_version.sections.filter(
                position__gt=section.position
            ).first()
            if following:
                return redirect("casestudies:answer", pk=case_study.pk, key=following.key)
            return redirect(_detail_url(case_study, "#outcomes"))
    return render(
        request,
        "casestudies/answer.html",
        {
            "case_study": case_study,
            "section": section,
            "answer": saved,
            "form": form,
            "conflict": conflict,
            "can_write": can_write,
            "comments": case_study.comments.filter(section=section).select_related("author"),
            "comment_form": forms.CommentForm(),
            "can_comment": request.user.has_perm("casestudies.comment_casestudy", case_study),
        },
    )


@require_POST
@login_required
def comment(request, pk, key):
    case_study = _case_study(request, pk, "casestudies.comment_casestudy")
    section = _section(case_study, key)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        with errors.onto(form, field="body"):
            writing.add_comment(case_study, section, form.cleaned_data["body"], by=request.user)
            messages.success(request, "Your comment has been added")
            return redirect(
                reverse("casestudies:answer", args=[case_study.pk, section.key]) + "#comments"
            )
    saved = Answer.objects.filter(case_study=case_study, section=section).first()
    return render(
        request,
        "casestudies/answer.html",
        {
            "case_study": case_study,
            "section": section,
            "answer": saved,
            "form": forms.AnswerForm(
                section=section,
                initial={
                    "text": saved.text if saved else "",
                    "version": saved.version if saved else 0,
                },
            ),
            "can_write": request.user.has_perm("casestudies.write_casestudy", case_study),
            "comments": case_study.comments.filter(section=section).select_related("author"),
            "comment_form": form,
            "can_comment": True,
        },
        status=400,
    )


def _versions(case_study, section):
    answer = Answer.objects.filter(case_study=case_study, section=section).first()
    if answer is None:
        return []
    return list(
        answer.history.filter(version__gt=0).select_related("history_user").order_by("version")
    )


@require_safe
@login_required
def answer_history(request, pk, key):
    case_study = _case_study(request, pk)
    section = _section(case_study, key)
    versions = _versions(case_study, section)
    for record in versions:
        record.words = text.word_count(record.text)
    return render(
        request,
        "casestudies/history.html",
        {"case_study": case_study, "section": section, "versions": list(reversed(versions))},
    )


@require_safe
@login_required
def compare(request, pk, key):
    """Two saved versions of one section side by side, differences marked in words too."""
    case_study = _case_study(request, pk)
    section = _section(case_study, key)
    versions = {record.version: record for record in _versions(case_study, section)}
    try:
        numbers = sorted({int(request.GET.get("from", "")), int(request.GET.get("to", ""))})
    except ValueError:
        numbers = []
    error = None
    if len(numbers) != 2 or not all(n in versions for n in numbers):
        error = "Choose two different versions to compare"
        if len(versions) < 2:
            error = "This section has only one saved version, so there is nothing to compare"
        return render(
            request,
            "casestudies/history.html",
            {
                "case_study": case_study,
                "section": section,
                "versions": [versions[n] for n in sorted(versions, reverse=True)],
                "error": error,
            },
            status=400,
        )
    older, newer = versions[numbers[0]], versions[numbers[1]]
    left, right = text.compare_sides(older.text, newer.text)
    return render(
        request,
        "casestudies/compare.html",
        {
            "case_study": case_study,
            "section": section,
            "older": older,
            "newer": newer,
            "left": left,
            "right": right,
            "counts": text.counts(text.compare(older.text, newer.text)),
        },
    )


# Outcomes ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def outcome_edit(request, pk, position=None):
    # A POST made after the status moved on reaches the service, which refuses it with a
    # message while the form keeps what was typed; opening the form needs write access.
    needed = (
        "casestudies.view_casestudy" if request.method == "POST" else "casestudies.write_casestudy"
    )
    case_study = _case_study(request, pk, needed)
    outcome = get_object_or_404(case_study.outcomes, position=position) if position else None
    initial = {name: getattr(outcome, name) for name in writing.OUTCOME_FIELDS} if outcome else None
    form = forms.OutcomeForm(posted(request), initial=initial)
    opened_as = fingerprint(outcome, writing.OUTCOME_FIELDS) if outcome else ""
    saved_now = None
    if request.method == "POST" and form.is_valid():
        try:
            if outcome:
                writing.update_outcome(
                    outcome,
                    form.outcome_fields(),
                    by=request.user,
                    opened_as=request.POST.get("opened_as", ""),
                )
            else:
                outcome = writing.add_outcome(case_study, form.outcome_fields(), by=request.user)
        except writing.StaleOutcome as error:
            form.add_error(None, error.message)
            saved_now = error.current
        except writing.WritingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"The outcome “{form.cleaned_data['label']}” has been saved")
            return redirect(_detail_url(case_study, "#outcomes"))
    return render(
        request,
        "casestudies/outcome.html",
        {
            "case_study": case_study,
            "form": form,
            "outcome": outcome,
            "opened_as": opened_as,
            "saved_now": saved_now,
        },
    )


@require_POST
@login_required
def outcome_remove(request, pk, position):
    case_study = _case_study(request, pk, "casestudies.write_casestudy")
    outcome = get_object_or_404(Outcome, case_study=case_study, position=position)
    with errors.as_message(request):
        writing.remove_outcome(outcome, by=request.user)
        messages.success(request, f"The outcome “{outcome.label}” has been removed")
    return redirect(_detail_url(case_study, "#outcomes"))


# Submitting and reviewing --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def submit(request, pk):
    case_study = _case_study(request, pk, "casestudies.submit_casestudy")
    problems = workflow.problems_before_submitting(case_study)
    if request.method == "POST" and not problems:
        try:
            workflow.transition(case_study, "submit", by=request.user)
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
            return redirect(_detail_url(case_study))
        messages.success(
            request,
            "Your case study has been sent for review. We have told the coordinator, and we "
            "will email you when they have read it.",
        )
        return redirect(_detail_url(case_study))
    return render(
        request,
        "casestudies/submit.html",
        {"case_study": case_study, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def review(request, pk):
    case_study = _case_study(request, pk, "casestudies.manage_casestudies")
    form = forms.ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        with errors.onto(form):
            workflow.transition(
                case_study, decision, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request,
                "The case study is approved. Next, get it signed off."
                if decision == "approve"
                else "We have asked the author for changes",
            )
            return redirect(_detail_url(case_study))
    return render(
        request,
        "casestudies/review.html",
        {
            "case_study": case_study,
            "form": form,
            "open_comments": case_study.comments.count(),
        },
    )


# Sign-off ------------------------------------------------------------------------------------


def _signing(request, *, organisation, initial, digest, form_class=None):
    """The sign-off form, carrying the fingerprint of the content shown with it."""
    form_class = form_class or forms.SignOffForm
    extra = {"organisation": organisation} if form_class is forms.SignOffForm else {}
    return form_class(posted(request), initial={**initial, "digest": digest}, **extra)


def _shown_again(request, form, digest, message, **extra):
    """After the content changed under the reader: the same answers, the new content's
    fingerprint, and why nothing was recorded."""
    data = request.POST.copy()
    data["digest"] = digest
    fresh = type(form)(data, **extra)
    fresh.is_valid()
    fresh.add_error(None, message)
    return fresh


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
        try:
            signoff.record(
                case_study,
                SignOff.Party.DPULO,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                method=SignOff.Method.PORTAL,
                seen_digest=form.cleaned_data["digest"],
                by=request.user,
            )
        except signoff.ContentChanged as error:
            form = _shown_again(
                request, form, digest, error.message, organisation=case_study.dpulo.name
            )
        except signoff.SignOffError as error:
            form.add_error(None, error.message)
        else:
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
        try:
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
        except signoff.ContentChanged as error:
            form = _shown_again(request, form, digest, error.message)
        except signoff.SignOffError as error:
            form.add_error(None, error.message)
        else:
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


# Pages reached from emailed links (no account needed) ----------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """An invited author creates their account (or, if signed in as the invited address,
    accepts) and starts writing."""
    try:
        link = links.find(token, SingleUseLink.Purpose.INVITATION)
    except links.LinkError as error:
        return render(
            request, "casestudies/link_problem.html", {"problem": error.message}, status=410
        )
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
        try:
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
        except links.LinkError as error:
            problem = error.message
        else:
            messages.success(request, "Welcome. You can start writing your case study now.")
            return redirect(_detail_url(case_study))
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
    try:
        link, case_study = links.find_sign_off(token)
    except links.LinkError as error:
        return render(
            request, "casestudies/link_problem.html", {"problem": error.message}, status=410
        )
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
        },
    )
