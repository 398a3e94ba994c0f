"""Every page the demo's links reach, as each role, at 320 CSS pixels wide (WCAG 2.2 reflow,
1.4.10): no page scrolls sideways, and axe-core finds nothing there either.

The crawl starts from each person's home page and the collection, follows the links on every
page it opens (GET only: nothing is changed), and opens one page of each kind (the same route
with the same query parameters counts once), so new pages join without being listed here.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import Resolver404, resolve

from demo.people import DEMO_PASSWORD
from tests.browser.conftest import WCAG_TAGS, _axe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTH = 320
PEOPLE = [
    None,  # signed out
    "applicant@example.org",
    "assessor@example.org",
    "manager@example.org",
    "coordinator@example.org",
    "author@example.org",
]
# Not pages: files, feeds, the emergency admin, and leaving.
SKIPPED_ROUTES = {"sign-out", "feed", "edition-format", "case-study-format"}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")
SKIPPED_ENDINGS = (".pdf", ".docx", ".csv", ".json", ".xlsx", ".svg", "/pdf/", "/healthz")
MOST_PAGES = 120  # per person; the demo reaches about 60


def _kind(path):
    """What makes two addresses the same kind of page: the route and the query's names."""
    bare, _, query = path.partition("?")
    try:
        match = resolve(bare)
    except Resolver404:
        return None
    names = tuple(sorted({part.split("=")[0] for part in query.split("&") if part}))
    return (match.view_name, names)


def _links(page, base):
    hrefs = page.eval_on_selector_all(
        "main a[href], header a[href], nav a[href]", "els => els.map(e => e.href)"
    )
    found = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#")[0] or "/"
        if path.startswith(SKIPPED_PREFIXES) or path.split("?")[0].endswith(SKIPPED_ENDINGS):
            continue
        found.append(path)
    return found


def _violations(page):
    """axe-core's WCAG 2.2 A and AA findings on the page, one line each (all of them are
    collected, so one run reports every page that needs fixing)."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return [
        f"{rule['id']}: " + ", ".join(node["target"][0] for node in rule["nodes"][:3])
        for rule in results.response["violations"]
    ]


def _crawl(page, base, starts):
    queue, kinds, opened, wide = list(starts), set(), [], []
    while queue and len(opened) < MOST_PAGES:
        path = queue.pop(0)
        kind = _kind(path)
        if kind is None or kind in kinds or kind[0].split(":")[-1] in SKIPPED_ROUTES:
            continue
        kinds.add(kind)
        response = page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        opened.append(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append(f"{path} is {width} px wide")
        wide.extend(f"{path}: axe {line}" for line in _violations(page))
        queue.extend(link for link in _links(page, base) if _kind(link) not in kinds)
    return opened, wide


@override_settings(DEBUG=True)  # seed_demo refuses to run with DEBUG off
def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_no_page_scrolls_sideways_at_320_pixels_for_anyone(browser, live_server, settings):
    settings.PORTAL_URL = live_server.url
    _seed()
    report, everything_wide = {}, []
    for person in PEOPLE:
        context = browser.new_context(viewport={"width": WIDTH, "height": 800})
        page = context.new_page()
        if person:
            sign_in(page, live_server, person, DEMO_PASSWORD)
        starts = ["/home/" if person else "/", "/collection/", "/calls/"]
        opened, wide = _crawl(page, live_server.url, starts)
        report[person or "signed out"] = len(opened)
        everything_wide += [f"{person or 'signed out'}: {line}" for line in wide]
        context.close()
    # The crawl must really have gone somewhere for each person (not stopped at a sign-in page).
    assert all(count >= 8 for count in report.values()), report
    assert everything_wide == [], f"{report}\n" + "\n".join(everything_wide)


def test_the_demo_editions_ebook_passes_epubcheck_and_daisy_ace(live_server, tmp_path):
    """The demo's edition as it is published, worked figures and all; the same checks as
    tests/collection/test_formats.py, on the real thing."""
    import urllib.request

    from collection.models import Edition
    from tests.collection.test_formats import ace_violations, epubcheck_messages

    _seed()
    edition = Edition.objects.get(status="published")
    url = f"{live_server.url}/collection/editions/{edition.slug}/formats/epub/"
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the test's own live server
        assert response.headers["Content-Type"] == "application/epub+zip"
        book = tmp_path / "demo.epub"
        book.write_bytes(response.read())
    assert epubcheck_messages(book) == []
    assert ace_violations(book, tmp_path / "ace") == []
