"""The coordinator's template editor with the keyboard only, and axe-core on every page."""

import pytest

from accounts import roles
from casestudies.models import Template
from demo import case_study_template as demo
from tests.browser.conftest import assert_accessible, assert_one_h1
from tests.browser.test_eoi_journey import keyboard_sign_in, press_enter_and_wait
from tests.browser.test_keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def test_edit_reorder_and_publish_a_template_with_the_keyboard(page, live_server, role_users):
    template = demo.seed()
    keyboard_sign_in(page, live_server, role_users[roles.COORDINATOR].email)
    tab_to(page, "a[href='/case-studies/templates/']")
    press_enter_and_wait(page)
    checked(page)
    tab_to(page, "a[href='/case-studies/templates/case-study/']")
    press_enter_and_wait(page)
    checked(page)

    # Move the first section down: focus stays on that section's button after the reload.
    first = template.draft().sections.get(position=1)
    tab_to(page, f"#move-{first.pk}-down")
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.id") == f"move-{first.pk}-down"
    first.refresh_from_db()
    assert first.position == 2
    # And back up to the top, where it has no Move up button: its Move down takes focus. (Its
    # Move up is before the focused button: Tab goes round the rest of the page to reach it.)
    tab_to(page, f"#move-{first.pk}-up", limit=80)
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.id") == f"move-{first.pk}-down"
    checked(page)

    # Add a section, first with an error.
    tab_to(page, "a[href$='/sections/new/']")
    press_enter_and_wait(page)
    checked(page)
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)
    assert "Enter the section's heading" in page.inner_text(".govuk-error-summary")
    checked(page)
    tab_to(page, "#id_heading")
    page.keyboard.type("Quotes from disabled people")
    tab_to(page, "#id_word_limit")
    page.keyboard.type("150")
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)
    assert "Quotes from disabled people" in page.inner_text("main")

    page.goto(f"{live_server.url}/case-studies/templates/case-study/preview/")
    checked(page)
    page.goto(f"{live_server.url}/case-studies/templates/case-study/")
    tab_to(page, "form[action$='/publish/'] button", limit=80)
    press_enter_and_wait(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Version history"
    assert "Added “Quotes from disabled people”" in page.inner_text("main")
    checked(page)
    assert Template.objects.get(slug="case-study").latest_published().number == 2


def test_removing_a_section_asks_first_and_no_keeps_it(page, live_server, role_users):
    """Remove, then "No, keep it", changes nothing; Remove, then "Yes, remove it", removes it.
    A version with no change offers no "Publish" button."""
    template = demo.seed()
    keyboard_sign_in(page, live_server, role_users[roles.COORDINATOR].email)
    page.goto(f"{live_server.url}/case-studies/templates/case-study/")
    assert "Nothing has changed since version 1" in page.inner_text("main")
    assert page.locator("form[action$='/publish/'] button").count() == 0
    section = template.draft().sections.get(position=2)
    remove = f"#section-{section.pk} button[value=remove]"
    tab_to(page, remove)
    press_enter_and_wait(page)
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Are you sure you want to remove")
    )
    checked(page)
    tab_to(page, "main a.govuk-link[href*='/case-studies/templates/case-study/']")
    press_enter_and_wait(page)
    assert template.draft().sections.filter(pk=section.pk).exists()
    tab_to(page, remove)
    press_enter_and_wait(page)
    tab_to(page, "main button.govuk-button--warning")
    press_enter_and_wait(page)
    assert f"“{section.heading}” has been removed" in page.inner_text("main")
    assert not template.draft().sections.filter(pk=section.pk).exists()
    assert f"Removed “{section.heading}”" in page.inner_text("main")  # the change to publish
    checked(page)
