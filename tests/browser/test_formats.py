"""Asking for another format with the keyboard alone, from a case study's page to the
confirmation, and the programme team's queue: axe-core at desktop width and at 320 px."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from collection.models import FormatRequest
from mail.models import Message
from tests.browser.conftest import assert_accessible, assert_one_h1, sign_in
from tests.browser.test_eoi_journey import press_enter_and_wait
from tests.browser.test_keyboard import tab_to
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page, *, narrow_too=True):
    assert_one_h1(page)
    assert_accessible(page)
    if narrow_too:
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
        assert_accessible(page)
        page.set_viewport_size(size)


def test_asking_for_braille_with_the_keyboard_only(page, live_server, published):
    one = published.case_studies.first()
    page.goto(f"{live_server.url}/collection/editions/{published.slug}/{one.slug}/")
    assert "in large print" in page.inner_text("main")
    tab_to(page, "a[href*='/collection/another-format/']", limit=80)
    press_enter_and_wait(page)
    checked(page)
    assert page.input_value("#id_item") == f"“{one.title}”, from {published.title}"
    assert "---------" not in page.inner_text("main")

    # Sent with no format chosen: the error summary takes focus and links to the question.
    tab_to(page, "main [type=submit]", limit=60)
    press_enter_and_wait(page)
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert "Select the format you need" in page.inner_text(".govuk-error-summary")
    checked(page, narrow_too=False)
    assert not FormatRequest.objects.exists()

    tab_to(page, "#id_wanted_1", limit=40)  # Braille
    page.keyboard.press("Space")
    tab_to(page, "#id_details", limit=20)
    page.keyboard.type("Unified English Braille, grade 2")
    tab_to(page, "#id_name", limit=10)
    page.keyboard.type("Alex Morgan")
    tab_to(page, "#id_reply_by_1", limit=10)  # a group of radios is one stop: arrows move in it
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # By post, chosen as the arrow reaches it
    tab_to(page, "#id_email", limit=10)
    page.keyboard.type("alex@reader.example")
    tab_to(page, "#id_address", limit=10)
    page.keyboard.type("2 Mill Lane, Hebden Bridge")
    tab_to(page, "main [type=submit]", limit=10)
    press_enter_and_wait(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Request sent"
    made = FormatRequest.objects.get()
    assert (made.wanted, made.reply_by, made.case_study) == ("braille", "post", one)
    assert made.reference in page.inner_text("main")
    checked(page)
    assert (
        Message.objects.filter(kind="format_request", to_email="alex@reader.example").count() == 1
    )


def test_the_queue_and_a_request_have_no_violations(page, live_server, role_users, published):
    from collection import format_requests

    made = format_requests.receive(
        FormatRequest(
            edition=published,
            item="The whole edition",
            wanted="bsl",
            name="Dee Signer",
            reply_by="email",
            email="dee@reader.example",
            details="A video with subtitles too, please.",
        )
    )
    sign_in(page, live_server, role_users[roles.PROGRAMME_MANAGER].email, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    assert "Requests for other formats" in page.inner_text("main")
    page.get_by_role("link", name="Requests for other formats").click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("link", name=made.reference).click()
    page.wait_for_load_state()
    checked(page)
    page.get_by_role("radio", name="Could not be provided").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    checked(page, narrow_too=False)
    page.get_by_label("Why it could not be provided").fill("No interpreter is free this year.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert f"{made.reference} has been saved: Could not be provided" in page.inner_text("main")


def test_writing_an_easy_read_point_with_a_picture_and_reading_it(
    page, live_server, role_users, tmp_path
):
    """The author's Easy Read pages, a refused file, and the result: axe at both widths."""

    from PIL import Image

    from accounts.models import Membership
    from casestudies import scoping
    from casestudies.models import EasyReadPoint, HardWord, Template
    from demo import case_study_template
    from demo import easy_read as demo_easy_read
    from tests.casestudies.conftest import scope
    from tests.conftest import make_organisation

    case_study_template.seed()
    HardWord.objects.get_or_create(word="procurement", defaults={"explanation": "Buying."})
    coordinator = role_users[roles.COORDINATOR]
    author = role_users[roles.AUTHOR]
    dpulo = make_organisation("Browser DPULO")
    Membership.objects.create(user=author, organisation=dpulo)
    case_study = scoping.propose(
        scope(dpulo, title="Easy Read in the browser"),
        template=Template.objects.get(slug=demo_easy_read.TEMPLATE_SLUG),
        by=coordinator,
    )
    scoping.agree(case_study, author_name="A", author_email=author.email, by=coordinator)
    case_study.author = author
    case_study.save(update_fields=["author"])
    picture = tmp_path / "meeting.png"
    Image.new("RGB", (120, 90), (29, 112, 184)).save(picture)
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_bytes(b"These are notes, not a picture.")

    sign_in(page, live_server, author.email, PASSWORD)
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/")
    page.get_by_role("link", name="Easy Read version").click()
    page.wait_for_load_state()
    checked(page)
    assert "The Easy Read version has no points yet" in page.inner_text("main")
    page.get_by_role("link", name="Add a point").click()
    page.wait_for_load_state()
    checked(page)
    # As the author types, the page says what the server will check.
    page.get_by_label("The point").fill(
        "The council changed its procurement rules after we met with them every single month."
    )
    help_text = page.locator(".app-easy-read-help")
    expect(help_text).to_contain_text("procurement")
    assert help_text.get_attribute("aria-live") == "polite"
    assert "Every sentence has 15 words or fewer." in help_text.inner_text()
    assert "add to the glossary: procurement." in help_text.inner_text()
    page.get_by_label("The point").fill(" ".join(["word"] * 16) + ".")
    expect(help_text).to_contain_text("Your longest sentence has 16 words")
    page.get_by_label("The point").fill("We met every month at the library.")
    page.get_by_label("Picture (optional)").set_input_files(str(not_a_picture))
    page.get_by_label("What the picture shows").fill("People at a table")
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert "not a picture we can read" in page.inner_text(".govuk-error-summary")
    checked(page, narrow_too=False)
    assert page.input_value("#id_text") == "We met every month at the library."
    page.get_by_label("Picture (optional)").set_input_files(str(picture))
    page.get_by_role("button", name="Save point").click()
    page.wait_for_load_state()
    assert "Point 1 has been saved" in page.inner_text("main")
    # The description is said once, in words beside the picture.
    assert "Picture: People at a table" in page.inner_text("#point-1")
    assert page.locator("#point-1 img[alt='']").count() == 1
    assert page.evaluate("document.querySelector('#point-1 img').naturalWidth") == 120
    checked(page)
    assert EasyReadPoint.objects.get(case_study=case_study).picture_sha256
    # A glossary word: added, then removed only after "Are you sure?".
    page.get_by_label("Word", exact=True).fill("procurement")
    page.get_by_label("What it means, in plain words").fill("How a council buys a service.")
    page.get_by_role("button", name="Add to the glossary").click()
    page.wait_for_load_state()
    assert "“procurement” has been added to the glossary" in page.inner_text("main")
    page.get_by_role("button", name="Remove “procurement”").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == (
        "Are you sure you want to remove “procurement” from the glossary?"
    )
    checked(page)
    page.get_by_role("button", name="Yes, remove it").click()
    page.wait_for_load_state()
    assert "“procurement” has been removed from the glossary" in page.inner_text("main")
    assert not case_study.glossary.exists()
    # Removing a point asks first, and removes nothing if another tab moved the list meanwhile.
    from casestudies import writing
    from tests.casestudies.conftest import write_everything

    writing.add_point(case_study, point_text="We talked about the waiting list.", by=author)
    page.get_by_role("button", name="Remove point 1").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Are you sure you want to remove point 1?"
    checked(page)
    writing.remove_point(case_study.easy_read_points.get(position=1), by=author)
    page.get_by_role("button", name="Yes, remove it").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    assert "nothing has been removed" in page.inner_text(".govuk-error-summary")
    assert "We talked about the waiting list." in page.inner_text("main")
    checked(page)
    assert case_study.easy_read_points.count() == 1
    # The submit page lists what the Easy Read checks still find.
    write_everything(case_study, author)
    page.goto(f"{live_server.url}/case-studies/{case_study.pk}/submit/")
    assert "The Easy Read version has 1 thing to check" in page.inner_text("main")
    assert "Point 1 has no picture" in page.inner_text("main")
    checked(page)
