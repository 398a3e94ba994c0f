"""axe-core on every page of the foundation, signed out and signed in as each role."""

import pytest

from accounts import roles
from accounts.models import Membership
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.conftest import PASSWORD, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_OUT_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/contact/",
    "/register/",
    "/sign-in/",
    "/signed-out/",
    "/password-reset/",
    "/password-reset/sent/",
    "/password-reset/MQ/not-a-token/",
    "/password-reset/complete/",
    "/no-such-page/",
    "/account/closed/",
]

SIGNED_IN_PAGES = [
    "/home/",
    "/account/",
    "/account/password/",
    "/account/close/",
    "/account/two-factor/",
    "/account/access-needs/",
    "/",
    "/accessibility/",
]


def test_signed_out_pages_have_no_violations(page, live_server):
    for path in SIGNED_OUT_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert_one_h1(page)
        assert_accessible(page)


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_signed_in_pages_have_no_violations(page, live_server, role_users, role):
    sign_in(page, live_server, role_users[role].email, PASSWORD)
    assert page.url == f"{live_server.url}/home/"
    for path in SIGNED_IN_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert_one_h1(page)
        assert_accessible(page)


def test_error_states_have_no_violations_and_the_summary_takes_focus(page, live_server, db):
    page.goto(f"{live_server.url}/register/")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    # GOV.UK Frontend's JavaScript runs (from files the policy allows): the summary has focus.
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)
    # The summary's links move focus to the field at fault.
    page.get_by_role("link", name="Enter your full name").click()
    assert page.evaluate("document.activeElement.id") == "id_full_name"

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_the_lockout_page_has_no_violations(page, live_server, applicant):
    for _ in range(5):
        page.goto(f"{live_server.url}/sign-in/")
        page.get_by_label("Email address").fill(applicant.email)
        page.get_by_label("Password").fill("wrong-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot sign in for 15 minutes"
    assert_accessible(page)


def test_registering_in_the_browser_reaches_the_confirmation(page, live_server, db):
    page.goto(f"{live_server.url}/register/")
    page.get_by_label("Organisation name").fill("Moorland Disabled People's Alliance")
    page.get_by_label("Yorkshire and the Humber").check()
    page.get_by_label("Our organisation is run by and for disabled people").check()
    page.get_by_label("Your full name").fill("Robin Moor")
    page.get_by_label("Your email address").fill("robin@moorland.example.org")
    page.get_by_label("Create a password").fill("moorland-walks-2026")
    page.get_by_label("Confirm your password").fill("moorland-walks-2026")
    page.get_by_role("button", name="Register").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Registration complete"
    assert_accessible(page)
    page.goto(f"{live_server.url}/home/")
    assert "Expressions of interest" in page.content()
    assert_accessible(page)


def test_the_page_uses_our_typeface_not_gds_transport(page, live_server):
    page.goto(f"{live_server.url}/")
    for selector in ("h1", ".govuk-body", ".govuk-footer__link"):
        family = page.evaluate(
            "(s) => getComputedStyle(document.querySelector(s)).fontFamily", selector
        )
        assert family.startswith('"Atkinson Hyperlegible"'), (selector, family)
        assert "GDS Transport" not in family
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('19px \"Atkinson Hyperlegible\"')")


def test_the_axe_check_fails_on_a_real_violation(page, live_server):
    """The scan is not a check that cannot fail: an image with no text alternative fails it."""
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        "'<img src=\"/static/govuk/assets/images/favicon.svg\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_the_audit_log_and_stakeholder_pages_have_no_violations(page, live_server, role_users):
    from audit.models import Event
    from collection.models import Stakeholder

    Event.objects.create(
        action="accounts.signed_in", summary="Signed in", who="someone@example.org"
    )
    Stakeholder.objects.create(
        name="Some Council", kind="local_authority", region="london", code="E09000001"
    )
    sign_in(page, live_server, role_users[roles.PROGRAMME_MANAGER].email, PASSWORD)
    for path in (
        "/audit/",
        "/audit/?action=signed_in&who=someone",
        "/collection/stakeholders/",
        "/collection/stakeholders/new/",
        "/collection/stakeholders/map/",
        "/collection/dissemination/",
        "/collection/dissemination/coverage/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.url == f"{live_server.url}{path}"
        assert_one_h1(page)
        assert_accessible(page)


def test_the_two_factor_pages_have_no_violations(page, live_server, role_users, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.TWO_FACTOR_ROLES = [roles.PROGRAMME_MANAGER]
    sign_in(page, live_server, role_users[roles.PROGRAMME_MANAGER].email, PASSWORD)
    assert "/account/two-factor/" in page.url
    assert_one_h1(page)
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_load_state()
    assert "The code is not correct" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)

    page.context.clear_cookies()
    TOTPDevice.objects.create(user=role_users[roles.ASSESSOR], name="App", confirmed=True)
    settings.TWO_FACTOR_ROLES = [roles.ASSESSOR]
    sign_in(page, live_server, role_users[roles.ASSESSOR].email, PASSWORD)
    assert "/sign-in/code/" in page.url
    assert_one_h1(page)
    assert_accessible(page)


def test_error_states_of_the_newer_forms_have_no_violations(page, live_server, role_users):
    """Each form submitted empty or wrong, then scanned with its error summary showing."""
    from casestudies import scoping
    from collection import editions
    from collection.models import Stakeholder
    from demo import case_study_template as demo
    from tests.casestudies.conftest import scope
    from tests.conftest import make_organisation

    coordinator = role_users[roles.COORDINATOR]
    proposed = scoping.propose(
        scope(make_organisation("Scanned DPULO")), template=demo.seed(), by=coordinator
    )
    edition = editions.create("Draft edition", by=coordinator)
    council = Stakeholder.objects.create(name="A council", kind="local_authority", region="london")
    sign_in(page, live_server, coordinator.email, PASSWORD)
    forms = [
        # (address, fields emptied first, the button that submits)
        (f"/case-studies/{proposed.pk}/decline/", [], "Decline case study"),
        (f"/case-studies/{proposed.pk}/agree/", [], "Agree and send the invitation"),
        (f"/case-studies/{proposed.pk}/details/", ["#id_title"], "Save details"),
        (f"/collection/manage/{edition.pk}/", ["#id_title"], "Save details"),
        ("/collection/manage/", [], "Create edition"),
        ("/collection/stakeholders/new/", [], "Save stakeholder"),
        (f"/collection/stakeholders/{council.pk}/", ["#id_name"], "Save stakeholder"),
        ("/collection/stakeholders/import/", [], "Upload and check"),
        ("/collection/dissemination/channels/new/", [], "Record it"),
        ("/account/close/", [], "Close my account"),
    ]
    for path, emptied, button in forms:
        page.goto(live_server.url + path)
        for selector in emptied:
            page.locator(selector).fill("")
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1, path
        assert_one_h1(page)
        assert_accessible(page)


def test_the_mail_pages_have_no_violations_at_desktop_width_and_at_320px(
    page, live_server, role_users
):
    from mail import outbox
    from tests.browser.test_two_factor import assert_reflows

    manager = role_users[roles.PROGRAMME_MANAGER]
    applicant = role_users[roles.APPLICANT]
    receipt = outbox.queue(
        "receipt",
        to=applicant.email,
        user=applicant,
        subject="Expression of interest received: EOI-2026-0042 for a call with a long title",
        body="We have received it.\n\nhttps://portal.example/calls/a-long-address/apply/",
        reason="you submitted it",
        attachments=[("EOI-2026-0042.pdf", b"%PDF-1.7", "application/pdf")],
    )
    receipt.refresh_from_db()
    failed = outbox.queue(
        "password_reset",
        to="someone.with.a.long.address@example.org",
        subject="R",
        body="B",
        reason="r",
    )
    failed.status, failed.last_error = "failed", "SMTPRecipientsRefused: 550 5.1.1 unknown"
    failed.save()
    sign_in(page, live_server, applicant.email, PASSWORD)
    for path in (
        "/account/emails/",
        f"/account/emails/{receipt.pk}/",
        "/account/emails/settings/",
    ):
        page.goto(live_server.url + path)
        assert_one_h1(page)
        assert_accessible(page)
        assert_reflows(page)
    page.get_by_label("No, do not send me reminders").check()
    page.get_by_label("Plain text, with a version in large type").check()
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state()
    assert "Your email settings have been saved" in page.inner_text("main")
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, live_server, manager.email, PASSWORD)
    for path in ("/manage/mail/", "/manage/mail/?status=failed", f"/manage/mail/{failed.pk}/"):
        page.goto(live_server.url + path)
        assert_one_h1(page)
        assert_accessible(page)
        assert_reflows(page)


def test_the_people_pages_have_no_violations_with_the_keyboard(page, live_server, role_users):
    """Roles changed with the keyboard; a refusal's error summary takes focus and links to
    the roles; the organisations pages and the confirmation for a lost authenticator."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.browser.test_eoi_journey import press_enter_and_wait
    from tests.browser.test_keyboard import tab_to

    manager = role_users[roles.PROGRAMME_MANAGER]
    assessor = role_users[roles.ASSESSOR]
    TOTPDevice.objects.create(user=assessor, name="Phone", confirmed=True)
    sign_in(page, live_server, manager.email, PASSWORD)
    for path in (
        "/manage/people/",
        "/manage/organisations/",
        "/manage/organisations/new/",
        f"/manage/people/{assessor.pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_one_h1(page)
        assert_accessible(page)
    tab_to(page, "#role-1", limit=60)  # Applicant
    page.keyboard.press("Space")
    tab_to(page, "form button[type=submit]", limit=20)
    press_enter_and_wait(page)
    assert "roles have been saved" in page.inner_text("main")
    assessor.refresh_from_db()
    assert set(assessor.role_names) == {roles.ASSESSOR, roles.APPLICANT}

    page.goto(f"{live_server.url}/manage/people/{manager.pk}/")
    tab_to(page, "#role-3", limit=60)  # Programme manager: their own, which they cannot drop
    page.keyboard.press("Space")
    tab_to(page, "form button[type=submit]", limit=20)
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)

    page.goto(f"{live_server.url}/manage/people/{assessor.pk}/")
    page.get_by_role("button", name="Remove their authenticator app").click()
    page.wait_for_load_state()
    assert_one_h1(page)
    assert_accessible(page)
    page.goto(f"{live_server.url}/manage/organisations/new/")
    page.get_by_role("button", name="Save the organisation").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_the_toolkit_and_evidence_pack_pages_have_no_violations(page, live_server, role_users):
    """The outcome-with-its-working form empty, refused and filled in; the published case
    study with "How this figure was worked out" opened; the evidence pack pages. axe at
    desktop width and at 320 px, where nothing scrolls sideways."""
    from casestudies import scoping, workflow
    from collection import editions
    from demo import case_study_template as demo
    from tests.browser.test_two_factor import assert_reflows
    from tests.casestudies.conftest import WORKED, scope
    from tests.collection.conftest import signed_off
    from tests.conftest import make_organisation

    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Scanned DPULO")
    drafting = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
    workflow.transition(drafting, "agree", by=coordinator)
    published = signed_off("Staying at home", dpulo=dpulo, coordinator=coordinator, worked=True)
    edition = editions.create("With the working", by=coordinator)
    editions.add(edition, published)
    editions.publish(edition, by=coordinator)

    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/case-studies/{drafting.pk}/outcomes/worked/new/")
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("button", name="Save outcome").click()
    page.wait_for_load_state()
    assert "Enter what changed" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    assert_reflows(page)
    for name, text in WORKED.items():
        if name in ("evidence", "proxy_kind"):
            page.locator(f"input[name={name}][value='{text}']").check()
        elif name != "discount_rate":
            page.locator(f"#id_{name}").fill(text)
    page.get_by_role("button", name="Save outcome").click()
    page.wait_for_load_state()
    assert "£2.08 of value for every £1 invested" in page.inner_text("main")

    from collection.models import PublishedCaseStudy

    copy = PublishedCaseStudy.objects.get(edition__slug=edition.slug)
    page.goto(f"{live_server.url}/collection/editions/{edition.slug}/{copy.slug}/")
    page.get_by_text("How this figure was worked out").click()
    assert page.get_by_text("How much the figure depends on each assumption").is_visible()
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)

    # The evidence pack: the empty form, a pack, and the page shown while a worker makes its PDF.
    region = published.region
    for path in ("/collection/evidence/", f"/collection/evidence/?region={region}"):
        page.goto(live_server.url + path)
        assert_one_h1(page)
        assert_accessible(page)
        assert_reflows(page)
    assert "Staying at home" in page.inner_text("main")
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        page.goto(f"{live_server.url}/collection/evidence/pdf/?region={region}")
    assert "Your evidence pack is being prepared" in page.inner_text("main")
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)


def test_access_needs_are_said_once_and_the_coordinator_sees_them(page, live_server, role_users):
    """The access-needs page, its error state and its saved state (axe, one h1, 320 px), then
    the coordinator's panel on the author's case study."""
    from casestudies import scoping
    from demo import case_study_template
    from tests.browser.test_two_factor import assert_reflows
    from tests.casestudies.conftest import scope

    author = role_users[roles.AUTHOR]
    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Access Needs DPULO")
    Membership.objects.create(user=author, organisation=dpulo)
    case_study = scoping.propose(scope(dpulo), template=case_study_template.seed(), by=coordinator)
    case_study.author = author
    case_study.status = "drafting"
    case_study.save()

    sign_in(page, live_server, author.email, PASSWORD)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Tell us your access needs").click()
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("A phone call").check()
    page.get_by_role("button", name="Save access needs").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert "Enter the phone number to call" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    page.get_by_role("link", name="Enter the phone number to call, or choose another way").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    page.keyboard.type("0161 496 0999")
    page.get_by_label("A British Sign Language (BSL) interpreter").check()
    page.get_by_label("Yes, I may need more time").check()
    page.get_by_role("button", name="Save access needs").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Your access needs have been saved" in main
    assert "A phone call on 0161 496 0999" in main
    assert_accessible(page)
    assert_reflows(page)

    page.context.clear_cookies()
    sign_in(page, live_server, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/")
    panel = page.get_by_role("region", name="Access needs")
    assert "A British Sign Language (BSL) interpreter" in panel.inner_text()
    assert "May need more time" in panel.inner_text()
    assert_accessible(page)
    assert_reflows(page)
