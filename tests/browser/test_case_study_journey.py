"""A case study from template to sign-off, keyboard only, with axe-core on every page."""

import re

import pytest
from django.core import mail

from accounts import roles
from casestudies.models import CaseStudy, CommissionerAccessNeeds, SignOff
from demo import case_study_template as demo
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.browser.test_eoi_journey import keyboard_sign_in, press_enter_and_wait
from tests.browser.test_keyboard import tab_to
from tests.browser.test_two_factor import assert_reflows
from tests.conftest import PASSWORD, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUBMIT = "main form[method=post] [type=submit]"


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def type_into(page, selector, text, *, replace=False):
    tab_to(page, selector, limit=80)
    if replace:
        page.keyboard.press("Control+A")
    page.keyboard.type(text)


def activate(page, selector):
    tab_to(page, selector, limit=80)
    press_enter_and_wait(page)
    checked(page)


def sign_out(page):
    page.context.clear_cookies()


@pytest.mark.slow
def test_a_case_study_from_template_to_sign_off_with_the_keyboard(page, live_server, role_users):
    template = demo.seed()
    make_organisation("Coastway Centre for Independent Living")
    coordinator = role_users[roles.COORDINATOR]

    # The coordinator moves a section and publishes version 2 of the template.
    keyboard_sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/case-studies/templates/case-study/")
    first = template.draft().sections.get(position=1)
    tab_to(page, f"#move-{first.pk}-down", limit=80)
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.id") == f"move-{first.pk}-down"
    activate(page, "form[action$='/publish/'] button")
    assert template.latest_published().number == 2

    # Proposes a case study: first the errors, then every field by keyboard.
    page.goto(f"{live_server.url}/case-studies/")
    checked(page)
    activate(page, "a[href='/case-studies/propose/']")
    activate(page, SUBMIT)
    assert "Enter the case study's title" in page.inner_text(".govuk-error-summary")
    type_into(page, "#id_title", "Navigators in Coastway")
    tab_to(page, "#id_dpulo")
    page.keyboard.press("ArrowDown")
    type_into(page, "#id_commissioner_name", "Coastway County Council")
    type_into(page, "#id_commissioner_contact_name", "Pat Jones")
    type_into(page, "#id_commissioner_contact_email", "pat@coastway.example.gov.uk")
    tab_to(page, "#id_region")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=areas]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=kinds_of_work]")
    page.keyboard.press("Space")
    type_into(page, "#id_summary", "Community navigators run by disabled people.")
    activate(page, SUBMIT)
    case_study = CaseStudy.objects.get()
    assert case_study.template_version.number == 2

    # Agrees it and invites the author.
    activate(page, f"a[href='/case-studies/{case_study.pk}/agree/']")
    type_into(page, "#id_author_name", "Alex Morgan")
    type_into(page, "#id_author_email", "alex@coastway.example.org")
    activate(page, SUBMIT)
    link = re.search(r"/case-studies/invitation/[\w-]+/", mail.outbox[-1].body)[0]

    # The author accepts the invitation and writes every section.
    sign_out(page)
    page.goto(live_server.url + link)
    checked(page)
    type_into(page, "#id_full_name", "Alex Morgan", replace=True)
    type_into(page, "#id_new_password1", PASSWORD)
    type_into(page, "#id_new_password2", PASSWORD)
    activate(page, SUBMIT)
    sections = list(case_study.template_version.sections.all())
    activate(page, f"a[href$='/sections/{sections[0].key}/']")
    for index, section in enumerate(sections):
        assert page.get_by_role("heading", level=1).inner_text() == section.heading
        type_into(page, "#id_text", f"- Point {index} about the navigators.\n- Another point.")
        activate(page, "button[value=continue]")
    assert page.url.endswith(f"/case-studies/{case_study.pk}/#outcomes")

    # An outcome, with its error first.
    activate(page, "a[href$='/outcomes/new/']")
    activate(page, SUBMIT)
    assert "Enter what was measured" in page.inner_text(".govuk-error-summary")
    type_into(page, "#id_label", "People reached")
    tab_to(page, "input[name=unit]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Pounds per person, then People reached
    type_into(page, "#id_value", "640")
    type_into(page, "#id_source", "Engagement records")
    tab_to(page, "input[name=evidence]")
    page.keyboard.press("Space")  # Level 1, then the arrow moves to Level 2
    page.keyboard.press("ArrowDown")
    activate(page, SUBMIT)
    assert "640 people" in page.inner_text("main")
    assert "How it is known: Level 2: measured" in page.inner_text("main")

    activate(page, "a[href$='/submit/']")
    activate(page, SUBMIT)
    assert "sent for review" in page.inner_text("main")

    # The coordinator comments and asks for changes.
    sign_out(page)
    keyboard_sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/")
    checked(page)
    activate(page, f"a[href$='/sections/{sections[0].key}/']")
    type_into(page, "#id_body", "Please name the council team.")
    activate(page, "form[action$='/comments/'] button")
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/review/")
    checked(page)
    activate(page, SUBMIT)
    assert "Select whether to approve" in page.inner_text(".govuk-error-summary")
    tab_to(page, "input[name=decision]")
    page.keyboard.press("ArrowDown")
    type_into(page, "#id_note", "See my comment on the first section.")
    activate(page, SUBMIT)
    case_study.refresh_from_db()
    assert case_study.status == "changes_requested"

    # The author revises, compares the versions, and submits again.
    sign_out(page)
    keyboard_sign_in(page, live_server, "alex@coastway.example.org")
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/sections/{sections[0].key}/")
    assert "Please name the council team." in page.inner_text("#comments ~ ul")
    type_into(page, "#id_text", "The adult social care team commissioned us.", replace=True)
    activate(page, "button[value=later]")
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/sections/{sections[0].key}/")
    activate(page, "a[href$='/history/']")
    activate(page, "form[action$='/compare/'] button")
    assert "[removed: " in page.inner_text("main")
    assert "[added: " in page.inner_text("main")
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/submit/")
    activate(page, SUBMIT)

    # The coordinator approves and emails the commissioner a sign-off link.
    sign_out(page)
    keyboard_sign_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/review/")
    tab_to(page, "input[name=decision]")
    page.keyboard.press("Space")
    activate(page, SUBMIT)
    activate(page, "form[action$='/sign-off/request/'] button")
    commissioner_link = re.search(r"/case-studies/sign-off/[\w-]+/", mail.outbox[-1].body)[0]

    # The author signs off for the DPULO.
    sign_out(page)
    keyboard_sign_in(page, live_server, "alex@coastway.example.org")
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/")
    activate(page, "a[href$='/sign-off/']")
    type_into(page, "#id_role", "Chief executive")
    tab_to(page, "#id_confirm")
    page.keyboard.press("Space")
    activate(page, SUBMIT)

    # The commissioner signs off from the emailed link, with no account.
    sign_out(page)
    page.goto(live_server.url + commissioner_link)
    checked(page)
    assert "The adult social care team commissioned us." in page.inner_text("main")

    # First they tell the coordinator what they need: a call (the number forgotten, then
    # given) and large print. The page and its error state reflow at 320 px.
    activate(page, "a[href$='/access-needs/']")
    assert_reflows(page)
    tab_to(page, "#id_contact_1", limit=80)
    page.keyboard.press("ArrowDown")  # a phone call
    tab_to(page, "#id_documents_1", limit=80)
    page.keyboard.press("ArrowDown")  # large print
    activate(page, SUBMIT)
    assert "Enter the phone number to call" in page.inner_text(".govuk-error-summary")
    assert_reflows(page)
    type_into(page, "#id_phone", "0161 496 0999")
    activate(page, SUBMIT)
    assert "Your access needs have been saved" in page.inner_text("main")
    assert "You have told the coordinator about your access needs" in page.inner_text("main")
    needs = CommissionerAccessNeeds.objects.get(case_study=case_study)
    assert (needs.contact, needs.documents, needs.phone) == (
        "phone",
        "large_print",
        "0161 496 0999",
    )
    type_into(page, "#id_name", "Pat Jones", replace=True)
    type_into(page, "#id_role", "Head of commissioning", replace=True)
    tab_to(page, "#id_confirm")
    page.keyboard.press("Space")
    activate(page, SUBMIT)
    assert "you have signed off" in page.inner_text("main")
    assert set(SignOff.objects.filter(voided_at__isnull=True).values_list("party", flat=True)) == {
        "dpulo",
        "commissioner",
    }
    page.goto(live_server.url + commissioner_link)
    assert "already been used" in page.inner_text("main")
    checked(page)


@pytest.mark.slow
def test_every_case_study_page_in_every_state_is_accessible(page, live_server):
    from casestudies import writing
    from demo import case_studies as demo_case_studies
    from demo import people as accounts_demo

    accounts_demo.seed()
    demo.seed()
    demo_case_studies.seed()
    sign_in(page, live_server, "coordinator@example.org", accounts_demo.DEMO_PASSWORD)
    base = live_server.url + "/case-studies"
    page.goto(f"{base}/?status=approved")
    checked(page)
    for case_study in CaseStudy.objects.all():
        section = case_study.template_version.sections.first()
        paths = [f"/{case_study.pk}/", f"/{case_study.pk}/text/", f"/{case_study.pk}/details/"]
        if case_study.status == "proposed":
            paths += [f"/{case_study.pk}/agree/", f"/{case_study.pk}/decline/"]
        elif case_study.status != "declined":
            paths += [
                f"/{case_study.pk}/sections/{section.key}/",
                f"/{case_study.pk}/sections/{section.key}/history/",
                f"/{case_study.pk}/outcomes/1/",
            ]
        if case_study.status == "approved":
            paths += [f"/{case_study.pk}/sign-off/record/"]
        if case_study.status == "in_review":
            paths += [f"/{case_study.pk}/review/"]
        for path in paths:
            page.goto(base + path)
            assert page.url == base + path
            checked(page)

    # Error states: a refused stale save shows both versions; a used link explains itself.
    drafting = CaseStudy.objects.get(status="drafting", author__email="author@example.org")
    section = drafting.template_version.sections.first()
    sign_out(page)
    sign_in(page, live_server, "author@example.org", accounts_demo.DEMO_PASSWORD)
    page.goto(f"{base}/{drafting.pk}/sections/{section.key}/")
    colleague_text = "A colleague's newer version."
    answer = drafting.answers.get(section=section)
    writing.save_answer(
        drafting, section, colleague_text, version=answer.version, by=drafting.proposed_by
    )
    type_into(page, "#id_text", "My version.", replace=True)
    activate(page, "button[value=continue]")
    assert "changed this section since you opened it" in page.inner_text(".govuk-error-summary")
    assert colleague_text in page.inner_text(".app-conflict")
    page.goto(f"{base}/{drafting.pk}/submit/")
    checked(page)
    page.goto(f"{base}/invitation/not-a-real-token/")
    checked(page)


def test_leaving_a_section_with_unsaved_words_asks_first(page, live_server):
    from demo import case_studies as demo_case_studies
    from demo import people as accounts_demo

    accounts_demo.seed()
    demo.seed()
    demo_case_studies.seed()
    drafting = CaseStudy.objects.get(status="drafting", author__email="author@example.org")
    section = drafting.template_version.sections.first()
    sign_in(page, live_server, "author@example.org", accounts_demo.DEMO_PASSWORD)
    url = f"{live_server.url}/case-studies/{drafting.pk}/sections/{section.key}/"
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.goto(url)
    page.goto(f"{live_server.url}/case-studies/")  # nothing typed: no question
    assert asked == []
    page.goto(url)
    type_into(page, "#id_text", " More words.")
    page.evaluate("window.location.href = '/case-studies/'")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == url  # still here, words intact
    assert " More words." in page.input_value("#id_text")
    # Saving is not leaving.
    asked.clear()
    activate(page, "button[value=later]")
    assert asked == []
