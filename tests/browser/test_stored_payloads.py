"""Stored cross-site scripting: payloads saved in free-text fields never run. Each payload
would set ``window.__pwned`` if it executed; every page that shows them is opened in Chromium
and the variable must stay unset."""

import pytest

from accounts import roles
from audit.models import Event
from casestudies import writing
from collection import editions
from collection.models import Stakeholder
from tests.browser.conftest import sign_in
from tests.collection.conftest import signed_off
from tests.conftest import PASSWORD, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "[click me](javascript:window.__pwned='link')",
    "<a href=\"javascript:window.__pwned='a'\">a</a>",
    "</textarea><script>window.__pwned='textarea'</script>",
    "{{ 7*7 }} {% debug %}",
]
TEXT = "\n\n".join(PAYLOADS)


INJECTED = """() => {
  const main = document.querySelector("main");
  const found = [];
  for (const element of main.querySelectorAll("*")) {
    if (element.tagName === "SCRIPT") found.push("script");
    if (element.tagName === "IMG" && element.getAttribute("src") === "x") found.push("img");
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) found.push(attribute.name);
      if (/^\\s*javascript:/i.test(attribute.value)) found.push(attribute.name + "=javascript:");
    }
  }
  return found;
}"""


def untouched(page):
    """Nothing ran (the global is unset), and nothing was even parsed as markup: the Content
    Security Policy would stop an inline script, but escaping must stop it first."""
    assert page.evaluate("typeof window.__pwned") == "undefined", page.url
    assert page.evaluate(INJECTED) == [], page.url


def test_payloads_in_every_free_text_field_never_run(page, live_server, role_users):
    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Payload DPULO")
    case_study = signed_off(
        "Payload case study <script>window.__pwned='title'</script>",
        dpulo=dpulo,
        coordinator=coordinator,
        answers={0: TEXT, 1: TEXT},
        summary=TEXT[:900],
        commissioner_name="<img src=x onerror=\"window.__pwned='commissioner'\">",
    )
    section = case_study.template_version.sections.first()
    writing.add_comment(case_study, section, TEXT[:2900], by=coordinator)
    edition = editions.create("Payload edition", by=coordinator)
    edition.introduction = TEXT
    edition.conclusion = TEXT
    edition.save()
    editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    Stakeholder.objects.create(
        name="<script>window.__pwned='stakeholder'</script>",
        kind="local_authority",
        region="london",
        notes=TEXT,
    )
    Event.objects.create(action="accounts.signed_in", summary=PAYLOADS[1], who=PAYLOADS[0])
    published = edition.case_studies.get()

    # Signed out: the public collection.
    for path in (
        "/collection/",
        "/collection/case-studies/",
        "/collection/case-studies/?q=script",
        f"/collection/editions/{edition.slug}/",
        f"/collection/editions/{edition.slug}/outcomes/",
        f"/collection/editions/{edition.slug}/{published.slug}/",
    ):
        page.goto(live_server.url + path)
        untouched(page)

    # The coordinator's pages.
    sign_in(page, live_server, coordinator.email, PASSWORD)
    for path in (
        "/case-studies/",
        f"/case-studies/{case_study.pk}/",
        f"/case-studies/{case_study.pk}/text/",
        f"/case-studies/{case_study.pk}/sections/{section.key}/",
        f"/case-studies/{case_study.pk}/sections/{section.key}/history/",
        "/collection/stakeholders/",
        "/collection/stakeholders/map/",
        "/audit/",
    ):
        page.goto(live_server.url + path)
        untouched(page)
    assert "window.__pwned" in page.content()  # the payloads are there, shown as text
