import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eoi import application
from eoi.forms import parse_pounds
from eoi.models import Answer, ExpressionOfInterest
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call, words

pytestmark = pytest.mark.django_db


def url(name, call, **kwargs):
    return reverse(f"eoi:{name}", kwargs={"slug": call.slug, **kwargs})


def summary_errors(response):
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    if not match:
        return []
    return [html.unescape(" ".join(t.split())) for t in re.findall(r">([^<]+)</a>", match[1])]


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def test_calls_are_listed_as_open_upcoming_and_closed(client, db):
    now = timezone.now()
    make_call("open-one")
    make_call("later-one", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=30))
    make_call("old-one", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1))
    page = client.get(reverse("eoi:call-list")).content.decode()
    open_at = page.index("Open calls")
    upcoming_at = page.index("Opening soon")
    closed_at = page.index("Closed calls")
    assert open_at < page.index("Call open-one") < upcoming_at
    assert upcoming_at < page.index("Call later-one") < closed_at
    assert closed_at < page.index("Call old-one")


def test_the_call_page_shows_guidance_criteria_and_the_closing_time(client, call):
    page = client.get(url("call", call)).content.decode()
    assert "Guidance for tests." in page
    for criterion in call.criteria.all():
        assert criterion.title in page
    assert "Closes at <strong>" in page
    assert "Start now" in page


