"""A case study's publishable content: built in one place, fingerprinted, signed off, published.

Everything a reader of the published collection will see of a case study comes from
:func:`publishable`: the title, the summary, the DPULO's and the commissioner's names, the region,
the areas of public service, the kinds of work, every written section, every outcome and the
Easy Read version (its points, each picture by its SHA-256, and its glossary). The
sign-off page shows exactly this, a sign-off records its :func:`fingerprint`, and publishing
copies exactly this into the edition, so what the DPULO and the commissioner agreed to is what
is published, and a change to any part of it means asking them again.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .models import ScopeLabels


@dataclass(frozen=True)
class Publishable(ScopeLabels):
    title: str
    summary: str
    dpulo_name: str
    commissioner_name: str
    region: str
    areas: list = field(default_factory=list)
    kinds_of_work: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # [{"heading", "text"}], written ones only
    outcomes: list = field(default_factory=list)  # [{"label", "display", "unit", …}]
    # The Easy Read version, when the template asks for one: [{"text", "picture_sha256",
    # "picture_alt"}] and [{"word", "explanation"}].
    easy_read: list = field(default_factory=list)
    glossary: list = field(default_factory=list)

    # Read by the same templates as a published case study.
    slug = "case-study"  # the prefix of heading ids on a page that shows one case study

    def as_dict(self):
        return asdict(self)


def _outcome(outcome):
    shown = {
        "label": outcome.label,
        "display": outcome.display_value,
        "unit": outcome.unit,
        "value": str(outcome.value),
        "invested": str(outcome.invested) if outcome.invested is not None else None,
        "unit_other": outcome.unit_other,
        "period": outcome.period,
        "source": outcome.source,
    }
    # Added only when given, so the content of outcomes stated before these existed (and the
    # sign-offs of it) stays the same.
    if outcome.evidence:
        shown["evidence"] = outcome.evidence
        shown["evidence_label"] = outcome.get_evidence_display()
    if outcome.assured:
        shown["assured"] = True
    if outcome.is_worked:
        working = outcome.working
        shown["working"] = {name: str(getattr(working, name)) for name in working.STATED}
    return shown


# What ``publishable`` reads of a case study, for a list of them to prefetch (with
# ``select_related("dpulo", "template_version")``).
PREFETCH = (
    "answers",
    "template_version__sections",
    "outcomes__working",
    "easy_read_points",
    "glossary",
)


def publishable(case_study):
    """The case study as it would be published now."""
    answers = {a.section_id: a.text for a in case_study.answers.all()}
    sections = [
        {"heading": section.heading, "text": answers.get(section.pk, "")}
        for section in case_study.template_version.sections.all()
        if answers.get(section.pk, "").strip()
    ]
    return Publishable(
        title=case_study.title,
        summary=case_study.summary,
        dpulo_name=case_study.dpulo.name,
        commissioner_name=case_study.commissioner_name,
        region=case_study.region,
        areas=list(case_study.areas),
        kinds_of_work=list(case_study.kinds_of_work),
        sections=sections,
        outcomes=[_outcome(o) for o in case_study.outcomes.all()],
        easy_read=[
            {"text": p.text, "picture_sha256": p.picture_sha256, "picture_alt": p.picture_alt}
            for p in case_study.easy_read_points.all()
        ],
        glossary=[
            {"word": g.word, "explanation": g.explanation} for g in case_study.glossary.all()
        ],
    )


def fingerprint(content):
    """SHA-256 of the publishable content (a :class:`Publishable` or a case study)."""
    if not isinstance(content, Publishable):
        content = publishable(content)
    shown = content.as_dict()
    # Without an Easy Read version the content is what it was before there could be one, so
    # the sign-offs of case studies that have none still count.
    for name in ("easy_read", "glossary"):
        if not shown[name]:
            del shown[name]
    encoded = json.dumps(shown, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()
