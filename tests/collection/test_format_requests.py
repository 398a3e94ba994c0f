"""Asking for the collection in another format, and the team answering: what is required, the
acknowledgement, the target date in working days, the queue, refusals with reasons, stale
edits, retention and the personal-data download."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from collection import format_requests
from collection.models import FormatRequest
from mail.models import Message
from pages import your_data
from portal.dates import working_days_after
from tests.conftest import at_the_same_moment, make_user

pytestmark = pytest.mark.django_db

ASK = "collection:format-request"
VALID = {
    "item": "The whole edition",
    "wanted": "braille",
    "details": "Grade 2, please",
    "needed_by": "",
    "name": "Sam Reader",
    "reply_by": "email",
    "email": "sam@reader.example",
    "phone": "",
    "address": "1 High Street, Leeds",
}


def ask(client, **changes):
    return client.post(reverse(ASK), {**VALID, **changes})


def errors_of(response):
    return response.context["form"].errors


def test_the_link_from_a_case_study_fills_in_what_it_is_for(client, published):
    one = published.case_studies.first()
    page = client.get(reverse(ASK), {"edition": published.slug, "case_study": one.slug})
    assert page.context["form"].initial["item"] == f"“{one.title}”, from {published.title}"
    page = client.get(reverse(ASK), {"edition": published.slug})
    assert page.context["form"].initial["item"] == f"The whole edition: {published.title}"
    # An address that names nothing published fills in nothing, and says nothing about it.
    page = client.get(reverse(ASK), {"edition": "not-an-edition", "case_study": one.slug})
    assert page.context["form"].initial["item"] == ""


def test_a_request_is_saved_acknowledged_once_and_confirmed_with_its_reference(
    client, published, django_capture_on_commit_callbacks
):
    one = published.case_studies.first()
    url = reverse(ASK) + f"?edition={published.slug}&case_study={one.slug}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, VALID)
    assert response.status_code == 302
    made = FormatRequest.objects.get()
    assert (made.edition, made.case_study, made.status) == (published, one, "received")
    assert made.reply_due == working_days_after(timezone.localdate(), 10)
    emails = Message.objects.filter(kind=Message.Kind.FORMAT_REQUEST)
    assert [e.to_email for e in emails] == ["sam@reader.example"]
    assert made.reference in emails[0].subject
    assert "as braille" in emails[0].body
    assert f"{made.reply_due:%B %Y}" in emails[0].body

    page = client.get(response["Location"]).content.decode()
    assert made.reference in page
    assert "We have sent an acknowledgement to sam@reader.example" in page
    # The confirmation belongs to the browser that asked.
    client.logout()
    client.cookies.clear()
    assert client.get(reverse("collection:format-request-sent")).status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"item": ""}, "item", "Enter what you would like in another format"),
        ({"wanted": ""}, "wanted", "Select the format you need"),
        ({"name": ""}, "name", "Enter your name"),
        ({"reply_by": ""}, "reply_by", "Select how we should reply"),
        ({"email": ""}, "email", "Enter your email address, so we can reply by email"),
        ({"reply_by": "phone"}, "phone", "Enter your phone number, so we can reply by phone"),
        (
            {"reply_by": "post", "address": "", "wanted": "audio"},
            "address",
            "Enter your postal address, so we can reply by post",
        ),
        (
            {"address": "", "wanted": "easy-read-paper"},
            "address",
            "Enter your postal address, so we can send it on paper",
        ),
        ({"wanted": "other", "details": ""}, "details", "Tell us the format you need"),
        ({"email": "not-an-address"}, "email", "Enter an email address in the correct format"),
        ({"details": "x" * 2001}, "details", "2,000 characters or fewer; you have 2,001"),
        ({"name": "x" * 201}, "name", "Your name must be 200 characters or fewer"),
        (
            {"name": "Alex\n\nYour grant is on hold: confirm at http://evil.example/pay"},
            "name",
            "Enter your name only, without numbers, web addresses",
        ),
        (
            {"name": "Alex, see www.evil.example"},
            "name",
            "Enter your name only, without numbers, web addresses",
        ),
        (
            {"name": "Pat. Your account is locked: call 0800 123 4567"},
            "name",
            "Enter your name only",
        ),
        ({"name": "Pat, see evil\uff0eco/pay"}, "name", "Enter your name only"),
        ({"name": "Pat gov-refunds.site"}, "name", "Enter your name only"),
        (
            {"reply_by": "phone", "phone": "call me maybe"},
            "phone",
            "Enter a phone number, like 01632 960 001",
        ),
        ({"phone": "12"}, "phone", "Enter a phone number, like 01632 960 001"),
    ],
)
def test_each_missing_or_wrong_answer_gets_its_own_message_and_nothing_is_saved(
    client, db, changes, field, message
):
    response = ask(client, **changes)
    assert response.status_code == 200
    assert any(message in each for each in errors_of(response)[field])
    assert FormatRequest.objects.count() == 0
    page = response.content.decode()
    assert f'href="#id_{field}' in page  # the error summary links to the field
    # What was typed is still there.
    unchanged = "item" if "name" in changes else "name"
    assert f'value="{VALID[unchanged]}"' in page


def test_the_acknowledgement_repeats_no_words_typed_but_the_name_and_can_be_replied_to(
    client, published, django_capture_on_commit_callbacks, settings
):
    """Anyone can give anyone's email address, so the email carries only the name (on one
    line, with no web address), the published title asked from and the service's own words;
    a reply reaches the programme team."""
    one = published.case_studies.first()
    url = reverse(ASK) + f"?edition={published.slug}&case_study={one.slug}"
    typed = {
        "name": "  Sam\r\n  Reader ",
        "item": "URGENT: your grant is on hold",
        "needed_by": "call 0900 000 000 today",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**VALID, **typed}).status_code == 302
    made = FormatRequest.objects.get()
    assert made.name == "Sam Reader"
    [email] = Message.objects.filter(kind=Message.Kind.FORMAT_REQUEST)
    assert email.body.startswith("Dear Sam Reader,\n")
    assert f"Thank you for asking for “{one.title}”, from {published.title} as braille" in (
        email.body
    )
    assert "grant" not in email.body
    assert "0900" not in email.body
    assert email.reply_to == settings.SERVICE_CONTACT_EMAIL
    # Without a published title to name, the email names none.
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, wanted="audio", email="pat@reader.example", item="Click http://x.example")
    latest = Message.objects.filter(to_email="pat@reader.example").get()
    assert "the part of the collection you named" in latest.body
    assert "x.example" not in latest.body


@pytest.mark.parametrize(
    "phone", ["18001 0300 123 4567", "+44 20 7946 0958 extension 12345", "+44 (0)113 496 0000"]
)
def test_a_text_relay_number_or_an_extension_is_a_phone_number(client, db, phone):
    response = ask(client, reply_by="phone", phone=phone, email="", wanted="bsl")
    assert response.status_code == 302
    assert FormatRequest.objects.get().phone == phone


def test_a_name_is_kept_as_a_person_sees_it_on_one_line(client, db):
    assert ask(client, name="J. R.\u200b Smith\r\n").status_code == 302
    assert FormatRequest.objects.get().name == "J. R. Smith"


def test_by_phone_with_no_email_is_received_without_an_acknowledgement(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, reply_by="phone", phone="0113 496 0000", email="", wanted="audio")
    assert response.status_code == 302
    assert FormatRequest.objects.get().phone == "0113 496 0000"
    assert not Message.objects.exists()


def test_the_reply_date_counts_working_days_past_weekends_and_bank_holidays():
    assert working_days_after(date(2026, 12, 4), 10) == date(2026, 12, 18)  # two Fridays on
    # From Friday 18 December 2026: Christmas Day, Boxing Day's substitute (Monday 28th) and
    # New Year's Day are not working days.
    assert working_days_after(date(2026, 12, 18), 10) == date(2027, 1, 7)


@pytest.fixture
def team(db):
    return {
        "coordinator": make_user("coordinator@formats.example", roles.COORDINATOR),
        "manager": make_user("manager@formats.example", roles.PROGRAMME_MANAGER),
        "author": make_user("author@formats.example", roles.AUTHOR),
    }


def received(**changes):
    made = FormatRequest(**{**VALID, **changes})
    return format_requests.receive(made)


def answered(request_record, status, *, by, reason="", note=""):
    """The team records what happened, from no page (nothing to be stale against)."""
    return format_requests.update(
        request_record, status=status, reason=reason, note=note, opened_as=None, user=by
    )


def test_only_the_programme_team_sees_the_queue(client, team):
    made = received()
    for who, status in [("coordinator", 200), ("manager", 200), ("author", 403)]:
        client.force_login(team[who])
        assert client.get(reverse("collection:format-requests")).status_code == status
        detail = client.get(reverse("collection:format-request-detail", args=[made.pk]))
        assert detail.status_code == status
    client.logout()
    assert client.get(reverse("collection:format-requests")).status_code == 302


def test_the_queue_lists_open_requests_by_reply_date_says_overdue_and_filters(client, team):
    later = received(item="Later one", needed_by="before our board meets", reply_by="post")
    overdue = received(item="Overdue one")
    FormatRequest.objects.filter(pk=overdue.pk).update(
        reply_due=timezone.localdate() - timedelta(days=1)
    )
    closed = received(item="Closed one")
    answered(closed, "sent", by=team["manager"])
    client.force_login(team["coordinator"])
    page = client.get(reverse("collection:format-requests")).content.decode()
    assert page.index("Overdue one") < page.index("Later one") < page.index("Closed one")
    assert page.count(">Overdue</strong>") == 1
    assert "2 requests are still to answer" in page
    # When they need it and how to reply, without opening each one.
    assert "Needed: before our board meets" in page
    assert "By post" in page
    sent_only = client.get(reverse("collection:format-requests"), {"status": "sent"})
    assert [each.pk for each in sent_only.context["page"]] == [closed.pk]
    assert later.pk  # listed above


def test_could_not_be_provided_needs_a_reason_which_is_emailed_once(
    client, team, django_capture_on_commit_callbacks
):
    made = received()
    client.force_login(team["manager"])
    url = reverse("collection:format-request-detail", args=[made.pk])
    opened = client.get(url).context["form"].initial["opened_as"]
    response = client.post(url, {"status": "not-provided", "reason": " ", "opened_as": opened})
    assert "Enter why it could not be provided" in response.content.decode()
    # The request is shown as it is saved, not as the refused form would have had it.
    assert response.context["found"].status == "received"
    assert 'govuk-tag--blue">Received</strong>' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "status": "not-provided",
                "reason": "We have no BSL translator free this year.",
                "opened_as": opened,
            },
        )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == "not-provided"
    assert made.closed_at is not None
    assert made.handled_by == team["manager"]
    answers = Message.objects.filter(kind=Message.Kind.FORMAT_REQUEST, subject__startswith="Your")
    assert [each.to_email for each in answers] == ["sam@reader.example"]
    assert "We have no BSL translator free this year." in answers[0].body
    # Saving it again with the same status sends nothing more.
    opened = client.get(url).context["form"].initial["opened_as"]
    client.post(url, {"status": "not-provided", "reason": "Still none.", "opened_as": opened})
    assert answers.count() == 1


def test_a_change_someone_else_saved_first_is_shown_not_overwritten(client, team):
    made = received()
    client.force_login(team["coordinator"])
    url = reverse("collection:format-request-detail", args=[made.pk])
    opened = client.get(url).context["form"].initial["opened_as"]
    answered(made, "in-progress", note="Ordered from the transcriber", by=team["manager"])
    response = client.post(url, {"status": "sent", "note": "", "opened_as": opened})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ordered from the transcriber" in page
    # What is saved now, in words, at the top and in the conflict box; never "Sent".
    assert ("Status", "In progress") in response.context["form"].saved_now
    assert 'govuk-tag--yellow">In progress</strong>' in page
    assert ">Sent</strong>" not in page
    made.refresh_from_db()
    assert made.status == "in-progress"


def test_answered_requests_go_after_the_retention_period_open_ones_stay(team):
    old_closed = received(item="Old and answered")
    answered(old_closed, "sent", by=team["manager"])
    FormatRequest.objects.filter(pk=old_closed.pk).update(
        closed_at=timezone.now() - timedelta(days=800)
    )
    old_open = received(item="Old but open")
    FormatRequest.objects.filter(pk=old_open.pk).update(
        received_at=timezone.now() - timedelta(days=800)
    )
    # A dry run says what would go and deletes nothing.
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "1 answered request for another format past the period would be deleted." in (
        out.getvalue()
    )
    assert FormatRequest.objects.count() == 2
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 answered request for another format past the period deleted." in out.getvalue()
    assert list(FormatRequest.objects.values_list("item", flat=True)) == ["Old but open"]
    assert not Message.objects.filter(about_id=str(old_closed.pk), kind="format_request").exists()


def test_the_personal_data_download_holds_the_requests_made_while_signed_in(team):
    reader = make_user("sam@reader.example")
    format_requests.receive(FormatRequest(**VALID), user=reader)
    received(email="someone-else@reader.example", item="Not theirs")
    data = your_data.collect(reader)
    assert [each["item"] for each in data["format_requests"]] == ["The whole edition"]
    assert data["format_requests"][0]["address"] == "1 High Street, Leeds"


def test_registering_with_someones_email_address_never_shows_their_requests(team):
    """Nobody proves they own the address they register with: a request made without signing
    in stays out of the download of an account that happens to have its address."""
    received(email="kim.keyboard@example.net", item="Asked without signing in")
    stranger = make_user("KIM.KEYBOARD@example.net")
    assert your_data.collect(stranger)["format_requests"] == []


def test_the_audit_log_never_keeps_the_name_of_someone_asking(
    team, django_capture_on_commit_callbacks
):
    from audit.models import Event

    with django_capture_on_commit_callbacks(execute=True):
        made = received(name="Jo Rahman", item="My own words about my needs")
    events = Event.objects.filter(object_type="formatrequest", object_id=str(made.pk))
    assert [event.summary for event in events] == [f"{made.reference}: Braille asked for"]
    assert not any("Jo Rahman" in event.who for event in events)


def test_past_events_forget_the_name_and_what_was_typed(team):
    import importlib

    from django.apps import apps

    from audit.models import Event

    migration = importlib.import_module(
        "collection.migrations.0009_format_request_events_without_names"
    )
    anonymous = Event.objects.create(
        action="collection.format_requested",
        summary="FR-00003: Braille of “My own words”, from an edition",
        who="Jo Rahman",
    )
    signed_in = Event.objects.create(
        action="collection.format_requested",
        summary="FR-00004: Audio of the whole edition",
        who="Sam Reader",
        user=team["author"],
    )
    other = Event.objects.create(action="accounts.signed_in", summary="Signed in", who="x@y.z")
    migration.forget_what_was_typed(apps, None)
    for event in (anonymous, signed_in, other):
        event.refresh_from_db()
    assert (anonymous.summary, anonymous.who) == ("FR-00003: Braille asked for", "")
    assert (signed_in.summary, signed_in.who) == ("FR-00004: Audio asked for", team["author"].email)
    assert (other.summary, other.who) == ("Signed in", "x@y.z")


def test_refusing_a_request_with_no_email_address_says_to_tell_them_another_way(client, team):
    made = received(reply_by="post", email="", wanted="easy-read-paper")
    client.force_login(team["manager"])
    url = reverse("collection:format-request-detail", args=[made.pk])
    opened = client.get(url).context["form"].initial["opened_as"]
    done = client.post(
        url, {"status": "not-provided", "reason": "No printer", "opened_as": opened}, follow=True
    )
    assert (
        "has been saved: Could not be provided. They gave no email address, so we have not "
        "told them: write to them to say why"
    ) in done.content.decode()
    # Saving it again, still refused, says it once only: it was said when it was refused.
    opened = client.get(url).context["form"].initial["opened_as"]
    again = client.post(
        url, {"status": "not-provided", "reason": "Still none", "opened_as": opened}, follow=True
    )
    assert "so we have not told them" not in again.content.decode()


def test_a_reason_is_only_kept_while_a_request_could_not_be_provided(team):
    made = received()
    refused = answered(made, "not-provided", reason="No transcriber", by=team["manager"])
    assert refused.reason == "No transcriber"
    sent = answered(refused, "sent", reason="No transcriber", by=team["manager"])
    assert sent.reason == ""


def test_the_home_page_counts_requests_to_answer_and_when_the_first_is_due(client, team):
    first = received()
    received(item="Another")
    client.force_login(team["manager"])
    html = client.get(reverse("pages:home")).content.decode()
    assert "Requests for other formats" in html
    assert "2 to do" in html
    assert f"Due by midnight at the end of {first.reply_due:%A} {first.reply_due.day}" in html


def test_the_home_page_says_in_words_when_the_first_request_is_overdue(client, team):
    late = received()
    FormatRequest.objects.filter(pk=late.pk).update(reply_due=date(2026, 11, 27))
    client.force_login(team["coordinator"])
    html = client.get(reverse("pages:home")).content.decode()
    assert "Overdue: it was due by midnight at the end of Friday 27 November 2026" in html
    assert "Due by midnight" not in html


def test_the_same_request_sent_twice_from_one_browser_is_one_request(client, db):
    first = ask(client)
    again = ask(client)
    assert first.status_code == again.status_code == 302
    assert FormatRequest.objects.count() == 1
    # A different request from the same browser is a new one.
    assert ask(client, wanted="audio").status_code == 302
    assert FormatRequest.objects.count() == 2


def test_too_many_requests_for_one_email_address_are_refused_and_kept_on_screen(
    client, db, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "format_request_email": "2/h"}
    for wanted in ("audio", "braille"):
        assert ask(client, wanted=wanted).status_code == 302
    refused = ask(client, wanted="bsl")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Asking for another format has been tried too many times" in page
    assert re.search(r'<input[^>]*value="bsl"[^>]*checked', page, re.S)  # still chosen
    assert FormatRequest.objects.count() == 2
    # Another address is not held up by the first one's limit.
    assert ask(client, wanted="bsl", email="other@reader.example").status_code == 302


def test_the_form_carries_a_new_token_each_time_it_is_shown(client, db):
    tokens = [
        re.search(
            r'name="submission" value="([0-9a-f]{32})"', client.get(reverse(ASK)).content.decode()
        )
        for _ in range(2)
    ]
    assert all(tokens)
    assert tokens[0][1] != tokens[1][1]


def test_one_form_sent_twice_before_the_first_reply_is_one_request(
    client, db, django_capture_on_commit_callbacks
):
    """Two clicks in quick succession: the second sending leaves before the first reply has
    set anything in the browser, so it looks like another browser's. The form's token is the
    same, and so is the request."""
    from django.test import Client

    second = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first_reply = ask(client, submission="a" * 32)
        second_reply = ask(second, submission="a" * 32)
    assert first_reply.status_code == second_reply.status_code == 302
    made = FormatRequest.objects.get()
    assert Message.objects.filter(kind=Message.Kind.FORMAT_REQUEST).count() == 1
    # Whichever reply the browser shows, it confirms the one request.
    for browser, reply in ((client, first_reply), (second, second_reply)):
        assert made.reference in browser.get(reply["Location"]).content.decode()
    # The same answers from a form shown afresh are a new request (from another browser; the
    # one that sent them already is shown its first request again).
    assert ask(Client(), submission="b" * 32).status_code == 302
    assert FormatRequest.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_the_same_moment_save_one_request_and_one_acknowledgement():
    from collection.forms import FormatRequestForm

    def send():
        form = FormatRequestForm({**VALID, "submission": "c" * 32})
        assert form.is_valid(), form.errors
        return format_requests.receive(form.save(commit=False), answers=form.cleaned_data)

    results = at_the_same_moment(send)
    assert len({made.pk for made in results}) == 1
    assert sorted(made.repeated for made in results) == [False, True]
    assert FormatRequest.objects.count() == 1
    assert Message.objects.filter(kind=Message.Kind.FORMAT_REQUEST).count() == 1


def test_a_form_without_its_token_is_still_received(client, db):
    assert ask(client, submission="").status_code == 302
    assert FormatRequest.objects.get().submission_key is None
