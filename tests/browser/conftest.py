"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import pytest
from axe_playwright_python.sync_playwright import Axe

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
