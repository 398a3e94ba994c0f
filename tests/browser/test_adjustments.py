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


def test_completing_an_expression_of_interest_for_an_organisation_and_its_confirmation(
    page, live_server, role_users, settings
):
    """The programme manager's start page and send page, then the contact's confirmation
    page and what follows it: axe-core and one h1 on each, at desktop width and 320 px."""
    import re

    from django.core import mail

    from eoi.models import ExpressionOfInterest
    from tests.conftest import make_organisation
    from tests.eoi.conftest import fill

    settings.PORTAL_URL = live_server.url
    call = make_call("by-phone", closes_at=timezone.now() + timedelta(days=5))
    make_organisation("Phone Call DPULO")
    manager = role_users[roles.PROGRAMME_MANAGER]
    sign_in(page, live_server, manager.email, PASSWORD)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/")
    page.get_by_role("link", name="complete its expression of interest for it").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("button", name="Start completing it").click()  # nothing chosen
    page.wait_for_load_state()
    assert "Choose the organisation you are completing it for" in page.inner_text(
        ".govuk-error-summary"
    )
    checked(page, narrow_too=False)
    page.get_by_label("Organisation", exact=True).select_option(label="Phone Call DPULO")
    page.get_by_label("A phone or video conversation").check()
    page.get_by_role("button", name="Start completing it").click()
    page.wait_for_load_state()
    assert "Being completed with the programme's help" in page.inner_text("main")
    checked(page)

    eoi = fill(ExpressionOfInterest.objects.get(call=call), manager)
    eoi.refresh_from_db()
    # The organisation's details and contact, as told on the phone (typed in through the same
    # pages, which the applicant's browser tests already cover).
    ExpressionOfInterest.objects.filter(pk=eoi.pk).update(
        organisation_summary="Run by and for disabled people.",
        organisation_region="london",
        contact_name="Robin Chair",
        contact_email="robin@phone-call.example",
    )
    page.goto(f"{live_server.url}/calls/{call.slug}/apply/declaration/")
    checked(page)
    page.get_by_role("button", name="Email the link to confirm").click()
    page.wait_for_load_state()
    assert "Nothing is submitted until they do" in page.inner_text("main")
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == "draft"

    sent = [m for m in mail.outbox if m.to == ["robin@phone-call.example"]]
    link = re.search(r"http\S*/confirm-submission/[^/\s]+/", sent[-1].body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    checked(page)
    assert "Answer to Criterion number 1." in page.inner_text("main")
    page.get_by_role("button", name="Confirm and submit").click()
    page.wait_for_load_state()
    assert "Expression of interest submitted" in page.inner_text("main")
    checked(page)
    assert ExpressionOfInterest.objects.get(pk=eoi.pk).status == "submitted"
    page.goto(link)
    assert "already been used" in page.inner_text("main")
    checked(page, narrow_too=False)