def test_a_closed_call_has_no_start_button(client, db):
    now = timezone.now()
    call = make_call("closed", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    page = client.get(url("call", call)).content.decode()
    assert "Start now" not in page
    assert "You cannot apply now" in page


def test_start_now_sends_a_signed_out_reader_to_sign_in(client, call):
    response = client.get(url("task-list", call))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_opening_the_task_list_twice_makes_one_draft(signed_in, call, organisation):
    assert signed_in.get(url("task-list", call)).status_code == 200
    assert signed_in.get(url("task-list", call)).status_code == 200
    eoi = ExpressionOfInterest.objects.get()
    assert eoi.organisation == organisation
    assert eoi.organisation_name == organisation.name  # pre-filled from the account


def test_saving_an_answer_moves_on_and_save_and_come_back_goes_to_the_task_list(signed_in, call):
    signed_in.get(url("task-list", call))
    response = signed_in.post(
        url("criterion", call, position=1),
        {"text": "Our knowledge of commissioning.", "version": 0, "action": "continue"},
    )
    assert response["Location"] == url("criterion", call, position=2)
    response = signed_in.post(
        url("criterion", call, position=2),
        {"text": "The barriers we know.", "version": 0, "action": "later"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("task-list", call)
    assert "Your answers have been saved" in response.content.decode()
    assert list(Answer.objects.order_by("criterion__position").values_list("text", flat=True)) == [
        "Our knowledge of commissioning.",
        "The barriers we know.",
    ]


def test_the_second_of_two_conflicting_edits_sees_both_versions(call, applicant, organisation):
    from django.test import Client

    colleague = make_user("colleague@test.example", roles.APPLICANT, organisation)
    first, second = Client(), Client()
    first.force_login(applicant)
    second.force_login(colleague)
    first.get(url("task-list", call))
    for client in (first, second):
        assert (
            'name="version" value="0"'
            in client.get(url("criterion", call, position=1)).content.decode()
        )
    first.post(url("criterion", call, position=1), {"text": "Amara's words", "version": 0})
    response = second.post(url("criterion", call, position=1), {"text": "Jo's words", "version": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert summary_errors(response)[0].startswith("Someone else in your organisation changed this")
    assert "Amara&#x27;s words" in page  # theirs, shown
    assert "Jo&#x27;s words</textarea>" in page  # yours, kept in the form
    assert 'name="version" value="1"' in page  # saving again replaces theirs knowingly
    assert Answer.objects.get().text == "Amara's words"


def test_the_daily_rate_page_explains_bad_amounts_and_shows_totals(signed_in, call):
    signed_in.get(url("task-list", call))
    rate = call.criteria.get(kind="money")
    response = signed_in.post(
        url("criterion", call, position=rate.position), {"amount": "lots", "version": 0}
    )
    assert summary_errors(response) == [
        "Enter your daily rate in pounds and pence, like 350 or 350.50"
    ]
    assert "govuk-input--error" in response.content.decode()
    response = signed_in.post(
        url("criterion", call, position=rate.position),
        {"amount": "£350", "version": 0},
        follow=True,
    )
    assert "£3,500.00 for 10 days and £5,250.00 for 15 days" in response.content.decode()
    assert Answer.objects.get(criterion=rate).amount == 350


def test_an_over_long_answer_is_refused_with_the_text_kept(signed_in, call):
    signed_in.get(url("task-list", call))
    text = "x" * 20_001
    response = signed_in.post(url("criterion", call, position=1), {"text": text, "version": 0})
    assert summary_errors(response) == ["Your answer must be 20,000 characters or fewer"]
    assert "govuk-textarea--error" in response.content.decode()
    assert text in response.content.decode()
    assert not Answer.objects.exists()


def test_check_answers_says_when_it_is_too_long(signed_in, call, applicant, organisation):
    eoi = application.start(call, organisation, by=applicant)
    fill(eoi, applicant, text_for=lambda criterion: words(500))
    page = signed_in.get(url("check", call)).content.decode()
    assert re.search(
        r"Your expression of interest fills 4 sides of A4\. The limit is 3\. "
        r"Shorten it by about \d+ words\.",
        page,
    )
    assert "Continue to declaration" not in page


def test_the_whole_submission_through_the_views(
    signed_in, call, applicant, organisation, django_capture_on_commit_callbacks
):
    eoi = application.start(call, organisation, by=applicant)
    fill(eoi, applicant)
    page = signed_in.get(url("check", call)).content.decode()
    assert "It fits." in page
    assert "Continue to declaration" in page
    response = signed_in.post(url("declaration", call), {})
    assert summary_errors(response) == [
        "Confirm that the information is correct and you are authorised to submit it"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url("declaration", call), {"confirm": "on"})
    assert response["Location"] == url("confirmation", call)
    eoi.refresh_from_db()
    page = signed_in.get(url("confirmation", call)).content.decode()
    assert eoi.reference in page
    assert len(mail.outbox) == 1
    home = signed_in.get(reverse("pages:home")).content.decode()
    assert eoi.reference in home
    assert "Submitted" in home


def test_submitting_after_the_closing_time_says_so_and_keeps_the_draft(
    signed_in, applicant, organisation
):
    now = timezone.now()
    call = make_call("closing", closes_at=now + timedelta(hours=1))
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    call.closes_at = now - timedelta(seconds=1)
    call.opens_at = now - timedelta(days=5)
    call.save()
    response = signed_in.post(url("declaration", call), {"confirm": "on"})
    assert response.status_code == 200
    [message] = summary_errors(response)
    assert message.startswith("The closing time was ")
    assert "Your draft has been kept" in message
    eoi.refresh_from_db()
    assert eoi.is_draft
    assert eoi.answers.count() == call.criteria.count()


def test_another_organisation_cannot_reach_this_draft(client, call, applicant, organisation):
    eoi = fill(
        application.start(call, organisation, by=applicant),
        applicant,
        text_for=lambda c: "SECRET-ANSWER-FROM-A",
    )
    other = make_user("b@other.example", roles.APPLICANT, make_organisation("Other DPULO"))
    client.force_login(other)
    for name, kwargs in [
        ("organisation", {}),
        ("criterion", {"position": 1}),
        ("contact", {}),
        ("check", {}),
        ("preview-pdf", {}),
        ("declaration", {}),
        ("confirmation", {}),
        ("withdraw", {}),
    ]:
        response = client.get(url(name, call, **kwargs))
        assert response.status_code == 404, name
        assert b"SECRET-ANSWER-FROM-A" not in response.content
    # Starting their own gives them their own, empty draft.
    page = client.get(url("task-list", call)).content.decode()
    assert "Other DPULO" in page
    assert "SECRET-ANSWER-FROM-A" not in client.get(url("check", call)).content.decode()
    response = client.post(url("withdraw", call))
    eoi.refresh_from_db()
    assert eoi.is_draft  # theirs was withdrawn, not this one


def test_people_without_the_applicant_role_cannot_apply(client, role_users, call):
    client.force_login(role_users[roles.ASSESSOR])
    assert client.get(url("task-list", call)).status_code == 403
    assert not ExpressionOfInterest.objects.exists()


def test_withdrawing_through_the_views(signed_in, call, applicant, organisation):
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    response = signed_in.post(url("withdraw", call), follow=True)
    assert "Your expression of interest has been withdrawn" in response.content.decode()
    eoi.refresh_from_db()
    assert eoi.is_withdrawn


def test_preview_is_a_pdf(signed_in, call, applicant, organisation):
    fill(application.start(call, organisation, by=applicant), applicant)
    response = signed_in.get(url("preview-pdf", call))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_organisation_details_errors_keep_what_was_typed(signed_in, call):
    signed_in.get(url("task-list", call))
    response = signed_in.post(
        url("organisation", call),
        {
            "organisation_name": "",
            "organisation_region": "london",
            "organisation_website": "not a web address",
            "organisation_summary": "We run peer support across the borough.",
            "version": 0,
        },
    )
    assert summary_errors(response) == [
        "Enter your organisation's name",
        "Enter a website address in the correct format, like www.example.org",
    ]
    page = response.content.decode()
    assert "We run peer support across the borough.</textarea>" in page
    assert 'value="not a web address"' in page
    assert ExpressionOfInterest.objects.get().organisation_name == "Test DPULO"  # unchanged


def test_contact_errors_keep_what_was_typed(signed_in, call):
    signed_in.get(url("task-list", call))
    response = signed_in.post(
        url("contact", call),
        {
            "contact_name": "Jo Bloggs",
            "contact_role": "Director",
            "contact_email": "jo at example",
            "contact_phone": "call me maybe",
            "version": 0,
        },
    )
    assert summary_errors(response) == [
        "Enter an email address in the correct format, like name@example.org",
        "Enter a telephone number, like 01632 960 001 or +44 808 157 0192",
    ]
    page = response.content.decode()
    assert 'value="Jo Bloggs"' in page
    assert 'value="Director"' in page
    assert 'value="jo at example"' in page


@pytest.mark.parametrize("role", [roles.ASSESSOR, roles.PROGRAMME_MANAGER, roles.COORDINATOR])
def test_the_call_page_says_why_someone_signed_in_cannot_apply(client, call, role_users, role):
    client.force_login(role_users[role])
    page = client.get(url("call", call)).content.decode()
    assert "Start now" not in page
    assert "You cannot apply to this call with this account" in page
    assert role in page


def test_the_call_page_offers_start_now_to_applicants_and_to_readers(client, call, applicant):
    assert "Start now" in client.get(url("call", call)).content.decode()
    client.force_login(applicant)
    page = client.get(url("call", call)).content.decode()
    assert "Start now" in page
    assert "You cannot apply" not in page


@pytest.mark.parametrize(
    ("typed", "understood"),
    [
        ("£375 per day", "375.00"),
        ("375 a day", "375.00"),
        ("£375/day", "375.00"),
        ("375pd", "375.00"),
        ("GBP 1,200.50 per day", "1200.50"),
        ("375 daily", "375.00"),
    ],
)
def test_a_daily_rate_written_as_people_write_it_is_understood(typed, understood):
    assert parse_pounds(typed) == Decimal(understood)


@pytest.mark.parametrize("typed", ["375 per week", "about 375", "day", "£", "375 per day 2"])
def test_anything_else_is_refused_with_an_example(typed):
    assert parse_pounds(typed) is None


def test_withdraw_is_offered_only_once_submitted(signed_in, call, applicant, organisation):
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    task_list = signed_in.get(url("task-list", call)).content.decode()
    assert "Withdraw your expression of interest" not in task_list
    page = signed_in.get(url("withdraw", call)).content.decode()
    assert "There is nothing to withdraw" in page
    assert "govuk-button--warning" not in page
    response = signed_in.post(url("withdraw", call))
    assert "There is nothing to withdraw" in response.content.decode()
    eoi.refresh_from_db()
    assert eoi.is_draft
    application.submit(eoi, by=applicant)
    task_list = signed_in.get(url("task-list", call)).content.decode()
    assert "Withdraw your expression of interest" in task_list


def test_a_too_long_expression_of_interest_says_so_from_the_task_list_to_the_check_page(
    signed_in, applicant, organisation
):
    from tests.eoi.conftest import words

    call = make_call("too-long", page_limit=1)
    fill(application.start(call, organisation, by=applicant), applicant, lambda c: words(900))
    task_list = signed_in.get(url("task-list", call)).content.decode()
    assert "Too long" in task_list
    assert "Ready to check" not in task_list
    check = html.unescape(signed_in.get(url("check", call)).content.decode())
    top = check.split('<h2 class="govuk-heading-m">Length</h2>')[0]
    assert "Your expression of interest is too long" in top
    assert "Criterion number 1: 900 words (guidance 200)" in top
    assert "You cannot submit it yet" in check
    assert "There is no button to continue because your expression of interest is too long" in check
    assert "Continue to declaration" not in check


def test_after_submitting_every_page_says_when_and_what_a_change_needs(
    signed_in, call, applicant, organisation
):
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    confirmation = signed_in.get(url("confirmation", call)).content.decode()
    assert f'href="{url("submitted-pdf", call)}"' in confirmation
    assert "You submitted it at" in confirmation
    for page in (url("task-list", call), url("criterion", call, position=1), url("call", call)):
        text = signed_in.get(page).content.decode()
        assert "You submitted this expression of interest at" in text, page
        assert "submit it again before" in text, page
    criterion = call.criteria.get(position=1)
    application.save_answer(eoi, criterion, text="A better answer.", version=1, by=applicant)
    text = signed_in.get(url("task-list", call)).content.decode()
    assert "and have changed it since" in text
    call_page = signed_in.get(url("call", call)).content.decode()
    assert "Continue with your expression of interest" in call_page
    assert "Start now" not in call_page
