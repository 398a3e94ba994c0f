"""Writing a case study: answers to its sections, quantified outcomes and review comments.

Every save checks, under a row lock, that the person may still write (the status may have
moved on since their page loaded), enforces the word limit on the server, refuses a save made
from an out-of-date page, and voids any sign-off the change makes untrue.
"""

from django.db import transaction

from portal import ordering
from portal.errors import DomainError
from portal.stale import StaleEdit, fingerprint

from . import signoff, text
from .models import Answer, CaseStudy, Comment, Outcome

MAX_CHARACTERS = 40_000  # far beyond any word limit; stops a pasted novel, not a writer
OUTCOME_FIELDS = ["label", "value", "invested", "unit", "unit_other", "period", "source"]


class WritingError(DomainError):
    """A rule stopped a change to a case study's text."""


class EditConflict(StaleEdit, WritingError):
    """Someone else saved this section since the editor opened it."""

    def __init__(self, current):
        super().__init__(
            f"{current.updated_by or 'Someone else'} changed this section since you opened "
            "it. Your version has not been saved. Compare the two below, then save again to "
            "replace theirs with yours.",
            current=current,
            version=current.version,
        )


def _writable(case_study, by):
    locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if not by.has_perm("casestudies.write_casestudy", locked):
        raise WritingError(
            f"This case study is {locked.get_status_display().lower()}, so you cannot change "
            "it now. What you entered has not been saved; it is still on this page."
        )
    return locked


def word_limit_error(section, words):
    if words > section.word_limit:
        over = words - section.word_limit
        return (
            f"“{section.heading}” must be {section.word_limit:,} words or fewer; it has "
            f"{words:,}, which is {over:,} too many"
        )
    return None


def save_answer(case_study, section, answer_text, *, version, by):
    """Save one section's answer; refused if over the word limit or made from a stale page."""
    if section.version_id != case_study.template_version_id:
        raise WritingError("That section is not part of this case study's template.")
    answer_text = (answer_text or "").replace("\r\n", "\n").strip()
    if len(answer_text) > MAX_CHARACTERS:
        raise WritingError(f"The answer must be {MAX_CHARACTERS:,} characters or fewer")
    problem = word_limit_error(section, text.word_count(answer_text))
    if problem:
        raise WritingError(problem)
    with transaction.atomic():
        locked = _writable(case_study, by)
        answer, _ = Answer.objects.select_for_update().get_or_create(
            case_study=locked, section=section
        )
        if version != answer.version:
            if answer.text == answer_text:
                return answer  # the same words, saved twice
            raise EditConflict(answer)
        if answer.text == answer_text:
            return answer
        answer.text = answer_text
        answer.version += 1
        answer.updated_by = by
        answer._change_reason = f"Saved by {by}"
        answer.save()
        signoff.void(locked, f"“{section.heading}” was edited")
    return answer


def answers_by_section(case_study):
    """Each section of the case study's template version with its answer (or None)."""
    answers = {a.section_id: a for a in case_study.answers.select_related("updated_by")}
    return [
        (section, answers.get(section.pk)) for section in case_study.template_version.sections.all()
    ]


def add_outcome(case_study, fields, *, by):
    with transaction.atomic():
        locked = _writable(case_study, by)
        outcome = Outcome.objects.create(
            case_study=locked, position=ordering.next_position(locked.outcomes), **fields
        )
        signoff.void(locked, "An outcome was added")
    return outcome


class StaleOutcome(StaleEdit, WritingError):
    def __init__(self, current):
        super().__init__(
            "Someone else changed this outcome since you opened it. Your changes have not been "
            "saved. Theirs is shown below; save again to replace it with yours.",
            current=current,
        )


def update_outcome(outcome, fields, *, by, opened_as=None):
    """Change an outcome; ``opened_as`` refuses a save over someone else's newer change."""
    with transaction.atomic():
        locked = _writable(outcome.case_study, by)
        current = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if all(getattr(current, f) == fields[f] for f in OUTCOME_FIELDS):
            return current
        if opened_as is not None and opened_as != fingerprint(current, OUTCOME_FIELDS):
            raise StaleOutcome(current)
        for name in OUTCOME_FIELDS:
            setattr(current, name, fields[name])
        current.save()
        signoff.void(locked, f"The outcome “{current.label}” was changed")
    return current


def remove_outcome(outcome, *, by):
    with transaction.atomic():
        locked = _writable(outcome.case_study, by)
        position = outcome.position
        Outcome.objects.filter(pk=outcome.pk).delete()
        ordering.close_gap(locked.outcomes, position)
        signoff.void(locked, f"The outcome “{outcome.label}” was removed")


def add_comment(case_study, section, body, *, by):
    body = (body or "").strip()
    if not body:
        raise WritingError("Enter your comment")
    if len(body) > 3000:
        raise WritingError("The comment must be 3,000 characters or fewer")
    if section is not None and section.version_id != case_study.template_version_id:
        raise WritingError("That section is not part of this case study's template.")
    return Comment.objects.create(case_study=case_study, section=section, author=by, body=body)
