"""Writing a case study: answers to its sections, quantified outcomes and review comments.

Every save checks, under a row lock, that the person may still write (the status may have
moved on since their page loaded), enforces the word limit on the server, refuses a save made
from an out-of-date page, and voids any sign-off the change makes untrue.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from portal import ordering
from portal.errors import DomainError
from portal.stale import StaleEdit, fingerprint

from . import pictures, signoff, text, value
from .models import Answer, CaseStudy, Comment, EasyReadPoint, GlossaryEntry, Outcome, Working

MAX_CHARACTERS = 40_000  # far beyond any word limit; stops a pasted novel, not a writer
OUTCOME_FIELDS = [
    "label",
    "value",
    "invested",
    "unit",
    "unit_other",
    "period",
    "source",
    "evidence",
    "assured",
]
# What an author states of an outcome worked out with the added-value toolkit: its own words
# (what changed, the period, how it is known) and the working; the figure follows from these.
WORKED_OUTCOME_FIELDS = ["label", "period", "evidence", "assured"]
WORKING_FIELDS = Working.STATED


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
        outcome = ordering.append(locked.outcomes, **fields)
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
        changes = {name: fields[name] for name in OUTCOME_FIELDS if name in fields}
        if all(getattr(current, name) == new for name, new in changes.items()):
            return current
        if opened_as is not None and opened_as != fingerprint(current, OUTCOME_FIELDS):
            raise StaleOutcome(current)
        for name, new in changes.items():
            setattr(current, name, new)
        current.save()
        signoff.void(locked, f"The outcome “{current.label}” was changed")
    return current


def _headline(outcome_fields, working_fields):
    """The outcome as the table shows it: the figure worked out, never typed, and where the
    numbers come from."""
    worked = value.work_out(value.inputs(working_fields))
    return {
        **outcome_fields,
        "value": worked.ratio_shown,
        "invested": None,
        "unit": Outcome.Unit.VALUE_RATIO,
        "unit_other": "",
        "source": (
            f"{working_fields['measured_how']}. Financial proxy: "
            f"{working_fields['proxy_source']} ({working_fields['proxy_year']})"
        )[:500],
    }


def worked_fingerprint(outcome):
    """What an outcome worked out with the toolkit was opened as: its words and its working."""
    return fingerprint(outcome, WORKED_OUTCOME_FIELDS) + fingerprint(
        outcome.working, WORKING_FIELDS
    )


def add_worked_outcome(case_study, outcome_fields, working_fields, *, by):
    """An outcome worked out with the added-value toolkit: the inputs are checked (a
    ``value.WorkingError`` names the field), the figure is worked out and saved with them."""
    headline = _headline(outcome_fields, working_fields)
    with transaction.atomic():
        locked = _writable(case_study, by)
        outcome = ordering.append(locked.outcomes, **headline)
        Working.objects.create(outcome=outcome, **working_fields)
        signoff.void(locked, "An outcome was added")
    return outcome


def update_worked_outcome(outcome, outcome_fields, working_fields, *, by, opened_as=None):
    """Change an outcome worked out with the toolkit and work its figure out again; refused
    (with what is saved now) if someone else changed it since ``opened_as``."""
    headline = _headline(outcome_fields, working_fields)
    with transaction.atomic():
        locked = _writable(outcome.case_study, by)
        current = Outcome.objects.select_for_update().get(pk=outcome.pk)
        working = Working.objects.select_for_update().get(outcome=current)
        if all(getattr(current, n) == v for n, v in headline.items()) and all(
            getattr(working, n) == v for n, v in working_fields.items()
        ):
            return current
        if opened_as is not None and opened_as != worked_fingerprint(current):
            raise StaleOutcome(current)
        for name, new in headline.items():
            setattr(current, name, new)
        current.save()
        for name, new in working_fields.items():
            setattr(working, name, new)
        working.save()
        signoff.void(locked, f"The outcome “{current.label}” was changed")
    return current


def remove_outcome(outcome, *, by):
    with transaction.atomic():
        locked = _writable(outcome.case_study, by)
        ordering.remove(outcome, locked.outcomes)
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


# The Easy Read version: points with pictures, and a glossary.

POINT_LIMIT = 400  # characters: a point is one idea in a sentence or two
POINT_FIELDS = ["text", "picture_alt", "picture_sha256"]


def _easy_read_wanted(case_study):
    if not case_study.template_version.asks_for_easy_read:
        raise WritingError("This case study's template does not ask for an Easy Read version.")


def point_text_checked(point_text):
    """A point's words as they are kept (a line break is one character, however the browser
    sent it), or the ``WritingError`` that says what is wrong: the form and the service both
    check with this."""
    point_text = (point_text or "").replace("\r\n", "\n").strip()
    if not point_text:
        raise WritingError("Enter the point", field="text")
    if len(point_text) > POINT_LIMIT:
        raise WritingError(
            f"A point must be {POINT_LIMIT} characters or fewer; it has {len(point_text):,}. "
            "Split it into two points",
            field="text",
        )
    return point_text


def _forget_picture(point):
    """Take the picture off the point; its file is deleted once the change is saved (if the
    change is rolled back, the point keeps a picture that still exists)."""
    if point.picture:
        storage, name = point.picture.storage, point.picture.name
        transaction.on_commit(lambda: storage.delete(name))
    point.picture = ""
    point.picture_sha256 = ""


def _store_picture(point, cleaned):
    """Put a cleaned picture on the point, named by its content, in place of any other."""
    _forget_picture(point)
    point.picture.save(
        f"{point.case_study_id}-{cleaned.sha256[:20]}.{cleaned.extension}",
        ContentFile(cleaned.data),
        save=False,
    )
    point.picture_sha256 = cleaned.sha256


def _cleaned(picture):
    """An upload cleaned (``pictures.clean``), or one a form has cleaned already."""
    if not picture:
        return None
    return picture if isinstance(picture, pictures.Cleaned) else pictures.clean(picture)


def add_point(case_study, *, point_text, picture=None, picture_alt="", by):
    """Add a point at the end; ``picture`` is an upload, cleaned before anything is saved."""
    _easy_read_wanted(case_study)
    point_text = point_text_checked(point_text)
    cleaned = _cleaned(picture)
    with transaction.atomic():
        locked = _writable(case_study, by)  # one add at a time for a case study
        # The same point straight after itself is one point sent twice (a second click on a
        # slow connection, or going back and sending again): it is not added again.
        last = locked.easy_read_points.order_by("-position").first()
        if last and (last.text, last.picture_alt, last.picture_sha256) == (
            point_text,
            picture_alt.strip(),
            cleaned.sha256 if cleaned else "",
        ):
            return last
        point = ordering.append(
            locked.easy_read_points, text=point_text, picture_alt=picture_alt.strip()
        )
        if cleaned:
            _store_picture(point, cleaned)
            point.save()
        signoff.void(locked, "An Easy Read point was added")
    return point


class StalePoint(StaleEdit, WritingError):
    """The point changed since its page was opened; the form then carries what it is now, so
    saving again replaces theirs knowingly."""

    version_field = "opened_as"

    def __init__(self, current):
        super().__init__(
            "Someone else changed this point since you opened it. Your changes have not been "
            "saved. Theirs is shown below; save again to replace it with yours.",
            current=current,
            version=fingerprint(current, POINT_FIELDS),
        )


class PointChangedBeforeRemoval(StaleEdit, WritingError):
    """The point at this place is not the one the "Are you sure?" page showed (another point
    was removed or this one changed since): nothing is removed."""

    def __init__(self, current):
        super().__init__(
            "This point has changed since you opened this page, so nothing has been removed. "
            "Check the point below before you remove it",
            current=current,
        )


def update_point(
    point, *, point_text, picture=None, picture_alt="", remove_picture=False, by, opened_as=None
):
    """Change a point's words, picture or description; a new picture replaces the old one."""
    _easy_read_wanted(point.case_study)
    point_text = point_text_checked(point_text)
    cleaned = _cleaned(picture)
    with transaction.atomic():
        locked = _writable(point.case_study, by)
        current = EasyReadPoint.objects.select_for_update().get(pk=point.pk)
        if opened_as is not None and opened_as != fingerprint(current, POINT_FIELDS):
            raise StalePoint(current)
        before = fingerprint(current, POINT_FIELDS)
        current.text, current.picture_alt = point_text, picture_alt.strip()
        if cleaned:
            _store_picture(current, cleaned)
        elif remove_picture:
            _forget_picture(current)
        if fingerprint(current, POINT_FIELDS) == before:
            return current
        current.save()
        signoff.void(locked, f"Easy Read point {current.position} was changed")
    return current


