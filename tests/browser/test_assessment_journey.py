"""Keyboard only: an assessor declares, scores and submits; the programme manager moderates,
decides and sends the letters; the applicant reads the outcome. axe-core on every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from eoi import application, assessment
from eoi.models import Assessment, Decision, OutcomeLetter
from tests.browser.conftest import assert_accessible, assert_one_h1
from tests.browser.test_eoi_journey import keyboard_sign_in, press_enter_and_wait
from tests.browser.test_keyboard import tab_to
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def keyboard_sign_out(page):
    tab_to(page, "button.app-button-link")
    press_enter_and_wait(page)


def test_assess_moderate_decide_and_read_the_outcome_with_the_keyboard(
    page, live_server, role_users
):
    call = make_call(
        "keyboard-assessment", criteria=2, closes_at=timezone.now() + timedelta(hours=1)
    )
    organisation = make_organisation("Keyboard DPULO")
    applicant = make_user("keyboard@dpulo.example", roles.APPLICANT, organisation)
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    eoi.refresh_from_db()
    call.opens_at = timezone.now() - timedelta(days=9)
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    manager, assessor = role_users[roles.PROGRAMME_MANAGER], role_users[roles.ASSESSOR]
    assessment.assign(call, [assessor.pk], by=manager)
    assessment.open_assessment(call, by=manager)

    # The assessor.
    keyboard_sign_in(page, live_server, assessor.email)
    tab_to(page, "a[href='/assess/']")
    press_enter_and_wait(page)
    checked(page)
    tab_to(page, f"a[href='/assess/{eoi.reference}/declare/']")
    press_enter_and_wait(page)
    checked(page)
    tab_to(page, "input[value='no']")
    page.keyboard.press("Space")
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)
    checked(page)
    for criterion in call.criteria.all():
        # Tab enters a radio group once; the arrow keys move along it and select.
        tab_to(page, f"input[name='score_{criterion.pk}'][value='0']")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        assert page.evaluate("document.activeElement.value") == "3"
        tab_to(page, f"#id_comment_{criterion.pk}")
        page.keyboard.type("Good evidence of joint work.")
    tab_to(page, "button[value='submit']")
    press_enter_and_wait(page)
    assert Assessment.objects.get().is_submitted
    checked(page)
    keyboard_sign_out(page)

    # The programme manager.
    keyboard_sign_in(page, live_server, manager.email)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/moderation/{eoi.reference}/")
    checked(page)
    first = call.criteria.get(position=1)
    tab_to(page, f"#agreed-{first.pk}-0")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    tab_to(page, f"#reason-{first.pk}")
    page.keyboard.type("Agreed at the panel: excellent evidence.")
    page.keyboard.press("Tab")
    press_enter_and_wait(page)
    assert eoi.moderations.get().value == 4
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/decision/")
    checked(page)
    tab_to(page, f"#selected-{eoi.pk}")
    page.keyboard.press("Space")
    tab_to(page, "#reasons")
    page.keyboard.type("The only expression of interest, and a strong one.")
    tab_to(page, "main button[type=submit]")
    press_enter_and_wait(page)
    assert Decision.objects.get().selected
    checked(page)
    tab_to(page, "#send button")
    press_enter_and_wait(page)
    assert OutcomeLetter.objects.get().is_sent
    checked(page)
    keyboard_sign_out(page)

    # The applicant.
    keyboard_sign_in(page, live_server, applicant.email)
    assert "Selected" in page.inner_text("main")
    checked(page)
    tab_to(page, f"a[href='/calls/{call.slug}/apply/outcome/']")
    press_enter_and_wait(page)
    assert "has been selected" in page.inner_text("main")
    assert "Agreed at the panel: excellent evidence." in page.inner_text("main")
    checked(page)


def test_the_decision_page_says_what_is_unfinished_and_waits_for_the_close(
    page, live_server, role_users
):
    """Before the close the page offers no decision; after it, with a declaration and a
    score outstanding, it says so above the form. Both read cleanly to axe."""
    manager, assessor = role_users[roles.PROGRAMME_MANAGER], role_users[roles.ASSESSOR]
    still_open = make_call("still-open", closes_at=timezone.now() + timedelta(days=3))
    call = make_call("unfinished", criteria=2, closes_at=timezone.now() + timedelta(hours=1))
    organisation = make_organisation("Unfinished DPULO")
    applicant = make_user("unfinished@dpulo.example", roles.APPLICANT, organisation)
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    call.opens_at = timezone.now() - timedelta(days=9)
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    assessment.assign(call, [assessor.pk], by=manager)
    assessment.open_assessment(call, by=manager)

    keyboard_sign_in(page, live_server, manager.email)
    assert "Declarations of interest outstanding" in page.inner_text("main")
    checked(page)
    page.goto(f"{live_server.url}/manage/calls/{still_open.slug}/decision/")
    assert "The call is open until" in page.inner_text("main")
    assert page.locator("main button[type=submit]").count() == 0
    checked(page)
    page.goto(f"{live_server.url}/manage/calls/{call.slug}/decision/")
    main = page.inner_text("main")
    assert "The assessment is not finished" in main
    assert "1 declaration of interest not yet made" in main
    checked(page)
