"""The applicant's journey, keyboard only, from "Start now" to the confirmation, with axe-core
on every page it passes through, error states included."""

import re

import pytest
from django.core import mail

from demo import calls as demo
from eoi import application
from eoi.models import ExpressionOfInterest
from tests.browser.conftest import assert_accessible, assert_one_h1
from tests.browser.test_keyboard import tab_to
from tests.conftest import PASSWORD
from tests.eoi.conftest import fill, words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_text(page):
    return page.evaluate("document.activeElement.textContent").strip()


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def checked_page(page):
    assert_one_h1(page)
    assert_accessible(page)


def keyboard_sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/sign-in/")
    tab_to(page, "#id_username")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_enter_and_wait(page)


def test_applying_with_the_keyboard_only(page, live_server, applicant, organisation):
    calls = demo.seed()
    call = calls[0]
    criteria = list(call.criteria.all())
    keyboard_sign_in(page, live_server, applicant.email)

    # The public pages: the list of calls and the call itself.
    page.goto(f"{live_server.url}/calls/")
    checked_page(page)
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    checked_page(page)
    tab_to(page, "a.govuk-button--start")
    press_enter_and_wait(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Your expression of interest"
    checked_page(page)

    tab_to(page, "a[href$='/apply/organisation/']")
    press_enter_and_wait(page)
    checked_page(page)
    assert page.locator("#id_organisation_name").input_value() == organisation.name
    tab_to(page, "button[value='continue']")
    press_enter_and_wait(page)

    for criterion in criteria:
        assert criterion.title in page.get_by_role("heading", level=1).inner_text()
        if criterion.is_money:
            tab_to(page, "#id_amount")
            page.keyboard.type("a lot")
            tab_to(page, "button[value='continue']")
            press_enter_and_wait(page)
            # The error state: summary focused, linked to the field, and accessible.
            assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
            assert "Enter your daily rate in pounds and pence" in page.inner_text(
                ".govuk-error-summary"
            )
            checked_page(page)
            tab_to(page, ".govuk-error-summary a")
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.id") == "id_amount"
            page.keyboard.press("Control+A")
            page.keyboard.type("375.50")
        else:
            checked_page(page)
            tab_to(page, "textarea")
            page.keyboard.insert_text(
                f"Our evidence for {criterion.title.lower()}: eight years of joint work."
            )
            page.keyboard.type(" Thank you.")
        tab_to(page, "button[value='continue']")
        press_enter_and_wait(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Contact person"
    checked_page(page)
    tab_to(page, "button[value='continue']")
    press_enter_and_wait(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    checked_page(page)
    assert "It fits." in page.inner_text("main")
    assert "£375.50 a day" in page.inner_text("main")
    tab_to(page, "a[href$='/apply/declaration/']")
    press_enter_and_wait(page)

    # Submitting without the declaration is an error state too.
    checked_page(page)
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)
    assert page.title().startswith("Error: ")
    checked_page(page)
    tab_to(page, "#id_confirm")
    page.keyboard.press("Space")
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Expression of interest submitted"
    checked_page(page)
    eoi = ExpressionOfInterest.objects.get(call=call, organisation=organisation)
    assert eoi.is_submitted
    assert re.fullmatch(r"EOI-\d{4}-\d{4}", eoi.reference)
    assert eoi.reference in page.inner_text(".govuk-panel")
    assert [message.subject for message in mail.outbox] == [
        f"Expression of interest received: {eoi.reference}"
    ]

    # The home page now lists it.
    page.goto(f"{live_server.url}/home/")
    assert eoi.reference in page.inner_text("main")
    checked_page(page)


def test_the_task_list_and_withdraw_pages_are_accessible(page, live_server, applicant):
    call = demo.seed()[1]
    keyboard_sign_in(page, live_server, applicant.email)
    for path in ("apply/", "apply/withdraw/", "apply/check/"):
        page.goto(f"{live_server.url}/calls/{call.slug}/{path}")
        checked_page(page)


def test_the_too_long_state_is_accessible(page, live_server, applicant, organisation):
    call = demo.seed()[1]  # two sides of A4
    eoi = application.start(call, organisation, by=applicant)
    fill(eoi, applicant, text_for=lambda criterion: words(450))
    keyboard_sign_in(page, live_server, applicant.email)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/check/")
    summary = page.locator(".govuk-error-summary")
    assert "The limit is 2. Shorten it by about" in summary.inner_text()
    assert "words" in summary.locator("ul[aria-label='Words in each answer']").inner_text()
    assert page.locator("a[href$='/apply/declaration/']").count() == 0
    assert "You cannot submit it yet" in page.inner_text("main")
    checked_page(page)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    assert "Too long" in page.inner_text("#task-check-status")
    checked_page(page)


def test_after_submitting_each_page_says_so_and_offers_the_pdf(
    page, live_server, applicant, organisation
):
    call = demo.seed()[1]
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    keyboard_sign_in(page, live_server, applicant.email)
    for path in ("apply/confirmation/", "apply/", "apply/criteria/1/", ""):
        page.goto(f"{live_server.url}/calls/{call.slug}/{path}")
        assert "submitted" in page.inner_text("main"), path
        checked_page(page)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download what you submitted (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_word_count_runs_and_counts(page, live_server, applicant):
    call = demo.seed()[0]
    keyboard_sign_in(page, live_server, applicant.email)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/criteria/1/")
    tab_to(page, "textarea")
    page.keyboard.type("one two three")
    status = page.locator(".govuk-character-count__status")
    status.wait_for()
    page.wait_for_function(
        "document.querySelector('.govuk-character-count__status').textContent.includes('247')"
    )
    assert "You have 247 words left of the suggested length" in status.inner_text()
