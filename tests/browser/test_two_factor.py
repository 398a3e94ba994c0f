"""Two-factor sign-in in a real browser: with a confirmed authenticator, a session that has only
the password reaches no protected page by any route, and the recovery-code pages work by
keyboard and pass axe at desktop width and at 320 px."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles, two_factor
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERIFY = "/sign-in/code/"


def code_for(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def assert_reflows(page):
    """WCAG 2.2 reflow: at 320 CSS px nothing scrolls sideways, and axe still finds nothing."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} is {width}px wide at 320px"
        assert_accessible(page)
    finally:
        page.set_viewport_size(size)


@pytest.fixture
def owner(role_users, settings):
    settings.TWO_FACTOR_ROLES = [roles.PROGRAMME_MANAGER]
    manager = role_users[roles.PROGRAMME_MANAGER]
    device = TOTPDevice.objects.create(user=manager, name="Owner's phone", confirmed=True)
    return manager, device


def on_code_page(page, live_server):
    path = page.url.removeprefix(live_server.url).split("?")[0]
    assert path == VERIFY, page.url
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Enter the code from your authenticator app"
    )


def test_a_password_only_session_reaches_nothing_protected_by_any_route(page, live_server, owner):
    manager, device = owner
    sign_in(page, live_server, manager.email, PASSWORD)
    on_code_page(page, live_server)
    for path in (
        "/account/two-factor/",  # the set-up page that used to replace the owner's app
        "/account/two-factor/recovery-codes/",
        "/admin/",
        "/admin/otp_totp/totpdevice/",
        "/audit/",
        "/manage/calls/",
        "/account/",
        f"{VERIFY}?next=/admin/",
        f"{VERIFY}?next=https://evil.example/",
    ):
        page.goto(live_server.url + path)
        on_code_page(page, live_server)
    # Signing in again with next= pointing past the code lands on the code page too.
    page.goto(f"{live_server.url}/sign-in/?next=/admin/")
    if "/sign-in/code/" not in page.url:
        page.get_by_label("Email address").fill(manager.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    on_code_page(page, live_server)
    # Posting a new app's code straight at the set-up page, with the session's own CSRF
    # token, changes nothing.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    attacker = TOTPDevice.objects.create(user=manager, name="Attacker", confirmed=False)
    response = page.request.post(
        f"{live_server.url}/account/two-factor/",
        form={"code": code_for(attacker), "csrfmiddlewaretoken": token},
        headers={"Referer": live_server.url + VERIFY},
        max_redirects=0,
    )
    assert response.status == 302
    assert response.headers["location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=manager, confirmed=True)) == [device]
    # The owner's code still works, and only then do the pages open.
    page.goto(f"{live_server.url}{VERIFY}?next=/admin/")
    field = page.get_by_label("Code from your authenticator app")
    field.fill(code_for(device))
    with page.expect_navigation():
        field.press("Enter")
    assert page.url == f"{live_server.url}/admin/", page.inner_text("main")


def test_a_recovery_code_signs_in_and_the_codes_pages_pass_axe(page, live_server, owner):
    manager, device = owner
    codes = two_factor.make_recovery_codes(manager)
    sign_in(page, live_server, manager.email, PASSWORD)
    on_code_page(page, live_server)
    page.get_by_role("link", name="Use a recovery code instead").click()
    page.wait_for_load_state()
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "Enter one of your recovery codes" in page.inner_text(".govuk-error-summary")
    assert_accessible(page)
    field = page.get_by_label("Recovery code")
    field.fill(codes[0])
    with page.expect_navigation():
        field.press("Enter")
    assert page.url == f"{live_server.url}/home/"
    assert "You have 9 left" in page.inner_text("main")

    # Make new codes: the page asks for the app's code (or a recovery code) first.
    page.goto(f"{live_server.url}/account/two-factor/recovery-codes/")
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("Code from your current authenticator app, or a recovery code").fill(
        code_for(device)
    )
    page.get_by_role("button", name="Make new recovery codes").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Save your new recovery codes"
    shown = page.locator(".app-recovery-codes li").all_inner_texts()
    assert len(shown) == 10
    assert codes[1] not in shown
    assert_accessible(page)
    assert_reflows(page)


def test_moving_to_a_new_app_in_the_browser(page, live_server, owner):
    manager, _ = owner
    codes = two_factor.make_recovery_codes(manager)
    sign_in(page, live_server, manager.email, PASSWORD)
    page.goto(f"{live_server.url}/sign-in/recovery-code/")
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/account/two-factor/")
    assert_one_h1(page)
    assert_accessible(page)
    assert_reflows(page)
    new = TOTPDevice.objects.get(user=manager, confirmed=False)
    page.get_by_label("Code from your current authenticator app, or a recovery code").fill(codes[1])
    page.get_by_label("Code from your new authenticator app").fill(code_for(new))
    page.get_by_role("button", name="Move to the new app").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Two-factor sign-in is on"
    assert_accessible(page)
    assert_reflows(page)
    assert list(TOTPDevice.objects.filter(user=manager, confirmed=True)) == [new]
