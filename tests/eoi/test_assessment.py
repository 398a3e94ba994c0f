import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eoi import application, assessment, errors
from eoi.models import Assessment, Assignment
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zebrafield Disabled People's Collective"


@pytest.fixture
def closed_call(role_users):
    """A blind call that has closed, with two submitted expressions of interest."""
    now = timezone.now()
    call = make_call("assessed", closes_at=now + timedelta(days=1))
    call.blind_assessment = True
    call.save()
    submitted = []
    for name in (SECRET_NAME, "Second DPULO"):
        organisation = make_organisation(name)
        user = make_user(f"{name.split()[0].lower()}@test.example", roles.APPLICANT, organisation)
        eoi = fill(application.start(call, organisation, by=user), user)
        application.submit(eoi, by=user)
        eoi.refresh_from_db()
        submitted.append(eoi)
    call.opens_at = now - timedelta(days=30)
    call.closes_at = now - timedelta(minutes=1)
    call.save()
    return call, submitted


@pytest.fixture
def assessor(role_users):
    return role_users[roles.ASSESSOR]


@pytest.fixture
def open_call(closed_call, assessor, role_users):
    call, submitted = closed_call
    manager = role_users[roles.PROGRAMME_MANAGER]
    assert assessment.assign(call, [assessor.pk], by=manager) == 2
    assessment.open_assessment(call, by=manager)
    return call, submitted


def test_assessment_cannot_open_before_the_closing_time(role_users):
    call = make_call("still-open")
    with pytest.raises(errors.EOIError, match="after the call and every extension"):
        assessment.open_assessment(call, by=role_users[roles.PROGRAMME_MANAGER])


def test_assigning_twice_makes_no_duplicates(closed_call, assessor, role_users):
    call, _ = closed_call
    manager = role_users[roles.PROGRAMME_MANAGER]
    assert assessment.assign(call, [assessor.pk], by=manager) == 2
    assert assessment.assign(call, [assessor.pk], by=manager) == 0
    assert Assignment.objects.count() == 2


def test_only_people_with_the_assessor_role_can_be_assigned(closed_call, role_users):
    call, _ = closed_call
    with pytest.raises(errors.EOIError, match="Choose at least one assessor"):
        assessment.assign(
            call, [role_users[roles.APPLICANT].pk], by=role_users[roles.PROGRAMME_MANAGER]
        )


def test_the_declaration_comes_first_and_a_conflict_closes_the_door(client, open_call, assessor):
    _, (first, second) = open_call
    client.force_login(assessor)
    # Scoring before declaring sends the assessor to the declaration.
    response = client.get(reverse("eoi:assess", args=[first.reference]))
    assert response["Location"] == reverse("eoi:assess-declare", args=[first.reference])
    response = client.post(
        reverse("eoi:assess-declare", args=[first.reference]), {"has_conflict": "yes"}
    )
    assert "Describe the conflict of interest" in response.content.decode()
    client.post(
        reverse("eoi:assess-declare", args=[first.reference]),
        {"has_conflict": "yes", "reason": "I am a trustee."},
    )
    for name in ("eoi:assess", "eoi:assess-declare"):
        assert client.get(reverse(name, args=[first.reference])).status_code == 404
    with pytest.raises(errors.EOIError):
        assessment.start_assessment(Assignment.objects.get(expression_of_interest=first))
    # The other one is unaffected.
    client.post(reverse("eoi:assess-declare", args=[second.reference]), {"has_conflict": "no"})
    assert client.get(reverse("eoi:assess", args=[second.reference])).status_code == 200


def test_a_declaration_is_made_once(open_call, assessor):
    _, (first, _) = open_call
    assignment = Assignment.objects.get(expression_of_interest=first)
    assessment.declare(assignment, has_conflict=False)
    with pytest.raises(errors.EOIError, match="already made your declaration"):
        assessment.declare(assignment, has_conflict=True, reason="Changed my mind")
    assignment.refresh_from_db()
    assert assignment.has_conflict is False


