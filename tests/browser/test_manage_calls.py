"""The programme team's call pages: axe-core on each, error states included."""

import pytest

from accounts import roles
from demo import calls as demo
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.conftest import PASSWORD
from tests.eoi.conftest import closed_call_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manage_pages_have_no_violations(page, live_server, role_users):
    call = demo.seed()[0]
    sign_in(page, live_server, role_users[roles.PROGRAMME_MANAGER].email, PASSWORD)
    base = f"{live_server.url}/manage/calls"
    for path in (
        "/",
        "/new/",
        f"/{call.slug}/",
        f"/{call.slug}/edit/",
        f"/{call.slug}/criteria/new/",
        f"/{call.slug}/criteria/1/",
        f"/{call.slug}/extensions/new/",
    ):
        page.goto(base + path)
        assert_one_h1(page)
        assert_accessible(page)

    # Error states: an empty new call, and an extension with an impossible date.
    page.goto(f"{base}/new/")
    page.get_by_role("button", name="Save call").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.goto(f"{base}/{call.slug}/extensions/new/")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Grant extension").click()
    page.wait_for_load_state()
    assert "New closing date must be a real date" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)


def test_assessment_pages_have_no_violations(page, live_server, role_users):
    from eoi import assessment

    call, [(eoi, _)] = closed_call_with("browser-assessment", ["Assessed DPULO"])
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessment.assign(call, [role_users[roles.ASSESSOR].pk], by=manager)
    assessment.open_assessment(call, by=manager)

    sign_in(page, live_server, manager.email, PASSWORD)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/assessors/")
    assert_one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    sign_in(page, live_server, role_users[roles.ASSESSOR].email, PASSWORD)
    page.goto(f"{live_server.url}/assess/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/assess/{eoi.reference}/declare/")
    assert_accessible(page)
    page.get_by_role("button", name="Make declaration").click()  # nothing chosen: error state
    page.wait_for_load_state()
    assert "Select whether you have a conflict of interest" in page.inner_text(
        ".govuk-error-summary"
    )
    assert_accessible(page)
    page.get_by_label("No, I do not have a conflict of interest").check()
    page.get_by_role("button", name="Make declaration").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == f"Assess {eoi.reference}"
    assert_one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Submit assessment").click()  # nothing scored: error state
    page.wait_for_load_state()
    assert "Score every criterion" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)


def test_moderation_pages_have_no_violations(page, live_server, role_users):
    from eoi import assessment
    from eoi.models import Assignment

    call, submitted = closed_call_with(
        "browser-moderation", ["First moderated DPULO", "Second moderated DPULO"]
    )
    references = [eoi.reference for eoi, _ in submitted]
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessment.assign(call, [role_users[roles.ASSESSOR].pk], by=manager)
    assessment.open_assessment(call, by=manager)
    for assignment in Assignment.objects.all():
        assessment.declare(assignment, has_conflict=False)
        item = assessment.start_assessment(assignment)
        entries = {c.pk: (3, False, "Clear evidence.") for c in call.criteria.all()}
        assessment.save_scores(item, entries, submit=True)

    sign_in(page, live_server, manager.email, PASSWORD)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/moderation/")
    assert_one_h1(page)
    assert "1=" in page.inner_text("main")  # equal totals are shown as a tie
    assert_accessible(page)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/moderation/{references[0]}/")
    assert_one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Save agreed score for criterion 1").click()
    page.wait_for_load_state()
    assert "Enter the reason for the agreed score" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/history/")
    assert_one_h1(page)
    assert "Created" in page.inner_text("main")
    assert_accessible(page)


def test_decision_outbox_and_outcome_pages_have_no_violations(page, live_server, role_users):
    from eoi import decisions

    call, submitted = closed_call_with("browser-decision", ["Chosen DPULO", "Other DPULO"])
    manager = role_users[roles.PROGRAMME_MANAGER]

    sign_in(page, live_server, manager.email, PASSWORD)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/decision/")
    assert_one_h1(page)
    assert_accessible(page)
    page.get_by_role("button", name="Record decision and draft letters").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label(f"{submitted[0][0].reference}: Chosen DPULO").check()
    page.get_by_label("Reasons for the decision").fill("The clearest plan and the best value.")
    page.get_by_role("button", name="Record decision and draft letters").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Outcome letters"
    assert_accessible(page)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/outbox/{submitted[1][0].reference}/")
    assert_one_h1(page)
    assert_accessible(page)
    decisions.send_letters(call, by=manager)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    sign_in(page, live_server, submitted[0][1].email, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    assert "Selected" in page.inner_text("main")
    assert_accessible(page)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/outcome/")
    assert_one_h1(page)
    assert_accessible(page)
