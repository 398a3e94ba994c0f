"""Keyboard-only use: the skip link comes first, and signing in needs no mouse."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page, expression):
    return page.evaluate(f"document.activeElement.{expression}")


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_the_main_content(page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert focused(page, "textContent").strip() == "Skip to main content"
    assert page.locator(".govuk-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert focused(page, "id") == "main-content"
    # The next Tab goes into the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main-content').contains(document.activeElement)")


def tab_to(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_signing_in_and_out_with_the_keyboard_only(page, live_server, applicant):
    page.goto(f"{live_server.url}/sign-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(applicant.email)
    page.keyboard.press("Tab")
    assert focused(page, "id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/home/")
    assert page.get_by_role("heading", level=1).inner_text() == "What to do next"

    page.goto(f"{live_server.url}/account/")
    tab_to(page, "button.app-button-link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/signed-out/")
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