def test_an_assessor_not_assigned_gets_404(client, open_call):
    _, (first, _) = open_call
    other = make_user("other-assessor@test.example", roles.ASSESSOR)
    client.force_login(other)
    assert client.get(reverse("eoi:assess-declare", args=[first.reference])).status_code == 404
    assert client.get(reverse("eoi:assess", args=[first.reference])).status_code == 404


def scoring_data(call, value="3", action="save"):
    data = {"action": action}
    for criterion in call.criteria.all():
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"Comment on {criterion.position}"
    return data


def test_scoring_as_a_draft_then_submitting_locks_it(client, open_call, assessor):
    call, (first, _) = open_call
    client.force_login(assessor)
    client.post(reverse("eoi:assess-declare", args=[first.reference]), {"has_conflict": "no"})
    url = reverse("eoi:assess", args=[first.reference])
    data = scoring_data(call)
    del data[f"score_{call.criteria.last().pk}"]
    response = client.post(url, {**data, "action": "submit"})
    assert (
        "Score every criterion, or mark it not applicable, to submit" in response.content.decode()
    )
    the_assessment = Assessment.objects.get()
    assert not the_assessment.is_submitted
    assert the_assessment.scores.filter(value=3).count() == call.criteria.count() - 1  # draft kept

    data[f"score_{call.criteria.last().pk}"] = "na"
    response = client.post(url, {**data, "action": "submit"})
    assert response["Location"] == reverse("eoi:assessor-queue")
    the_assessment.refresh_from_db()
    assert the_assessment.is_submitted
    assert assessment.total(the_assessment) == 75  # 3 of 4 everywhere, N/A left out
    # Locked: a later post changes nothing.
    client.post(url, scoring_data(call, value="0"))
    assert not the_assessment.scores.filter(value=0).exists()
    with pytest.raises(errors.EOIError, match="submitted and cannot be changed"):
        assessment.save_scores(the_assessment, {})


