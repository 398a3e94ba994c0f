import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eoi import assessment, services
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
        eoi = fill(services.start(call, organisation, by=user), user)
        services.submit(eoi, by=user)
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
    with pytest.raises(services.EOIError, match="after the call and every extension"):
        assessment.open_assessment(call, by=role_users[roles.PROGRAMME_MANAGER])


def test_assigning_twice_makes_no_duplicates(closed_call, assessor, role_users):
    call, _ = closed_call
    manager = role_users[roles.PROGRAMME_MANAGER]
    assert assessment.assign(call, [assessor.pk], by=manager) == 2
    assert assessment.assign(call, [assessor.pk], by=manager) == 0
    assert Assignment.objects.count() == 2


def test_only_people_with_the_assessor_role_can_be_assigned(closed_call, role_users):
    call, _ = closed_call
    with pytest.raises(services.EOIError, match="Choose at least one assessor"):
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
    with pytest.raises(services.EOIError):
        assessment.start_assessment(Assignment.objects.get(expression_of_interest=first))
    # The other one is unaffected.
    client.post(reverse("eoi:assess-declare", args=[second.reference]), {"has_conflict": "no"})
    assert client.get(reverse("eoi:assess", args=[second.reference])).status_code == 200


def test_a_declaration_is_made_once(open_call, assessor):
    _, (first, _) = open_call
    assignment = Assignment.objects.get(expression_of_interest=first)
    assessment.declare(assignment, has_conflict=False)
    with pytest.raises(services.EOIError, match="already made your declaration"):
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
    with pytest.raises(services.EOIError, match="submitted and cannot be changed"):
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
    seen.append(client.get(reverse("accounts:home")))
    for response in seen:
        assert response.status_code == 200, response.request["PATH_INFO"]
        html = response.content.decode()
        assert "Zebrafield" not in html, response.request["PATH_INFO"]
        assert "Second DPULO" not in html, response.request["PATH_INFO"]
    # The answers themselves are shown as submitted.
    assert "Answer to Criterion number 1." in seen[2].content.decode()


def test_the_manager_sees_every_declaration(client, open_call, assessor, role_users):
    call, (first, _) = open_call
    assessment.declare(
        Assignment.objects.get(expression_of_interest=first), has_conflict=True, reason="Trustee"
    )
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    html = client.get(reverse("eoi:manage-assessors", args=[call.slug])).content.decode()
    assert re.search(r"<strong>Conflict:</strong>\s*Trustee", html)
    assert "Not yet declared" in html
