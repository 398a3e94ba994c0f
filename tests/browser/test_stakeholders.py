"""Stakeholders and dissemination in the browser: a CSV with a mistake, corrected and imported;
the map; an edition sent to one region's councils through a real SMTP server. axe-core on every
page."""

import pytest

from accounts import roles
from collection.models import Send, Stakeholder
from tests.browser.conftest import assert_accessible, assert_one_h1
from tests.browser.test_eoi_journey import keyboard_sign_in, press_enter_and_wait
from tests.browser.test_keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "name,kind,region,influence,interest,contact_name,email,website,code,notes\n"
ROWS = (
    "Manchester City Council,Local authority,North West,high,high,Team,"
    "team@manchester.example.gov.uk,,E08000003,\n"
    "Liverpool City Council,Local authority,North West,high,medium,,"
    "{liverpool},,E08000012,\n"
    "Bristol City Council,Local authority,South West,high,high,,"
    "council@bristol.example.gov.uk,,E06000023,\n"
)


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def test_import_map_and_send_to_one_region(
    page,
    live_server,
    role_users,
    published,
    smtp_server,
    tmp_path,
):
    keyboard_sign_in(page, live_server, role_users[roles.COORDINATOR].email)
    page.goto(f"{live_server.url}/collection/stakeholders/")
    checked(page)
    tab_to(page, "a[href='/collection/stakeholders/import/']", limit=60)
    press_enter_and_wait(page)
    checked(page)

    # A file with a bad address: every problem listed by row, nothing imported.
    bad = tmp_path / "councils.csv"
    bad.write_text(HEADER + ROWS.format(liverpool="not-an-address"))
    page.set_input_files("#id_file", str(bad))  # the file chooser itself is the browser's own
    tab_to(page, "main form button[type=submit]", limit=60)
    press_enter_and_wait(page)
    checked(page)
    assert "Row 3: “not-an-address” is not a valid email address" in page.inner_text(
        ".govuk-error-summary"
    )
    assert Stakeholder.objects.count() == 0

    # Corrected and uploaded again, then imported.
    good = tmp_path / "councils-corrected.csv"
    good.write_text(HEADER + ROWS.format(liverpool="team@liverpool.example.gov.uk"))
    page.goto(f"{live_server.url}/collection/stakeholders/import/")
    page.set_input_files("#id_file", str(good))
    tab_to(page, "main form button[type=submit]", limit=60)
    press_enter_and_wait(page)
    checked(page)
    tab_to(page, "main form button[type=submit]", limit=60)
    press_enter_and_wait(page)
    checked(page)
    assert Stakeholder.objects.count() == 3

    tab_to(page, "a[href^='/collection/stakeholders/map/']", limit=60)
    press_enter_and_wait(page)
    checked(page)
    assert "Manage closely (3)" in page.inner_text("main")

    # Send the edition to the North West's councils.
    page.goto(f"{live_server.url}/collection/dissemination/new/")
    checked(page)
    tab_to(page, "input[name=regions][value=north_west]", limit=80)
    page.keyboard.press("Space")
    tab_to(page, "#id_message", limit=80)
    page.keyboard.type("Our new collection of case studies is out.")
    tab_to(page, "main form button[type=submit]", limit=80)
    press_enter_and_wait(page)
    checked(page)
    assert smtp_server.messages == []
    tab_to(page, "form[action$='/send/'] button", limit=80)
    press_enter_and_wait(page)
    checked(page)
    assert sorted(r[0] for r, _ in smtp_server.messages) == [
        "team@liverpool.example.gov.uk",
        "team@manchester.example.gov.uk",
    ]
    assert Send.objects.filter(status="sent").count() == 2

    page.goto(f"{live_server.url}/collection/dissemination/coverage/")
    checked(page)
    assert "Bristol City Council" in page.inner_text("main")
    page.goto(f"{live_server.url}/collection/dissemination/")
    checked(page)
    page.goto(f"{live_server.url}/collection/dissemination/channels/new/")
    checked(page)