def test_a_blind_call_never_shows_the_organisation_to_the_assessor(client, open_call, assessor):
    _, submitted = open_call
    client.force_login(assessor)
    seen = [client.get(reverse("eoi:assessor-queue"))]
    for eoi in submitted:
        declare_url = reverse("eoi:assess-declare", args=[eoi.reference])
        seen.append(client.get(declare_url))  # before declaring
        client.post(declare_url, {"has_conflict": "no"})
        seen.append(client.get(reverse("eoi:assess", args=[eoi.reference])))
    seen.append(client.get(reverse("eoi:assessor-queue")))
    seen.append(client.get(reverse("pages:home")))
    for response in seen:
        assert response.status_code == 200, response.request["PATH_INFO"]
        html = response.content.decode()
        assert "Zebrafield" not in html, response.request["PATH_INFO"]
        assert "Second DPULO" not in html, response.request["PATH_INFO"]
    # The answers themselves are shown as submitted.
    assert "Answer to Criterion number 1." in seen[2].content.decode()
    # Exports, history and moderation, which carry names, are closed to assessors.
    call = submitted[0].call
    for name, args in [
        ("eoi:manage-export", [call.slug, "csv"]),
        ("eoi:manage-export", [call.slug, "xlsx"]),
        ("eoi:manage-history", [call.slug]),
        ("eoi:manage-moderation", [call.slug]),
        ("eoi:manage-moderate", [call.slug, submitted[0].reference]),
        ("eoi:manage-assessors", [call.slug]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 403, name
        assert b"Zebrafield" not in response.content


def test_the_manager_sees_every_declaration(client, open_call, assessor, role_users):
    call, (first, _) = open_call
    assessment.declare(
        Assignment.objects.get(expression_of_interest=first), has_conflict=True, reason="Trustee"
    )
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    html = client.get(reverse("eoi:manage-assessors", args=[call.slug])).content.decode()
    assert re.search(r"<strong>Conflict:</strong>\s*Trustee", html)
    assert "Not yet declared" in html


def score_all(assignment, values):
    """Declare no conflict and submit the given values, criterion by criterion (None = N/A)."""
    if not assignment.is_declared:
        assessment.declare(assignment, has_conflict=False)
    item = assessment.start_assessment(assignment)
    criteria = list(assignment.expression_of_interest.call.criteria.all())
    entries = {
        criterion.pk: (value, value is None, "")
        for criterion, value in zip(criteria, values, strict=True)
    }
    return assessment.save_scores(item, entries, submit=True)


@pytest.fixture
def two_assessors(open_call, assessor, role_users):
    call, _ = open_call
    second = make_user("second-assessor@test.example", roles.ASSESSOR)
    assessment.assign(call, [second.pk], by=role_users[roles.PROGRAMME_MANAGER])
    return assessor, second


def test_moderation_summary_ranks_with_agreed_scores_and_shows_ties(
    open_call, two_assessors, role_users
):
    call, (first, second_eoi) = open_call
    one, two = two_assessors
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=one), [4, 4, 4, 4])
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=two), [2, 4, 4, 4])
    score_all(Assignment.objects.get(expression_of_interest=second_eoi, assessor=one), [4, 4, 3, 3])
    score_all(Assignment.objects.get(expression_of_interest=second_eoi, assessor=two), [4, 4, 3, 3])
    rows = {row.eoi.reference: row for row in assessment.call_summary(call)}
    first_row = rows[first.reference]
    assert first_row.agreement.totals == (Decimal("100.0"), Decimal("87.5"))
    assert first_row.agreement.has_disagreement
    assert first_row.total == Decimal("93.8")  # criterion 1 uses the mean, 3
    assert rows[second_eoi.reference].total == Decimal("87.5")
    assert first_row.ranked.label == "1"

    # Agreeing 2 on criterion 1 brings the first down to a tie with the second.
    criterion = call.criteria.get(position=1)
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessment.moderate(first, criterion, value=2, reason="Evidence was thin", by=manager)
    rows = {row.eoi.reference: row for row in assessment.call_summary(call)}
    assert rows[first.reference].total == Decimal("87.5")
    assert [rows[ref].ranked.label for ref in (first.reference, second_eoi.reference)] == [
        "1=",
        "1=",
    ]


def test_moderation_needs_a_reason_and_a_score_on_the_scale(open_call, role_users):
    call, (first, _) = open_call
    criterion = call.criteria.get(position=1)
    manager = role_users[roles.PROGRAMME_MANAGER]
    with pytest.raises(errors.EOIError, match="Enter the reason"):
        assessment.moderate(first, criterion, value=3, reason=" ", by=manager)
    with pytest.raises(errors.EOIError, match="from 0 to 4"):
        assessment.moderate(first, criterion, value=5, reason="Because", by=manager)


def test_reopening_is_recorded_with_who_did_it(open_call, assessor, role_users):
    _, (first, _) = open_call
    item = score_all(Assignment.objects.get(expression_of_interest=first), [3, 3, 3, 3])
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessment.reopen(item, by=manager)
    assert item.status == "draft"
    latest = item.history.order_by("-history_date").first()
    assert latest.history_user == manager
    assert latest.status == "draft"
    assert latest.prev_record.status == "submitted"
    with pytest.raises(errors.EOIError, match="nothing to reopen"):
        assessment.reopen(item, by=manager)


def test_moderation_pages_through_the_views(client, open_call, assessor, role_users):
    call, (first, _) = open_call
    score_all(Assignment.objects.get(expression_of_interest=first), [3, 3, 3, None])
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    overview = client.get(reverse("eoi:manage-moderation", args=[call.slug])).content.decode()
    assert first.reference in overview
    assert (
        SECRET_NAME.replace("'", "&#x27;") in overview
    )  # the manager sees names, even in blind calls
    url = reverse("eoi:manage-moderate", args=[call.slug, first.reference])
    criterion = call.criteria.get(position=2)
    response = client.post(url, {"criterion": criterion.pk, "agreed": "2", "reason": ""})
    assert "Enter the reason for the agreed score" in response.content.decode()
    response = client.post(
        url, {"criterion": criterion.pk, "agreed": "2", "reason": "Agreed at panel"}
    )
    assert response.status_code == 302
    moderation = first.moderations.get()
    assert (moderation.value, moderation.reason) == (2, "Agreed at panel")
    assert moderation.history.first().history_user == role_users[roles.PROGRAMME_MANAGER]
    the_assessment = Assessment.objects.get()
    client.post(url, {"action": "reopen", "assessment": the_assessment.pk})
    the_assessment.refresh_from_db()
    assert not the_assessment.is_submitted


