"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.collection.smtp import smtp_server  # noqa: F401 - a real SMTP server fixture
from tests.environment import CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright cannot find Debian's Chromium by channel: point it at the binary."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


def assert_accessible(page):
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 A/AA violation."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, (
        f"axe-core found {results.violations_count} violation(s) on {page.url}:\n"
        + results.generate_report()
    )


def assert_one_h1(page):
    assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"


def sign_in(page, live_server, email, password):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def published(role_users):
    """A published edition of two signed-off case studies, with its PDFs."""
    from accounts import roles
    from collection import editions
    from tests.collection.conftest import signed_off
    from tests.conftest import make_organisation

    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Coastway Centre for Independent Living")
    ready = [
        signed_off("Reserved advocacy in Coastway", dpulo=dpulo, coordinator=coordinator),
        signed_off(
            "Community navigators",
            dpulo=dpulo,
            coordinator=coordinator,
            areas=["health"],
            kinds_of_work=["voice_engagement"],
            region="london",
            answers={0: "Navigators visited disabled people at home and found them support."},
        ),
    ]
    edition = editions.create("DPULOs making a difference", by=coordinator)
    edition.introduction = "Why these case studies matter."
    edition.save()
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    edition.refresh_from_db()
    return edition
