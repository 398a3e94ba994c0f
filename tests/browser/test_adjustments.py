"""Asking for a reasonable adjustment with the keyboard alone, from the call's page to the
answer on the task list, and the programme manager's queue and answer: axe-core and one h1 on
every page, at desktop width and at 320 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from eoi.models import AdjustmentRequest
from mail.models import Message
from tests.browser.conftest import sign_in
from tests.browser.test_eoi_journey import press_enter_and_wait
from tests.browser.test_formats import checked
from tests.browser.test_keyboard import tab_to
from tests.conftest import PASSWORD
from tests.eoi.conftest import make_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_asking_for_more_time_with_the_keyboard_only_and_the_answer(page, live_server, role_users):
    call = make_call("adjust-me", closes_at=timezone.now() + timedelta(days=5))
    wanted = timezone.localtime(call.closes_at + timedelta(days=7))
    applicant = role_users[roles.APPLICANT]
    sign_in(page, live_server, applicant.email, PASSWORD)
    page.goto(f"{live_server.url}/calls/{call.slug}/")
    tab_to(page, "a[href$='/adjustments/']", limit=80)
    press_enter_and_wait(page)
    checked(page)

    # Sent with nothing chosen: the summary takes focus and nothing is saved.
    tab_to(page, "main [type=submit]", limit=60)
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert "Select what you need" in page.inner_text(".govuk-error-summary")
    checked(page, narrow_too=False)
    assert not AdjustmentRequest.objects.exists()

    tab_to(page, "#id_kind_1", limit=40)  # More time
    page.keyboard.press("Space")
    tab_to(page, "#id_proposed_day", limit=10)
    page.keyboard.type(str(wanted.day))
    page.keyboard.press("Tab")
    page.keyboard.type(str(wanted.month))
    page.keyboard.press("Tab")
    page.keyboard.type(str(wanted.year))
    page.keyboard.press("Tab")
    page.keyboard.type("5pm")
    tab_to(page, "#id_reason", limit=10)
    page.keyboard.type("Our coordinator has a hospital appointment that week.")
    tab_to(page, "main [type=submit]", limit=10)
    press_enter_and_wait(page)
    assert "Your request has been sent to the programme team" in page.inner_text("main")
    assert "waiting for the programme team" in page.inner_text("main")
    checked(page)
    request = AdjustmentRequest.objects.get()
    assert timezone.localtime(request.proposed_closes_at).date() == wanted.date()

    page.context.clear_cookies()
    sign_in(page, live_server, role_users[roles.PROGRAMME_MANAGER].email, PASSWORD)
    page.goto(f"{live_server.url}/manage/adjustments/")
    checked(page)
    page.get_by_role("link", name="More time for Test DPULO").click()
    page.wait_for_load_state()
    checked(page)
    assert "hospital appointment" in page.inner_text("main")
    page.get_by_role("radio", name="Give more time").check()
    page.get_by_role("button", name="Save and email the answer").click()
    page.wait_for_load_state()
    assert "has been saved and emailed" in page.inner_text("main")
    checked(page)
    assert Message.objects.filter(kind="adjustment", to_email=applicant.email).count() == 1

    page.context.clear_cookies()
    sign_in(page, live_server, applicant.email, PASSWORD)
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/")
    main = page.inner_text("main")
    assert "More time: More time given" in main
    assert "Your organisation has an extension." in main
    checked(page)
