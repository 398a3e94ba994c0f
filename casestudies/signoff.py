"""Sign-off of the approved text by the DPULO and by the commissioner.

A sign-off records a fingerprint of exactly the publishable content it agreed to (the title,
summary, organisations, region, areas, kinds of work, sections and outcomes; see
``content.py``). Any change to that content afterwards voids every sign-off and every unused
sign-off link, so nobody is ever recorded as agreeing to words they have not seen.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import log as audit
from portal.errors import DomainError
from portal.stale import StaleEdit

from . import audit_actions, content
from .models import CaseStudy, SignOff, SingleUseLink


class SignOffError(DomainError):
    """A sign-off could not be recorded."""


def text_digest(case_study):
    """The fingerprint of everything a reader will see (see ``casestudies/content.py``)."""
    return content.fingerprint(case_study)


def live(case_study, party=None, *, digest=None):
    """Sign-offs that still count: not voided, and made for exactly the content as it is now
    (so even a change made around the services, such as renaming the DPULO in the admin,
    stops an old sign-off counting). This is the one rule every page and service asks.

    It reads ``case_study.sign_offs.all()`` and the content, so a list that prefetches
    ``SIGN_OFF_PREFETCH`` decides every row without a query of its own."""
    digest = digest or text_digest(case_study)
    signoffs = [
        s for s in case_study.sign_offs.all() if s.voided_at is None and s.text_digest == digest
    ]
    if party:
        return next((s for s in signoffs if s.party == party), None)
    return signoffs


def signed_parties(case_study, *, digest=None):
    """The parties (``SignOff.Party`` values) whose sign-off of the content as it is now
    still counts."""
    return {s.party for s in live(case_study, digest=digest)}


def is_signed_off(case_study, *, digest=None):
    """Approved, and signed off by both the DPULO and the commissioner, for the content as it
    is now."""
    return case_study.status == CaseStudy.Status.APPROVED and signed_parties(
        case_study, digest=digest
    ) == set(SignOff.Party.values)


# What ``live`` reads, for a list of case studies to prefetch.
SIGN_OFF_PREFETCH = ("sign_offs", *content.PREFETCH)


class ContentChanged(StaleEdit, SignOffError):
    """The content changed under the reader: the page shows it again with its new fingerprint,
    so signing off after reading it again signs what is there now."""

    version_field = "digest"

    def __init__(self, digest=None):
        super().__init__(
            "The case study changed while you were reading it, so you have not signed it off. "
            "Read the text below again, then sign off.",
            version=digest,
        )


def record(
    case_study, party, *, name, role, method, evidence="", seen_digest=None, by=None, now=None
):
    """Record a sign-off of the content as it is now. ``seen_digest`` is the fingerprint of
    the content the person was shown: if it no longer matches, nothing is recorded."""
    now = now or timezone.now()
    name, role = (name or "").strip(), (role or "").strip()
    if not name or not role:
        raise SignOffError("Enter the name and role of the person signing off")
    try:
        with transaction.atomic():
            locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
            if locked.status != CaseStudy.Status.APPROVED:
                raise SignOffError("Only an approved case study can be signed off.")
            digest = text_digest(locked)
            if seen_digest is not None and seen_digest != digest:
                raise ContentChanged(digest)
            # A sign-off left from earlier content (changed without passing through the
            # services, say a DPULO renamed in the admin) stops counting for good.
            locked.sign_offs.filter(voided_at__isnull=True).exclude(text_digest=digest).update(
                voided_at=now, voided_reason="The publishable content changed"
            )
            audit.record(
                audit_actions.SIGNED_OFF,
                f"“{locked.title}” signed off for the {SignOff.Party(party).label} by "
                f"{name}, {role} ({SignOff.Method(method).label.lower()})",
                user=by,
                who=name if by is None else "",
                obj=locked,
            )
            return SignOff.objects.create(
                case_study=locked,
                party=party,
                name=name,
                role=role,
                method=method,
                evidence=evidence,
                signed_at=now,
                recorded_by=by,
                text_digest=digest,
            )
    except IntegrityError as error:
        raise SignOffError(
            f"The {SignOff.Party(party).label} has already signed off this text."
        ) from error


def void_if_changed(case_study, before, reason, *, now=None):
    """Void every sign-off and unused link if the publishable content is no longer
    ``before`` (a fingerprint taken before the change)."""
    if text_digest(case_study) != before:
        return void(case_study, reason, now=now)
    return 0


def void(case_study, reason, *, now=None):
    """After an edit: every live sign-off and unused sign-off link stops counting."""
    now = now or timezone.now()
    voided = case_study.sign_offs.filter(voided_at__isnull=True).update(
        voided_at=now, voided_reason=reason[:200]
    )
    void_links(case_study, now=now)
    return voided


def void_links(case_study, *, now=None):
    """Every unused sign-off link for the case study stops working."""
    return case_study.links.filter(
        purpose=SingleUseLink.Purpose.SIGN_OFF, used_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now or timezone.now())
