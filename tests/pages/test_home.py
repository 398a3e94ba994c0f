"""The signed-in home page says what to do next, with counts and direct links, for every role."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casestudies import scoping, workflow
from casestudies.models import CaseStudy, SignOff
from collection import editions
from eoi import application, assessment, decisions
from eoi.models import Assignment
from eoi.progress import progress
from tests.casestudies.conftest import scope
from tests.collection.conftest import signed_off
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call
from tests.eoi.test_assessment import closed_call, open_call, score_all  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    return response.content.decode()


# The programme manager and the coordinator both answer requests for other formats.
NO_FORMAT_REQUESTS = {"Requests for other formats": "Nothing to do"}


def _steps(html):
    """Each task's name and status, as a reader hears them: {'Declarations to make': '2 to do'}."""
    found = {}
    for item in re.findall(r'<li class="govuk-task-list__item[^"]*">(.*?)</li>', html, re.S):
        name = re.search(r'govuk-task-list__link"[^>]*>([^<]+)</a>', item).group(1)
        status = re.search(r'govuk-task-list__status[^"]*"[^>]*>(.*?)</div>', item, re.S).group(1)
        found.setdefault(unescape(name), []).append(
            " ".join(unescape(re.sub(r"<[^>]+>", "", status)).split())
        )
    return {
        name: statuses[0] if len(statuses) == 1 else statuses for name, statuses in found.items()
    }


def test_no_home_page_says_only_available(client, role_users):
    for user in role_users.values():
        assert "Available" not in _home(client, user)


def test_the_assessor_sees_what_to_declare_and_score_and_by_when(
    client,
    open_call,  # noqa: F811
    assessor,
):
    call, _ = open_call
    call.assessment_due_at = timezone.now() + timedelta(days=7)
    call.save()
    html = _home(client, assessor)
    assert _steps(html) == {
        "Declarations to make": "2 to do",
        "Expressions of interest to score": "Nothing to do",
    }
    assert "Due by" in html
    first, second = Assignment.objects.filter(assessor=assessor)
    assessment.declare(first, has_conflict=False)
    assert _steps(_home(client, assessor)) == {
        "Declarations to make": "1 to do",
        "Expressions of interest to score": "1 to do",
    }
    score_all(first, [3, 3, 3, 3])
    assessment.declare(second, has_conflict=True, reason="Trustee")
    html = _home(client, assessor)
    assert _steps(html) == {
        "Declarations to make": "Nothing to do",
        "Expressions of interest to score": "Nothing to do",
    }
    assert "Due by" not in html
    assert f'href="{reverse("eoi:assessor-queue")}"' in html


@pytest.fixture
def assessor(role_users):
    return role_users[roles.ASSESSOR]


