"""Proposing case studies and deciding whether they go ahead.

The coordinator proposes a case study with its DPULO, commissioner, areas, kinds of work,
region and summary. It is written against the template's latest published version, which it
keeps for good. Agreeing invites the DPULO's author; declining records why.
"""

from django.db import transaction

from portal.errors import DomainError
from portal.stale import StaleEdit

from . import links, workflow
from .models import AreaOfService, CaseStudy, KindOfWork, Template

SCOPE_FIELDS = [
    "title",
    "dpulo",
    "commissioner_name",
    "commissioner_contact_name",
    "commissioner_contact_role",
    "commissioner_contact_email",
    "region",
    "areas",
    "kinds_of_work",
    "summary",
]


class ScopeError(DomainError):
    """A rule stopped a change to a case study's details."""


class ScopeConflict(StaleEdit, ScopeError):
    def __init__(self, current, version):
        super().__init__(
            "Someone else changed this case study's details since you opened them. Your "
            "changes have not been saved. Check the details below, then save again.",
            current=current,
            version=version,
        )


def _check(fields):
    if not fields["dpulo"].is_dpulo:
        raise ScopeError("Choose a DPULO", "dpulo")
    unknown = set(fields["areas"]) - set(AreaOfService.values)
    if unknown or not fields["areas"]:
        raise ScopeError("Select at least one area of public service", "areas")
    unknown = set(fields["kinds_of_work"]) - set(KindOfWork.values)
    if unknown or not fields["kinds_of_work"]:
        raise ScopeError("Select at least one kind of work", "kinds_of_work")


def propose(fields, *, template, by):
    """A new case study in "proposed", on the template's latest published version."""
    _check(fields)
    version = template.latest_published()
    if version is None:
        raise ScopeError(
            f"“{template.name}” has no published version yet. Publish it before you propose "
            "case studies."
        )
    return CaseStudy.objects.create(
        template_version=version, proposed_by=by, **{f: fields[f] for f in SCOPE_FIELDS}
    )


def default_template():
    return Template.objects.filter(versions__status="published").distinct().first()


def update_scope(case_study, fields, *, version):
    """Change the details, refusing a save made from an out-of-date page."""
    _check(fields)
    with transaction.atomic():
        locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
        if locked.status == CaseStudy.Status.DECLINED:
            raise ScopeError("This case study was declined, so its details cannot change.")
        if version != locked.scope_version:
            if all(getattr(locked, f) == fields[f] for f in SCOPE_FIELDS):
                return locked
            raise ScopeConflict({f: getattr(locked, f) for f in SCOPE_FIELDS}, locked.scope_version)
        from . import commissioner_needs, signoff

        before = signoff.text_digest(locked)
        changed = [name for name in SCOPE_FIELDS if getattr(locked, name) != fields[name]]
        email_changed = (
            locked.commissioner_contact_email.strip().lower()
            != (fields["commissioner_contact_email"] or "").strip().lower()
        )
        for name in SCOPE_FIELDS:
            setattr(locked, name, fields[name])
        locked.scope_version += 1
        locked.save()
        labels = ", ".join(CaseStudy._meta.get_field(name).verbose_name for name in changed)
        signoff.void_if_changed(locked, before, f"The details changed: {labels}")
        if email_changed:
            # The link went to the old address; whoever holds it now must not sign, and what
            # the earlier contact said about their needs is not about the new one.
            signoff.void_links(locked)
            commissioner_needs.forget(locked)
    case_study.refresh_from_db()
    return case_study


def agree(case_study, *, author_name, author_email, by, now=None):
    """The case study goes ahead: it moves to drafting and the author is invited."""
    with transaction.atomic():
        change = workflow.transition(case_study, "agree", by=by, now=now)
        links.send_invitation(case_study, name=author_name, email=author_email, by=by, now=now)
    return change


def reinvite(case_study, *, author_name, author_email, by, now=None):
    """A fresh invitation (the earlier one stops working), for a lost or expired email."""
    if case_study.status in {CaseStudy.Status.PROPOSED, CaseStudy.Status.DECLINED}:
        raise ScopeError("Agree the case study before you invite its author.")
    if case_study.author_id:
        raise ScopeError(
            f"{case_study.author.full_name} accepted the invitation and is the author, so there "
            "is no invitation to send again."
        )
    with transaction.atomic():
        return links.send_invitation(
            case_study, name=author_name, email=author_email, by=by, now=now
        )
