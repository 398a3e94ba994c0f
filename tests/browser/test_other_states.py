"""axe-core on the pages and states the journey tests do not pass through: error pages,
error states of the less common forms, and read-only views."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import roles
from demo import case_study_template as casestudies_demo
from eoi import application, assessment, decisions
from eoi.models import Assignment
from pages import views as page_views
from portal.busy import service_busy
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.conftest import PASSWORD
from tests.eoi.conftest import closed_call_with, make_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def submit_main_form(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def serve(body):
    def handler(route):
        route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")

    return handler


def test_error_pages(page, live_server, role_users):
    """400, expired form, 500, and the busy page (503) while the database or the storage does
    not answer: rendered by their views and served at a path of the live server,
    so they load the real stylesheet. 403 and 404 come from real requests."""
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    try:
        raise OperationalError("the database cannot be reached")
    except OperationalError:
        database_busy = page_views.server_error(request)
    assert database_busy.status_code == 503
    bodies = {
        "/__400__": page_views.bad_request(request).content,
        "/__csrf__": page_views.csrf_failure(request).content,
        "/__500__": page_views.server_error(request).content,
        "/__503__": database_busy.content,
        "/__503_storage__": service_busy(request).content,
    }
    for path, body in bodies.items():
        page.route(f"{live_server.url}{path}", serve(body))
        page.goto(f"{live_server.url}{path}")
        checked(page)
    sign_in(page, live_server, role_users[roles.ASSESSOR].email, PASSWORD)
    response = page.goto(f"{live_server.url}/manage/calls/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You do not have permission to see this page"
    )
    checked(page)


def test_account_forms_in_their_error_states(page, live_server, applicant):
    token = default_token_generator.make_token(applicant)
    uid = urlsafe_base64_encode(force_bytes(applicant.pk))
    page.goto(f"{live_server.url}/password-reset/{uid}/{token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a new password"
    checked(page)
    page.get_by_label("New password", exact=True).fill("a-good-new-password")
    page.get_by_label("Confirm new password").fill("a-different-password")
    submit_main_form(page, "Save password")
    assert "The passwords do not match" in page.inner_text(".govuk-error-summary")
    checked(page)

    sign_in(page, live_server, applicant.email, PASSWORD)
    page.goto(f"{live_server.url}/account/password/")
    submit_main_form(page, "Change password")
    assert "Enter your current password" in page.inner_text(".govuk-error-summary")
    checked(page)


def test_applicant_states(page, live_server, applicant, organisation):
    upcoming = make_call("upcoming", opens_at=timezone.now() + timedelta(days=2))
    current = make_call("current")
    sign_in(page, live_server, applicant.email, PASSWORD)
    page.goto(f"{live_server.url}/calls/{upcoming.slug}/apply/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You cannot start an expression of interest"
    )
    checked(page)

    # Two people save the same answer: the second sees both versions.
    eoi = application.start(current, organisation, by=applicant)
    page.goto(f"{live_server.url}/calls/{current.slug}/apply/criteria/1/")
    criterion = current.criteria.get(position=1)
    application.save_answer(eoi, criterion, text="A colleague's answer", version=0, by=applicant)
    page.locator("textarea").fill("My own answer")
    submit_main_form(page, "Save and continue")
    assert "Someone else in your organisation changed this" in page.inner_text(
        ".govuk-error-summary"
    )
    assert "A colleague's answer" in page.inner_text(".app-conflict")
    assert page.locator("textarea").input_value() == "My own answer"
    checked(page)


def test_programme_team_states(page, live_server, role_users):
    call, submitted = closed_call_with("other-states", ["First DPULO", "Second DPULO"])
    manager, assessor = role_users[roles.PROGRAMME_MANAGER], role_users[roles.ASSESSOR]
    assessment.assign(call, [assessor.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    first = submitted[0][0]
    assignment = Assignment.objects.get(expression_of_interest=first)
    assessment.declare(assignment, has_conflict=False)
    item = assessment.start_assessment(assignment)
    entries = {c.pk: (2, False, "Some evidence.") for c in call.criteria.all()}
    assessment.save_scores(item, entries, submit=True)
    decisions.record_decision(call, selected=first, reasons="Best plan.", by=manager)

    # The assessor's read-only view of a submitted assessment.
    sign_in(page, live_server, assessor.email, PASSWORD)
    page.goto(f"{live_server.url}/assess/{first.reference}/")
    assert "You submitted this assessment" in page.inner_text("main")
    checked(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    sign_in(page, live_server, manager.email, PASSWORD)
    base = f"{live_server.url}/manage/calls/{call.slug}"
    page.goto(f"{base}/assessors/")
    for box in page.locator("input[name='eois']").all():
        box.uncheck()
    submit_main_form(page, "Assign")
    assert "Choose at least one" in page.inner_text(".govuk-error-summary")
    checked(page)

    page.goto(f"{base}/outbox/{first.reference}/")
    page.get_by_label("Letter").fill("")
    submit_main_form(page, "Save letter")
    assert "Enter the letter" in page.inner_text(".govuk-error-summary")
    checked(page)

    other = make_call("criteria-states")
    page.goto(f"{live_server.url}/manage/calls/{other.slug}/criteria/1/")
    checked(page)
    page.get_by_label("Weight").fill("0")
    submit_main_form(page, "Save criterion")
    assert "The weight must be more than 0" in page.inner_text(".govuk-error-summary")
    checked(page)


def test_changing_a_template_section(page, live_server, role_users):
    casestudies_demo.seed()
    sign_in(page, live_server, role_users[roles.COORDINATOR].email, PASSWORD)
    page.goto(f"{live_server.url}/case-studies/templates/case-study/")
    page.goto(f"{live_server.url}/case-studies/templates/case-study/sections/2/")
    checked(page)
    page.get_by_label("Word limit").fill("5")
    submit_main_form(page, "Save section")
    assert "The word limit must be 10 or more" in page.inner_text(".govuk-error-summary")
    checked(page)