def test_the_programme_manager_is_led_through_each_stage_of_a_call(
    client,
    closed_call,  # noqa: F811
    assessor,
    role_users,
):
    manager = role_users[roles.PROGRAMME_MANAGER]
    call, _ = closed_call
    slug = call.slug
    make_call("still-open")  # an open call needs nothing yet, so is not listed
    assert [p.stage for p in progress()] == ["closed", "open"]
    html = _home(client, manager)
    assert _steps(html) == NO_FORMAT_REQUESTS | {"Assign assessors and open assessment": "2 to do"}
    assert "Stage: Closed, assessment not opened" in html
    assert "Call still-open" not in html

    other = make_user("other-assessor@test.example", roles.ASSESSOR)
    assessment.assign(call, [assessor.pk, other.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    html = _home(client, manager)
    assert "Stage: Assessing" in html
    assert _steps(html) == NO_FORMAT_REQUESTS | {
        "Declarations of interest outstanding": "4 to do",
    }
    assert f'href="{reverse("eoi:manage-assessors", args=[slug])}"' in html

    mine = Assignment.objects.filter(assessor=assessor).order_by("pk")
    theirs = Assignment.objects.filter(assessor=other).order_by("pk")
    for assignment in mine:
        assessment.declare(assignment, has_conflict=False)
    assert _steps(_home(client, manager)) == NO_FORMAT_REQUESTS | {
        "Declarations of interest outstanding": "2 to do",
        "Assessments not yet submitted": "2 to do",
    }
    # One criterion 1 against 4: a disagreement to moderate.
    score_all(mine[0], [1, 3, 3, 3])
    score_all(theirs[0], [4, 3, 3, 3])
    score_all(mine[1], [2, 2, 2, 2])
    score_all(theirs[1], [2, 2, 2, 2])
    html = _home(client, manager)
    assert "Stage: Moderating" in html
    assert _steps(html) == NO_FORMAT_REQUESTS | {"Scores to moderate": "1 to do"}
    assert f'href="{reverse("eoi:manage-moderation", args=[slug])}"' in html

    criterion = call.criteria.get(position=1)
    disputed = mine[0].expression_of_interest
    assessment.moderate(disputed, criterion, value=3, reason="Agreed at the panel", by=manager)
    html = _home(client, manager)
    assert _steps(html) == NO_FORMAT_REQUESTS | {"Record the decision": "1 to do"}
    assert f'href="{reverse("eoi:manage-decision", args=[slug])}"' in html

    decisions.record_decision(call, selected=disputed, reasons="The strongest", by=manager)
    html = _home(client, manager)
    assert "Stage: Decided, letters to send" in html
    assert _steps(html) == NO_FORMAT_REQUESTS | {"Outcome letters to send": "2 to do"}

    decisions.send_letters(call, by=manager)
    html = _home(client, manager)
    assert "No call needs anything from you at the moment." in html
    assert [p.stage for p in progress() if p.call == call] == ["letters_sent"]


def test_the_coordinator_sees_reviews_sign_offs_and_what_is_ready_to_publish(client, role_users):
    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Northgate Disabled People's Forum")
    html = _home(client, coordinator)
    assert _steps(html) == NO_FORMAT_REQUESTS | {
        "Case studies to review": "Nothing to do",
        "Sign-offs waiting": "Nothing to do",
        "Proposals to agree": "Nothing to do",
        "Case studies ready to publish": "Nothing to do",
        "Draft editions": "Nothing to do",
    }
    ready = signed_off("Signed off by both", dpulo=dpulo, coordinator=coordinator)
    waiting = signed_off("Waiting for one", dpulo=dpulo, coordinator=coordinator)
    waiting.sign_offs.filter(party=SignOff.Party.COMMISSIONER).update(voided_at=timezone.now())
    scoping.propose(
        scope(dpulo, title="Only proposed"),
        template=ready.template_version.template,
        by=coordinator,
    )
    in_review = scoping.propose(
        scope(dpulo, title="In review"), template=ready.template_version.template, by=coordinator
    )
    in_review.status = CaseStudy.Status.IN_REVIEW
    in_review.save()
    html = _home(client, coordinator)
    assert _steps(html) == NO_FORMAT_REQUESTS | {
        "Case studies to review": "1 to do",
        "Sign-offs waiting": "1 to do",
        "Proposals to agree": "1 to do",
        "Case studies ready to publish": "1 to do",
        "Draft editions": "Nothing to do",
    }
    assert f'href="{reverse("casestudies:list")}?status=in_review"' in html

    edition = editions.create("First edition", by=coordinator)
    editions.add(edition, ready)
    assert _steps(_home(client, coordinator))["Draft editions"] == "1 to do"
    editions.publish(edition, by=coordinator)
    steps = _steps(_home(client, coordinator))
    assert steps["Case studies ready to publish"] == "Nothing to do"
    assert steps["Draft editions"] == "Nothing to do"


def test_the_author_sees_changes_requested_writing_and_sign_off(client, role_users):
    coordinator = role_users[roles.COORDINATOR]
    author = role_users[roles.AUTHOR]
    dpulo = make_organisation("Author's DPULO")
    author.memberships.create(organisation=dpulo)
    elsewhere = make_organisation("Someone else's DPULO")
    template = signed_off(
        "Approved", dpulo=dpulo, coordinator=coordinator
    ).template_version.template
    approved = CaseStudy.objects.get(title="Approved")
    approved.sign_offs.filter(party=SignOff.Party.DPULO).update(voided_at=timezone.now())
    for title, organisation in (("Ours", dpulo), ("Theirs", elsewhere)):
        case_study = scoping.propose(
            scope(organisation, title=title), template=template, by=coordinator
        )
        workflow.transition(case_study, "agree", by=coordinator)
    html = _home(client, author)
    assert _steps(html) == {
        "Changes requested": "Nothing to do",
        "Case studies to write": "1 to do",
        "To sign off for your organisation": "1 to do",
    }
    ours = CaseStudy.objects.get(title="Ours")
    ours.status = CaseStudy.Status.CHANGES_REQUESTED
    ours.save()
    assert _steps(_home(client, author))["Changes requested"] == "1 to do"


def test_the_applicant_sees_each_expression_of_interest_with_what_is_left(
    client, applicant, organisation
):
    now = timezone.now()
    drafting = make_call("drafting", closes_at=now + timedelta(days=3))
    finished = make_call("finished", closes_at=now + timedelta(days=5))
    application.start(drafting, organisation, by=applicant)
    eoi = fill(application.start(finished, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", _home(client, applicant))).split())
    table = text[text.index("expressions of interest") :]
    # The draft: four answers to write (its organisation and contact come from the account).
    assert "Call drafting Draft 4 sections left to complete" in table
    assert "Closes in 2 days" in table
    assert re.search(r"Call finished EOI-\d+-\d+ Submitted at \d{1,2}:\d\d[ap]m on \w+ \d", table)


def test_the_list_of_calls_and_each_overview_say_the_stage(
    client,
    closed_call,  # noqa: F811
    role_users,
):
    call, _ = closed_call
    make_call("still-open")
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    listing = client.get(reverse("eoi:manage-calls")).content.decode()
    assert "Stage: Closed, assessment not opened" in listing
    assert "Stage: Open" in listing
    overview = client.get(reverse("eoi:manage-call", args=[call.slug])).content.decode()
    assert "Stage: <strong>Closed, assessment not opened</strong>" in overview
    assert _steps(overview) == {"Assign assessors and open assessment": "2 to do"}
