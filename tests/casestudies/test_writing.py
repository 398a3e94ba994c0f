import html
import re

import pytest

from casestudies import services, signoff, writing
from casestudies.models import Answer, CaseStudy, Outcome
from casestudies.text import render

pytestmark = pytest.mark.django_db


def first_section(case_study):
    return case_study.template_version.sections.first()


def test_the_word_limit_is_enforced_on_the_server(drafting, author):
    section = first_section(drafting)
    at_limit = " ".join(["word"] * section.word_limit)
    writing.save_answer(drafting, section, at_limit, version=0, by=author)
    with pytest.raises(writing.WritingError, match="which is 1 too many"):
        writing.save_answer(drafting, section, at_limit + " more", version=1, by=author)
    assert Answer.objects.get(case_study=drafting, section=section).text == at_limit


def test_a_stale_save_is_refused_and_the_same_words_twice_are_not(drafting, author, dpulo):
    from tests.conftest import make_user

    colleague = make_user("colleague@cs.example", "Author", dpulo, full_name="Jo Colleague")
    section = first_section(drafting)
    writing.save_answer(drafting, section, "First words.", version=0, by=author)
    writing.save_answer(drafting, section, "First words.", version=0, by=author)  # double click
    writing.save_answer(drafting, section, "The colleague's words.", version=1, by=colleague)
    with pytest.raises(writing.EditConflict) as conflict:
        writing.save_answer(drafting, section, "The author's words.", version=1, by=author)
    assert conflict.value.current.text == "The colleague's words."
    assert "Jo Colleague changed this section" in conflict.value.message
    answer = Answer.objects.get(case_study=drafting, section=section)
    assert (answer.text, answer.version) == ("The colleague's words.", 2)
    # Having seen both, the author saves knowingly over the newer version.
    writing.save_answer(drafting, section, "The author's words.", version=2, by=author)
    assert Answer.objects.get(pk=answer.pk).text == "The author's words."


def test_an_author_cannot_write_while_the_case_study_is_in_review(in_review, author):
    section = first_section(in_review)
    answer = Answer.objects.get(case_study=in_review, section=section)
    with pytest.raises(writing.WritingError, match="in review"):
        writing.save_answer(in_review, section, "Sneaky change.", version=answer.version, by=author)
    assert Answer.objects.get(pk=answer.pk).text == answer.text


def test_a_section_from_another_template_version_is_refused(drafting, author, template):
    draft = services.draft_for(template)
    with pytest.raises(writing.WritingError, match="not part of"):
        writing.save_answer(drafting, draft.sections.first(), "Words.", version=0, by=author)


def test_every_change_is_kept_in_the_history(drafting, author):
    section = first_section(drafting)
    for version, words in enumerate(["One.", "One two.", "One two three."]):
        writing.save_answer(drafting, section, words, version=version, by=author)
    answer = Answer.objects.get(case_study=drafting, section=section)
    kept = list(
        answer.history.filter(version__gt=0).order_by("version").values_list("version", "text")
    )
    assert kept == [(1, "One."), (2, "One two."), (3, "One two three.")]


def test_editing_the_template_leaves_a_started_case_study_on_its_version(
    drafting, author, template
):
    version = drafting.template_version
    before = [(s.key, s.heading, s.word_limit) for s in version.sections.all()]
    draft = services.draft_for(template)
    services.update_section(
        draft.sections.get(position=1), {"heading": "Renamed", "word_limit": 20}
    )
    services.add_section(draft, {"heading": "Quotes", "word_limit": 100, "required": True})
    services.publish(draft, by=None)
    drafting.refresh_from_db()
    assert drafting.template_version == version
    assert [(s.key, s.heading, s.word_limit) for s in version.sections.all()] == before
    # Its author still writes against the old section and its old limit.
    writing.save_answer(drafting, version.sections.get(position=1), "x " * 25, version=0, by=author)


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        "<img src=x onerror=alert(1)>",
    ],
)
def test_no_script_survives_from_an_answer_to_html(drafting, author, payload):
    section = first_section(drafting)
    writing.save_answer(drafting, section, f"Before.\n\n{payload}\n\nAfter.", version=0, by=author)
    rendered = str(render(Answer.objects.get(case_study=drafting, section=section).text))
    assert "<script" not in rendered.lower()
    assert "<img" not in rendered.lower()
    hrefs = re.findall(r'<a\s[^>]*href="([^"]*)"', rendered)
    assert not any("javascript" in html.unescape(href).lower() for href in hrefs)
    assert " on" not in re.sub(r">[^<]*<", "><", rendered)  # no event-handler attributes
    assert "Before." in rendered
    assert "After." in rendered


def test_any_edit_after_sign_off_voids_it(approved, coordinator):
    from casestudies.models import SignOff

    signoff.record(approved, SignOff.Party.DPULO, name="Alex Morgan", role="Chair", method="portal")
    assert signoff.live(approved, SignOff.Party.DPULO)
    section = first_section(approved)
    answer = Answer.objects.get(case_study=approved, section=section)
    writing.save_answer(
        approved, section, answer.text + " One more fact.", version=answer.version, by=coordinator
    )
    assert signoff.live(approved) == []
    voided = approved.sign_offs.get()
    assert voided.voided_reason == f"“{section.heading}” was edited"
    assert not signoff.is_signed_off(approved)


def test_outcomes_are_numbered_and_removing_one_closes_the_gap(drafting, author):
    base = {"invested": None, "unit_other": "", "period": "2015 to 2016", "source": "Council"}
    for label in ("A", "B", "C"):
        writing.add_outcome(
            drafting, {**base, "label": label, "value": 10, "unit": "people"}, by=author
        )
    writing.remove_outcome(drafting.outcomes.get(label="B"), by=author)
    assert list(drafting.outcomes.values_list("position", "label")) == [(1, "A"), (2, "C")]


def test_the_database_refuses_a_return_without_its_second_side(drafting):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Outcome.objects.create(
            case_study=drafting, position=1, label="Return", value=4, unit="return", source="X"
        )


def test_outcome_figures_read_naturally(drafting):
    outcome = Outcome(label="Return", value=4, invested=1, unit="return")
    assert outcome.display_value == "£4 saved for every £1 invested"
    assert Outcome(value=1234.5, unit="per_person").display_value == "£1,234.50 per person"
    assert Outcome(value=350, unit="people").display_value == "350 people"
    assert Outcome(value=12, unit="other", unit_other="hours").display_value == "12 hours"
    assert CaseStudy.objects.count() == 1
