"""The programme team's call pages: axe-core on each, error states included."""

import pytest

from accounts import roles
from eoi import demo
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.conftest import PASSWORD

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
