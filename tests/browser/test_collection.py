"""The published collection, signed out and keyboard only; the coordinator's edition pages;
axe-core on every page."""

import pytest

from accounts import roles
from tests.browser.conftest import assert_accessible, assert_one_h1
from tests.browser.test_eoi_journey import keyboard_sign_in, press_enter_and_wait
from tests.browser.test_keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def test_the_front_door_with_a_published_edition_passes_axe_and_fits_320px(
    page, live_server, published
):
    for width in (1200, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/")
        checked(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    link = page.locator("main a", has_text=published.title)
    assert link.get_attribute("href") == f"/collection/editions/{published.slug}/"


def test_a_reader_filters_searches_reads_and_downloads_with_the_keyboard(
    page, live_server, published
):
    page.goto(f"{live_server.url}/collection/")
    checked(page)
    assert "PDF," in page.inner_text("main")
    tab_to(page, "a[href='/collection/case-studies/']", limit=60)
    press_enter_and_wait(page)
    checked(page)

    # Filter by region with the keyboard: tick London and apply.
    tab_to(page, "#region-london", limit=80)
    page.keyboard.press("Space")
    tab_to(page, "form.app-filters button[type=submit]", limit=80)
    press_enter_and_wait(page)
    checked(page)
    assert "1 case study" in page.inner_text("#results-heading")
    assert "London (1)" in page.inner_text("form.app-filters")

    # Search, with the filter still applied.
    tab_to(page, "#q", limit=80)
    page.keyboard.type("navigators")
    press_enter_and_wait(page)
    checked(page)
    assert page.locator("mark").count() >= 1
    tab_to(page, ".app-result a", limit=80)
    press_enter_and_wait(page)
    checked(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Community navigators"
    assert page.locator("table.govuk-table th[scope=col]").count() == 4

    tab_to(page, "a[href$='/pdf/']", limit=80)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith("community-navigators.pdf")

    # A search with no results, the edition page and the outcomes page.
    page.goto(f"{live_server.url}/collection/case-studies/?q=zeppelin")
    assert "No case studies match" in page.inner_text("main")
    checked(page)
    page.goto(f"{live_server.url}/collection/editions/{published.slug}/")
    checked(page)
    page.goto(f"{live_server.url}/collection/editions/{published.slug}/outcomes/")
    checked(page)


def test_the_coordinators_edition_pages_are_accessible(page, live_server, published, role_users):
    keyboard_sign_in(page, live_server, role_users[roles.COORDINATOR].email)
    page.goto(f"{live_server.url}/collection/manage/")
    checked(page)
    tab_to(page, "#id_title", limit=80)
    page.keyboard.type("Second edition")
    press_enter_and_wait(page)
    checked(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Second edition"
    page.goto(page.url.rstrip("/") + "/preview/")
    checked(page)


def test_a_reader_searches_from_the_collection_home_and_comes_back_to_the_search(
    page, live_server, published
):
    """Words in any order and in another form, typed in the home page's box; a suggestion for
    a misspelling; "Find other case studies" goes back to the same search."""
    page.goto(f"{live_server.url}/collection/")
    tab_to(page, "#home-q", limit=60)
    page.keyboard.type("support navigator")  # the text says "found them support"
    press_enter_and_wait(page)
    checked(page)
    assert "1 case study" in page.inner_text("#results-heading")
    tab_to(page, ".app-result a", limit=80)
    press_enter_and_wait(page)
    tab_to(page, "main a[href^='/collection/case-studies/?']", limit=120)
    press_enter_and_wait(page)
    assert page.input_value("#q") == "support navigator"
    assert "1 case study" in page.inner_text("#results-heading")

    page.goto(f"{live_server.url}/collection/case-studies/?q=navigatrs")
    assert "Did you mean navigators?" in page.inner_text("main")
    checked(page)


def test_on_a_phone_the_filters_fold_away_and_the_results_come_first(page, live_server, published):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/collection/case-studies/")
    toggle = page.locator("details.app-filters-toggle")
    assert toggle.get_attribute("open") is None
    assert not page.locator("#region-london").is_visible()
    assert page.locator(".app-result").first.is_visible()
    checked(page)
    page.locator("details.app-filters-toggle summary").click()
    assert page.locator("#region-london").is_visible()
    # With a filter chosen the filters stay open, and the summary says how many.
    page.goto(f"{live_server.url}/collection/case-studies/?region=london")
    assert toggle.get_attribute("open") is not None
    assert "(1 chosen)" in page.inner_text("details.app-filters-toggle summary")
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(f"{live_server.url}/collection/case-studies/")
    assert page.locator("#region-london").is_visible()
    assert not page.locator("details.app-filters-toggle summary").is_visible()