def test_assessors_cannot_reach_moderation(client, open_call, assessor):
    call, (first, _) = open_call
    client.force_login(assessor)
    assert client.get(reverse("eoi:manage-moderation", args=[call.slug])).status_code == 403
    assert (
        client.get(reverse("eoi:manage-moderate", args=[call.slug, first.reference])).status_code
        == 403
    )


def test_the_history_page_shows_who_changed_what(client, open_call, assessor, role_users):
    call, (first, _) = open_call
    manager = role_users[roles.PROGRAMME_MANAGER]
    item = score_all(Assignment.objects.get(expression_of_interest=first), [3, 3, 3, 3])
    assessment.reopen(item, by=manager)
    assessment.moderate(first, call.criteria.get(position=1), value=2, reason="Thin", by=manager)
    assessment.moderate(first, call.criteria.get(position=1), value=4, reason="Strong", by=manager)
    client.force_login(manager)
    html = client.get(reverse("eoi:manage-history", args=[call.slug])).content.decode()
    assert f"Changed: Agreed score on criterion 1 of {first.reference}" in html
    assert "Value: 2 → 4" in html
    assert "Reason: Thin → Strong" in html
    assert f"Changed: Assessor&#x27;s assessment of {first.reference}" in html
    assert "Status: submitted → draft" in html
    assert html.count(manager.full_name) >= 3


def test_others_scores_only_after_submitting_and_only_if_the_call_allows(
    open_call, two_assessors, client
):
    call, (first, _) = open_call
    one, two = two_assessors
    mine = Assignment.objects.get(expression_of_interest=first, assessor=one)
    theirs = Assignment.objects.get(expression_of_interest=first, assessor=two)
    score_all(theirs, [1, 1, 1, 1])
    assessment.declare(mine, has_conflict=False)
    assessment.start_assessment(mine)
    mine.refresh_from_db()
    assert assessment.others_scores(mine) == {}  # not submitted yet
    score_all(mine, [3, 3, 3, 3])
    mine.refresh_from_db()
    assert assessment.others_scores(mine) == {}  # the call does not allow it
    call.assessors_see_each_other = True
    call.save()
    mine.refresh_from_db()
    shown = assessment.others_scores(mine)
    assert len(shown) == call.criteria.count()
    assert all(values == [1] for values in shown.values())
    client.force_login(one)
    html = client.get(reverse("eoi:assess", args=[first.reference])).content.decode()
    assert "Other assessors' scores:</strong> 1" in html
    assert two.full_name not in html


def test_assigning_to_chosen_expressions_of_interest_through_the_page(
    client, closed_call, assessor, role_users
):
    call, (_, second) = closed_call
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    url = reverse("eoi:manage-assessors", args=[call.slug])
    page = client.get(url).content.decode()
    assert page.count('name="eois" type="checkbox"') == 2
    response = client.post(url, {"assessors": [assessor.pk], "action": "assign"})
    assert "Choose at least one expression of interest" in response.content.decode()
    client.post(url, {"assessors": [assessor.pk], "eois": [second.pk], "action": "assign"})
    assert list(Assignment.objects.values_list("expression_of_interest", flat=True)) == [second.pk]


