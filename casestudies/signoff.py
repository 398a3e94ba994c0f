"""Sign-off of the approved text by the DPULO and by the commissioner.

A sign-off records a fingerprint of exactly the text it agreed to. Any edit to the case study
afterwards voids every sign-off and every unused sign-off link, so nobody is ever recorded as
agreeing to words they have not seen.
"""

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import log as audit

from .models import CaseStudy, SignOff, SingleUseLink


class SignOffError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text_digest(case_study):
    """SHA-256 of everything a reader will see: title, answers in order, and outcomes."""
    answers = {a.section_id: a.text for a in case_study.answers.all()}
    content = {
        "title": case_study.title,
        "sections": [
            [str(section.key), section.heading, answers.get(section.pk, "")]
            for section in case_study.template_version.sections.all()
        ],
        "outcomes": [
            [o.label, str(o.value), str(o.invested), o.unit, o.unit_other, o.period, o.source]
            for o in case_study.outcomes.all()
        ],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def live(case_study, party=None):
    signoffs = case_study.sign_offs.filter(voided_at__isnull=True)
    if party:
        return signoffs.filter(party=party).first()
    return list(signoffs)


def is_signed_off(case_study):
    """Approved, and signed off by both the DPULO and the commissioner."""
    parties = {s.party for s in live(case_study)}
    return case_study.status == CaseStudy.Status.APPROVED and parties == set(SignOff.Party.values)


def record(case_study, party, *, name, role, method, evidence="", by=None, now=None):
    now = now or timezone.now()
    if case_study.status != CaseStudy.Status.APPROVED:
        raise SignOffError("Only an approved case study can be signed off.")
    name, role = (name or "").strip(), (role or "").strip()
    if not name or not role:
        raise SignOffError("Enter the name and role of the person signing off")
    try:
        with transaction.atomic():
            audit.record(
                audit.Event.Action.CASE_STUDY_SIGNED_OFF,
                f"“{case_study.title}” signed off for the {SignOff.Party(party).label} by "
                f"{name}, {role} ({SignOff.Method(method).label.lower()})",
                user=by,
                who=name if by is None else "",
                obj=case_study,
            )
            return SignOff.objects.create(
                case_study=case_study,
                party=party,
                name=name,
                role=role,
                method=method,
                evidence=evidence,
                signed_at=now,
                recorded_by=by,
                text_digest=text_digest(case_study),
            )
    except IntegrityError as error:
        raise SignOffError(
            f"The {SignOff.Party(party).label} has already signed off this text."
        ) from error


def void(case_study, reason, *, now=None):
    """After an edit: every live sign-off and unused sign-off link stops counting."""
    now = now or timezone.now()
    voided = case_study.sign_offs.filter(voided_at__isnull=True).update(
        voided_at=now, voided_reason=reason[:200]
    )
    case_study.links.filter(
        purpose=SingleUseLink.Purpose.SIGN_OFF, used_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now)
    return voided
