import html

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import roles
from eoi import assessment, decisions, errors
from eoi.models import Decision, OutcomeLetter
from tests.eoi.test_assessment import closed_call  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(role_users):
    return role_users[roles.PROGRAMME_MANAGER]


def test_recording_a_decision_drafts_one_letter_each_and_sends_nothing(closed_call, manager):  # noqa: F811
    call, (first, second) = closed_call
    assessment.moderate(
        first, call.criteria.get(position=1), value=4, reason="Strong evidence.", by=manager
    )
    decisions.record_decision(call, selected=first, reasons="Best value.", by=manager)
    assert Decision.objects.get(expression_of_interest=first).selected
    assert not Decision.objects.get(expression_of_interest=second).selected
    letters = {letter.expression_of_interest_id: letter for letter in OutcomeLetter.objects.all()}
    assert len(letters) == 2
    assert "has been selected" in letters[first.pk].body
    assert "1. Criterion number 1: 4 out of 4. Strong evidence." in letters[first.pk].body
    assert "has not been selected" in letters[second.pk].body
    assert "Best value." in letters[second.pk].body
    assert mail.outbox == []


def test_changing_the_decision_before_sending_replaces_the_letters(
    closed_call,  # noqa: F811
    manager,
    django_capture_on_commit_callbacks,
):
    call, (first, second) = closed_call
    decisions.record_decision(call, selected=first, reasons="First thoughts.", by=manager)
    decisions.record_decision(call, selected=second, reasons="On reflection.", by=manager)
    assert OutcomeLetter.objects.count() == 2
    assert Decision.objects.filter(call=call, selected=True).get().expression_of_interest == second
    assert "has not been selected" in OutcomeLetter.objects.get(expression_of_interest=first).body
    with django_capture_on_commit_callbacks(execute=True):
        decisions.send_letters(call, by=manager)
    assert len(mail.outbox) == 2  # one each, never a contradictory pair
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(by_recipient) == 2
    for message in mail.outbox:
        assert "On reflection." in message.body