def test_a_spread_of_zero_is_shown_as_zero(client, open_call, two_assessors, role_users):
    call, (first, _) = open_call
    one, two = two_assessors
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=one), [2, 2, 2, 2])
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=two), [2, 2, 2, 2])
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    html = client.get(reverse("eoi:manage-moderation", args=[call.slug])).content.decode()
    cells = re.findall(r'govuk-table__cell--numeric">\s*([^<]*?)\s*</td>', html)
    assert cells[:5] == ["2", "50.0%", "50.0%", "0.0", "50.0%"]  # spread in points


def test_a_refused_moderation_keeps_the_chosen_score_and_reason(client, open_call, role_users):
    call, (first, _) = open_call
    criterion = call.criteria.get(position=1)
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    url = reverse("eoi:manage-moderate", args=[call.slug, first.reference])
    page = client.post(url, {"criterion": criterion.pk, "agreed": "3", "reason": ""}).content
    page = page.decode()
    assert re.search(rf'id="agreed-{criterion.pk}-3"[^>]*checked', page)
    assert "Enter the reason for the agreed score" in page


def test_a_refused_assignment_keeps_the_ticked_assessors(client, closed_call, assessor, role_users):
    call, _ = closed_call
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    url = reverse("eoi:manage-assessors", args=[call.slug])
    page = client.post(url, {"assessors": [assessor.pk], "action": "assign"}).content.decode()
    assert "Choose at least one expression of interest" in page
    assert re.search(rf'id="assessor-{assessor.pk}"[^>]*checked', page)


def test_two_managers_agreeing_a_score_at_once_the_second_is_refused(closed_call, role_users):
    from eoi.models import Moderation

    manager = role_users[roles.PROGRAMME_MANAGER]
    call, (first, _) = closed_call
    criterion = call.criteria.get(position=1)
    opened_as = assessment.moderation_fingerprint(None)  # both pages opened before any score
    assessment.moderate(
        first, criterion, value=2, reason="Thin evidence", by=manager, opened_as=opened_as
    )
    with pytest.raises(errors.EOIError, match="Someone else changed the agreed score"):
        assessment.moderate(
            first, criterion, value=4, reason="Strong", by=manager, opened_as=opened_as
        )
    saved = Moderation.objects.get(expression_of_interest=first, criterion=criterion)
    assert (saved.value, saved.reason) == (2, "Thin evidence")
    assessment.moderate(
        first,
        criterion,
        value=4,
        reason="Strong",
        by=manager,
        opened_as=assessment.moderation_fingerprint(saved),
    )
    saved.refresh_from_db()
    assert saved.value == 4


def test_the_assessors_page_leads_with_who_is_outstanding(client, open_call, assessor, role_users):
    call, (first, _) = open_call
    other = make_user("other-assessor@test.example", roles.ASSESSOR)
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessment.assign(call, [other.pk], by=manager)
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=assessor), [3] * 4)
    assessment.declare(
        Assignment.objects.get(expression_of_interest=first, assessor=other),
        has_conflict=True,
        reason="Trustee",
    )
    client.force_login(manager)
    page = client.get(reverse("eoi:manage-assessors", args=[call.slug])).content.decode()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    summary = text.split("Declarations made")[1].split("Assign assessors")[0]
    assert summary.startswith(" 2 of 4 ")
    assert "Assessments submitted 1 of 3 expected" in summary
    assert f"{other.full_name}: 1 to declare" in summary
    assert f"{assessor.full_name}: 1 to declare" in summary


def test_moderation_figures_say_their_units(client, open_call, assessor, role_users):
    call, (first, _) = open_call
    score_all(Assignment.objects.get(expression_of_interest=first, assessor=assessor), [3] * 4)
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    page = client.get(reverse("eoi:manage-moderation", args=[call.slug])).content.decode()
    row = page.split(first.reference)[2].split("</tr>")[0]
    cells = re.findall(r'govuk-table__cell--numeric">([^<]*)<', row)
    assert cells[1:] == ["75.0%", "75.0%", "0.0", "75.0%"]  # mean, median, spread, total
    assert "Mean of assessors' totals" in page
    assert "Spread (points)" in page
