from datetime import UTC, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from eoi import application, calls, errors, queries
from eoi.models import Answer, ExpressionOfInterest, Submission
from tests.conftest import at_the_same_moment, make_organisation, make_user
from tests.eoi.conftest import fill, london, make_call, words

pytestmark = pytest.mark.django_db


# The deadline ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closes_at", "season"),
    [
        (london(2027, 1, 27, 17, 0, 0), "GMT"),  # Wednesday 27 January 2027, UTC+0
        (london(2012, 4, 25, 17, 0, 0), "BST"),  # Wednesday 25 April 2012, UTC+1
    ],
)
def test_a_second_before_five_is_in_time_and_five_oclock_is_too_late(
    applicant, organisation, closes_at, season, django_capture_on_commit_callbacks
):
    call = make_call(closes_at=closes_at)
    eoi = application.start(call, organisation, by=applicant, now=closes_at - timedelta(days=1))
    for criterion in call.criteria.all():
        values = {"amount": Decimal("300")} if criterion.is_money else {"text": "Our answer."}
        application.save_answer(
            eoi, criterion, version=0, by=applicant, now=closes_at - timedelta(hours=1), **values
        )

    with pytest.raises(errors.DeadlinePassed) as refused:
        application.submit(eoi, by=applicant, now=closes_at)
    assert "The closing time was 5pm on Wednesday" in refused.value.message
    assert "Your draft has been kept" in refused.value.message
    eoi.refresh_from_db()
    assert eoi.is_draft
    assert eoi.answers.count() == call.criteria.count()  # nothing lost

    with django_capture_on_commit_callbacks(execute=True):
        submission = application.submit(eoi, by=applicant, now=closes_at - timedelta(seconds=1))
    assert submission.submitted_at == closes_at - timedelta(seconds=1)
    eoi.refresh_from_db()
    assert eoi.is_submitted
    expected_utc_hour = 17 if season == "GMT" else 16
    assert closes_at.astimezone(UTC).hour == expected_utc_hour


def test_saving_after_the_closing_time_is_refused_and_keeps_the_old_answer(
    complete_draft, applicant
):
    call = complete_draft.call
    criterion = call.criteria.first()
    answer = Answer.objects.get(expression_of_interest=complete_draft, criterion=criterion)
    with pytest.raises(errors.DeadlinePassed):
        application.save_answer(
            complete_draft,
            criterion,
            text="Too late",
            version=answer.version,
            by=applicant,
            now=call.closes_at,
        )
    answer.refresh_from_db()
    assert answer.text == f"Answer to {criterion.title}."


def test_an_extension_moves_one_organisations_closing_time(
    complete_draft, applicant, organisation, role_users
):
    from accounts import roles

    call = complete_draft.call
    later = call.closes_at + timedelta(days=2)
    extension = application.grant_extension(
        call=call,
        organisation=organisation,
        closes_at=later,
        reason="Our office flooded in the last week of the call.",
        by=role_users[roles.PROGRAMME_MANAGER],
    )
    assert extension.granted_by == role_users[roles.PROGRAMME_MANAGER]
    assert application.closing_time(call, organisation) == later
    other = make_organisation("Other DPULO")
    assert application.closing_time(call, other) == call.closes_at
    application.submit(complete_draft, by=applicant, now=call.closes_at + timedelta(days=1))
    complete_draft.refresh_from_db()
    assert complete_draft.is_submitted


def test_an_extension_needs_a_reason_and_a_later_time(call, organisation, applicant):
    with pytest.raises(errors.EOIError, match="reason"):
        application.grant_extension(
            call=call,
            organisation=organisation,
            closes_at=call.closes_at + timedelta(days=1),
            reason="  ",
            by=applicant,
        )
    with pytest.raises(errors.EOIError, match="after the call's closing time"):
        application.grant_extension(
            call=call,
            organisation=organisation,
            closes_at=call.closes_at,
            reason="Because",
            by=applicant,
        )