def remove_point(point, *, by, opened_as=None):
    """Remove a point; ``opened_as`` (the fingerprint of the point the person confirmed)
    refuses to remove a different point that has since moved into its place."""
    with transaction.atomic():
        locked = _writable(point.case_study, by)
        point = EasyReadPoint.objects.select_for_update().filter(pk=point.pk).first()
        if point is None:  # removed by a request a moment before this one
            raise WritingError("That point has already been removed")
        if opened_as is not None and opened_as != fingerprint(point, POINT_FIELDS):
            raise PointChangedBeforeRemoval(point)
        _forget_picture(point)
        ordering.remove(point, locked.easy_read_points)
        signoff.void(locked, f"Easy Read point {point.position} was removed")


def add_glossary_entry(case_study, *, word, explanation, by):
    """Explain a word in the Easy Read glossary; a word is explained once."""
    _easy_read_wanted(case_study)
    word, explanation = " ".join(word.split()), " ".join(explanation.split())
    if not word:
        raise WritingError("Enter the word", field="word")
    if not explanation:
        raise WritingError("Enter what the word means, in plain words", field="explanation")
    with transaction.atomic():
        locked = _writable(case_study, by)
        if locked.glossary.filter(word__iexact=word).exists():
            raise WritingError(f"The glossary already explains “{word}”", field="word")
        entry = GlossaryEntry.objects.create(case_study=locked, word=word, explanation=explanation)
        signoff.void(locked, f"“{word}” was added to the Easy Read glossary")
    return entry


def remove_glossary_entry(entry, *, by):
    with transaction.atomic():
        locked = _writable(entry.case_study, by)
        entry.delete()
        signoff.void(locked, f"“{entry.word}” was removed from the Easy Read glossary")