def test_the_database_allows_only_one_selected_per_call(closed_call, manager):  # noqa: F811
    call, (first, second) = closed_call
    decisions.record_decision(call, selected=first, reasons="Reasons", by=manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(expression_of_interest=second).update(selected=True)


def test_sending_is_once_and_the_decision_then_stands(
    closed_call,  # noqa: F811
    manager,
    django_capture_on_commit_callbacks,
):
    call, (first, _) = closed_call
    decisions.record_decision(call, selected=first, reasons="Reasons", by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions.send_letters(call, by=manager) == 2
    with pytest.raises(errors.EOIError, match="no draft letters"):
        decisions.send_letters(call, by=manager)
    assert len(mail.outbox) == 2
    with pytest.raises(errors.EOIError, match="cannot change"):
        decisions.record_decision(call, selected=first, reasons="Again", by=manager)
    letter = OutcomeLetter.objects.get(expression_of_interest=first)
    with pytest.raises(errors.EOIError, match="has been sent"):
        decisions.update_letter(letter, subject="New", body="New")


def test_the_selected_organisations_members_become_coordinators(closed_call, manager):  # noqa: F811
    call, (first, second) = closed_call
    decisions.record_decision(call, selected=first, reasons="Reasons", by=manager)
    selected_member = first.organisation.memberships.get().user
    other_member = second.organisation.memberships.get().user
    assert not selected_member.has_role(roles.COORDINATOR)  # not before the letters go
    decisions.send_letters(call, by=manager)
    selected_member.refresh_from_db()
    assert roles.COORDINATOR in selected_member.role_names
    assert roles.COORDINATOR not in other_member.role_names


def test_a_decision_needs_reasons(closed_call, manager):  # noqa: F811
    call, (first, _) = closed_call
    with pytest.raises(errors.EOIError, match="Enter the reasons"):
        decisions.record_decision(call, selected=first, reasons="  ", by=manager)
    assert not Decision.objects.exists()


def test_the_applicant_sees_the_outcome_only_after_sending(client, closed_call, manager):  # noqa: F811
    call, (first, _) = closed_call
    member = first.organisation.memberships.get().user
    client.force_login(member)
    decisions.record_decision(call, selected=first, reasons="Reasons", by=manager)
    assert client.get(reverse("eoi:outcome", args=[call.slug])).status_code == 404
    assert "Read the outcome" not in client.get(reverse("pages:home")).content.decode()
    decisions.send_letters(call, by=manager)
    home = client.get(reverse("pages:home")).content.decode()
    assert "Selected" in home
    page = client.get(reverse("eoi:outcome", args=[call.slug])).content.decode()
    assert "has been selected" in page


def test_decision_and_outbox_through_the_views(
    client,
    closed_call,  # noqa: F811
    manager,
    django_capture_on_commit_callbacks,
):
    call, (first, second) = closed_call
    client.force_login(manager)
    url = reverse("eoi:manage-decision", args=[call.slug])
    response = client.post(url, {"reasons": "Because"})
    assert "Choose the expression of interest to select" in response.content.decode()
    response = client.post(url, {"selected": second.pk, "reasons": ""})
    assert "Enter the reasons for the decision" in response.content.decode()
    response = client.post(url, {"selected": second.pk, "reasons": "Clearest plan."})
    assert response["Location"] == reverse("eoi:manage-outbox", args=[call.slug])
    letter_url = reverse("eoi:manage-letter", args=[call.slug, first.reference])
    response = client.post(letter_url, {"subject": "Outcome", "body": ""})
    assert "Enter the letter" in response.content.decode()
    opened_as = client.get(letter_url).context["opened_as"]
    # Someone else improves the letter while this page is open: the save is refused.
    decisions.update_letter(
        OutcomeLetter.objects.get(expression_of_interest=first), subject="Theirs", body="Theirs."
    )
    refused = client.post(
        letter_url,
        {"subject": "Your outcome", "body": "A kinder letter.", "opened_as": opened_as},
    )
    assert "Someone else changed this letter" in refused.content.decode()
    assert OutcomeLetter.objects.get(expression_of_interest=first).body == "Theirs.\n"
    client.post(
        letter_url,
        {
            "subject": "Your outcome",
            "body": "A kinder letter.",
            "opened_as": refused.context["opened_as"],
        },
    )
    assert OutcomeLetter.objects.get(expression_of_interest=first).body == "A kinder letter.\n"
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eoi:manage-outbox", args=[call.slug]))
    assert "Your outcome" in {message.subject for message in mail.outbox}
    assert len(mail.outbox) == 2


def test_the_decision_page_waits_for_the_close_and_says_what_is_unfinished(
    client,
    closed_call,  # noqa: F811
    manager,
    role_users,
):
    from datetime import timedelta

    from django.utils import timezone

    from eoi.models import Assignment
    from tests.conftest import make_user
    from tests.eoi.conftest import make_call
    from tests.eoi.test_assessment import score_all

    client.force_login(manager)
    still_open = make_call("still-open", closes_at=timezone.now() + timedelta(days=2))
    page = client.get(reverse("eoi:manage-decision", args=[still_open.slug])).content.decode()
    assert "The call is open until" in page
    assert "Record decision and draft letters" not in page
    assessors_page = client.get(reverse("eoi:manage-assessors", args=[still_open.slug]))
    assert "Open assessment</button>" not in assessors_page.content.decode()
    overview = client.get(reverse("eoi:manage-call", args=[still_open.slug])).content.decode()
    assert reverse("eoi:manage-decision", args=[still_open.slug]) not in overview

    call, (first, _) = closed_call
    assert (
        "Open assessment</button>"
        in client.get(reverse("eoi:manage-assessors", args=[call.slug])).content.decode()
    )
    one = role_users[roles.ASSESSOR]
    other = make_user("other@test.example", roles.ASSESSOR)
    assessment.assign(call, [one.pk, other.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=one), [1, 3, 3, 3])
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=other), [4, 3, 3, 3])
    page = client.get(reverse("eoi:manage-decision", args=[call.slug])).content.decode()
    assert "The assessment is not finished" in page
    assert "2 declarations of interest not yet made" in page
    assert (
        f"{first.reference}, “Criterion number 1”: the assessors disagree (scores 1 and 4) and no "
        "score has been agreed"
    ) in html.unescape(page)
    assert "Record decision and draft letters" in page  # the manager may still decide


def test_each_letter_carries_its_own_feedback_and_the_comments_without_names(
    closed_call,  # noqa: F811
    manager,
    role_users,
):
    from eoi.models import Assignment
    from tests.conftest import make_user

    call, (first, second) = closed_call
    one = role_users[roles.ASSESSOR]
    other = make_user("other@test.example", roles.ASSESSOR, full_name="Zoe Secretname")
    assessment.assign(call, [one.pk, other.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    for assessor, remark in ((one, "Clear plan for the first."), (other, "Good local links.")):
        assignment = Assignment.objects.get(expression_of_interest=first, assessor=assessor)
        assessment.declare(assignment, has_conflict=False)
        item = assessment.start_assessment(assignment)
        criteria = list(call.criteria.all())
        entries = {c.pk: (3, False, remark if c.position == 1 else "") for c in criteria}
        assessment.save_scores(item, entries, submit=True)
    assessment.moderate(
        first, call.criteria.get(position=2), value=4, reason="Agreed: strong.", by=manager
    )

    decisions.record_decision(
        call, selected=first, reasons="Best value.", by=manager, with_comments=True
    )
    mine = OutcomeLetter.objects.get(expression_of_interest=first).body
    theirs = OutcomeLetter.objects.get(expression_of_interest=second).body
    assert "1. Criterion number 1\n   Assessor 1: Clear plan for the first." in mine
    assert "Assessor 2: Good local links." in mine
    assert "2. Criterion number 2: 4 out of 4. Agreed: strong." in mine
    assert "Zoe" not in mine  # nor any assessor's name
    assert one.email not in mine
    assert "Clear plan" not in theirs  # the other applicant's feedback is their own
    assert "Feedback from the assessment" not in theirs

    decisions.record_decision(call, selected=first, reasons="Best value.", by=manager)
    assert "Assessor 1" not in OutcomeLetter.objects.get(expression_of_interest=first).body