def test_an_upcoming_call_cannot_be_started(organisation, applicant):
    call = make_call(opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(errors.NotOpen):
        application.start(call, organisation, by=applicant)


# The A4 limit --------------------------------------------------------------------------------


def test_an_expression_of_interest_that_fits_on_three_sides_is_accepted(draft, applicant):
    fill(draft, applicant, text_for=lambda criterion: words(400))
    submission = application.submit(draft, by=applicant)
    assert submission.pages == 3


def test_one_that_needs_four_sides_is_refused_with_the_message(draft, applicant):
    fill(draft, applicant, text_for=lambda criterion: words(500))
    with pytest.raises(errors.TooLong) as refused:
        application.submit(draft, by=applicant)
    error = refused.value
    assert (error.pages, error.limit) == (4, 3)
    assert error.message.startswith(
        "Your expression of interest fills 4 sides of A4. The limit is 3. Shorten it by about "
    )
    assert error.message.endswith(" words.")
    # Cutting about that many words makes it fit.
    assert 100 <= error.words_over <= 600
    draft.refresh_from_db()
    assert draft.is_draft
    assert not Submission.objects.exists()


def test_cutting_the_suggested_number_of_words_makes_it_fit(draft, applicant):
    fill(draft, applicant, text_for=lambda criterion: words(520))
    with pytest.raises(errors.TooLong) as refused:
        application.submit(draft, by=applicant)
    per_answer_cut = -(-refused.value.words_over // 3) + 10
    fill(draft, applicant, text_for=lambda criterion: words(520 - per_answer_cut))
    assert application.submit(draft, by=applicant).pages == 3


# One per organisation, and double clicks -----------------------------------------------------


def test_starting_twice_gives_the_same_draft(call, organisation, applicant):
    colleague = make_user("colleague@test.example", organisation=organisation)
    first = application.start(call, organisation, by=applicant)
    second = application.start(call, organisation, by=colleague)
    assert first.pk == second.pk
    assert ExpressionOfInterest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_starting_at_the_same_moment_make_one_draft(role_users, organisation):
    from accounts import roles

    call = make_call(slug="race")
    applicant = role_users[roles.APPLICANT]
    results = at_the_same_moment(lambda: application.start(call, organisation, by=applicant).pk)
    assert len(set(results)) == 1
    assert ExpressionOfInterest.objects.filter(call=call).count() == 1


def test_submitting_twice_makes_one_submission_and_one_receipt(
    complete_draft, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = application.submit(complete_draft, by=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        second = application.submit(complete_draft, by=applicant)
    assert first.pk == second.pk
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_changed_expression_of_interest_can_be_resubmitted_with_the_same_reference(
    complete_draft, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = application.submit(complete_draft, by=applicant)
    criterion = complete_draft.call.criteria.first()
    answer = complete_draft.answers.get(criterion=criterion)
    application.save_answer(
        complete_draft, criterion, text="A better answer.", version=answer.version, by=applicant
    )
    complete_draft.refresh_from_db()
    assert complete_draft.changed_since_submission
    assert complete_draft.is_submitted
    with django_capture_on_commit_callbacks(execute=True):
        second = application.submit(complete_draft, by=applicant)
    assert second.number == 2
    assert second.expression_of_interest.reference == first.expression_of_interest.reference
    assert second.content["answers"][0]["text"] == "A better answer."
    assert first.content["answers"][0]["text"] != "A better answer."
    assert len(mail.outbox) == 2


def test_references_count_up_within_a_year(call, applicant, organisation):
    other_org = make_organisation("Second DPULO")
    other_user = make_user("second@test.example", organisation=other_org)
    first = fill(application.start(call, organisation, by=applicant), applicant)
    second = fill(application.start(call, other_org, by=other_user), other_user)
    application.submit(first, by=applicant)
    application.submit(second, by=other_user)
    first.refresh_from_db()
    second.refresh_from_db()
    year = timezone.localtime().year
    assert first.reference == f"EOI-{year}-0001"
    assert second.reference == f"EOI-{year}-0002"


def test_an_incomplete_expression_of_interest_lists_what_is_missing(draft, applicant):
    with pytest.raises(errors.Incomplete) as refused:
        application.submit(draft, by=applicant)
    labels = [item.label for item in refused.value.missing]
    assert labels == [
        "Criterion number 1",
        "Criterion number 2",
        "Criterion number 3",
        "Proposed daily rate",
    ]
    assert refused.value.missing[0].url == f"/calls/{draft.call.slug}/apply/criteria/1/"


# Conflicting edits ---------------------------------------------------------------------------


def test_the_second_of_two_conflicting_saves_is_refused_with_both_versions(
    draft, applicant, organisation
):
    colleague = make_user("colleague@test.example", organisation=organisation)
    criterion = draft.call.criteria.first()
    # Both opened the page when the answer was at version 0.
    application.save_answer(draft, criterion, text="Amara's answer", version=0, by=applicant)
    with pytest.raises(errors.EditConflict) as refused:
        application.save_answer(draft, criterion, text="Jo's answer", version=0, by=colleague)
    assert refused.value.current["text"] == "Amara's answer"
    assert refused.value.version == 1
    assert Answer.objects.get(criterion=criterion).text == "Amara's answer"
    # Jo, having seen both, saves again on purpose.
    application.save_answer(draft, criterion, text="Jo's answer", version=1, by=colleague)
    assert Answer.objects.get(criterion=criterion).text == "Jo's answer"


def test_saving_the_same_text_twice_is_not_a_conflict(draft, applicant):
    criterion = draft.call.criteria.first()
    application.save_answer(draft, criterion, text="Same", version=0, by=applicant)
    answer = application.save_answer(draft, criterion, text="Same", version=0, by=applicant)
    assert answer.version == 1


def test_conflicting_section_saves_are_refused_too(draft, applicant):
    data = {
        "contact_name": "Amara Okafor",
        "contact_role": "Chief executive",
        "contact_email": "amara@test.example",
        "contact_phone": "",
    }
    application.save_contact(draft, data, version=0, by=applicant)
    with pytest.raises(errors.EditConflict) as refused:
        application.save_contact(draft, {**data, "contact_name": "Jo"}, version=0, by=applicant)
    assert refused.value.current["contact_name"] == "Amara Okafor"


def test_an_over_long_answer_is_refused(draft, applicant):
    criterion = draft.call.criteria.first()
    with pytest.raises(errors.EOIError, match="20,000 characters or fewer"):
        application.save_answer(draft, criterion, text="x" * 20_001, version=0, by=applicant)
    assert not Answer.objects.exists()


# Withdrawing ----------------------------------------------------------------------------------


def test_withdrawing_and_submitting_again(complete_draft, applicant):
    application.submit(complete_draft, by=applicant)
    application.withdraw(complete_draft, by=applicant)
    assert complete_draft.is_withdrawn
    with pytest.raises(errors.InvalidTransition):
        application.withdraw(complete_draft, by=applicant)
    application.submit(complete_draft, by=applicant)
    complete_draft.refresh_from_db()
    assert complete_draft.is_submitted
    assert complete_draft.withdrawn_at is None


# Criteria are locked once answered ------------------------------------------------------------


def test_criteria_can_change_until_the_first_submission(complete_draft, applicant):
    call = complete_draft.call
    new = [{"title": f"Reworded {n}", "kind": "written"} for n in range(1, 4)]
    new.append({"title": "Daily rate", "kind": "money"})
    calls.replace_criteria(call, new)
    assert list(call.criteria.values_list("title", flat=True)) == [
        "Reworded 1",
        "Reworded 2",
        "Reworded 3",
        "Daily rate",
    ]
    # The drafts' answers stay with their criteria.
    assert complete_draft.answers.count() == 4


def test_a_criterion_someone_has_answered_cannot_be_removed(complete_draft, applicant):
    call = complete_draft.call
    with pytest.raises(errors.EOIError, match="applicants have started answering"):
        calls.replace_criteria(call, [{"title": "Only one question"}])
    assert call.criteria.count() == 4


def test_criteria_are_locked_after_the_first_submission(complete_draft, applicant):
    application.submit(complete_draft, by=applicant)
    call = complete_draft.call
    before = list(call.criteria.values_list("title", flat=True))
    with pytest.raises(errors.CriteriaLocked):
        calls.replace_criteria(call, [{"title": "Something else"}])
    assert list(call.criteria.values_list("title", flat=True)) == before


# Time left ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [
        (timedelta(days=2, hours=3), "Closes in 2 days"),
        (timedelta(days=1), "Closes in 1 day"),
        (timedelta(hours=5, minutes=10), "Closes in 5 hours"),
        (timedelta(minutes=1, seconds=30), "Closes in 1 minute"),
        (timedelta(seconds=20), "Closes in 1 minute"),
        (timedelta(0), "Closed"),
    ],
)
def test_time_left(remaining, expected):
    now = london(2026, 11, 24, 9, 0)
    assert queries.time_left(now + remaining, now=now) == expected


def test_a_draft_that_was_never_submitted_is_not_withdrawn(complete_draft, applicant):
    with pytest.raises(errors.EOIError, match="nothing to withdraw"):
        application.withdraw(complete_draft, by=applicant)
    complete_draft.refresh_from_db()
    assert complete_draft.is_draft
