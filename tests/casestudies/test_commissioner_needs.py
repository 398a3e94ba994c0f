"""The commissioner's contact has no account, so they say their access needs from the page
their sign-off link opens, while it works. The coordinator sees them on the case study and
nobody else does; large print gives them large-type emails and the large-print edition; they
are deleted when another contact is named, and by the retention rules."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from audit.models import Event
from casestudies import commissioner_needs, links, scoping
from casestudies.models import CommissionerAccessNeeds
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

SAID = {
    "contact": "phone",
    "phone": "0161 496 0999",
    "contact_other": "",
    "documents": "large_print",
    "documents_other": "",
    "support": ["bsl"],
    "support_other": "",
    "more_time": "yes",
    "more_time_other": "",
}
VALUES = SAID | {"more_time": True}


@pytest.fixture
def token(approved, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return links.request_commissioner_sign_off(approved, by=coordinator)


def needs_url(token):
    return reverse("casestudies:commissioner-access-needs", args=[token])


def say(client, token, data=SAID, opened_as=None):
    if opened_as is None:
        opened_as = client.get(needs_url(token)).context["form"].initial["opened_as"]
    return client.post(needs_url(token), data | {"opened_as": opened_as})


def test_the_sign_off_email_and_page_offer_it(client, token):
    email = mail.outbox[-1]
    assert "tell the coordinator from the same page" in email.body
    page = client.get(reverse("casestudies:commissioner-sign-off", args=[token])).content.decode()
    assert needs_url(token) in page
    assert "Tell the coordinator about your access needs" in page
    response = client.get(needs_url(token))
    assert response.status_code == 200
    assert "Your access needs" in response.content.decode()
    assert not CommissionerAccessNeeds.objects.exists()  # reading never saves


def test_saved_needs_reach_the_coordinator_only(
    client, token, approved, coordinator, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = say(client, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("casestudies:commissioner-sign-off", args=[token])
    needs = CommissionerAccessNeeds.objects.get(case_study=approved)
    assert (needs.email, needs.contact, needs.support) == (
        "pat.jones@northgate.example.gov.uk",
        "phone",
        ["bsl"],
    )
    page = client.get(reverse("casestudies:commissioner-sign-off", args=[token])).content.decode()
    assert "Check or change your access needs" in page
    event = Event.objects.get(action="casestudies.commissioner_needs_saved")
    assert event.who == "pat.jones@northgate.example.gov.uk"
    assert "bsl" not in event.summary.lower()
    assert "0161" not in event.summary

    detail = reverse("casestudies:case-study", args=[approved.pk])
    client.force_login(coordinator)
    html = client.get(detail).content.decode()
    assert "Pat Jones (Northgate City Council)" in html
    assert "A phone call on 0161 496 0999" in html
    assert "A British Sign Language (BSL) interpreter" in html
    client.force_login(author)
    assert b"0161 496 0999" not in client.get(detail).content
    client.force_login(make_user("pm@cs.example", roles.PROGRAMME_MANAGER))
    assert b"0161 496 0999" not in client.get(detail).content


def test_a_used_link_can_no_longer_change_them(client, token, approved):
    links.use_sign_off_link(token, name="Pat Jones", role="Head of commissioning")
    assert client.get(needs_url(token)).status_code == 410
    response = client.post(needs_url(token), SAID | {"opened_as": ""})
    assert response.status_code == 410
    assert not CommissionerAccessNeeds.objects.exists()


def test_a_save_over_a_change_made_meanwhile_is_refused_and_keeps_the_typing(client, token):
    opened_as = client.get(needs_url(token)).context["form"].initial["opened_as"]
    commissioner_needs.save(token, VALUES | {"contact": "post"})
    response = say(client, token, SAID | {"contact_other": "Afternoons only"}, opened_as)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this since you opened it" in html
    assert "Afternoons only" in html
    assert CommissionerAccessNeeds.objects.get().contact == "post"


def test_bad_input_gets_a_message_and_saves_nothing(client, token):
    response = say(client, token, SAID | {"phone": ""})
    assert response.status_code == 200
    assert "Enter the phone number to call, or choose another way" in response.content.decode()
    response = say(client, token, SAID | {"documents": ""})
    html = response.content.decode()
    # The error summary leads to the first option of the question.
    assert 'href="#id_documents_1"' in html
    assert 'id="id_documents_1"' in html
    assert not CommissionerAccessNeeds.objects.exists()


def test_removing_them_leaves_nothing(client, token, django_capture_on_commit_callbacks):
    say(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(needs_url(token), {"action": "remove"})
    assert response.status_code == 302
    assert not CommissionerAccessNeeds.objects.exists()
    assert Event.objects.filter(action="casestudies.commissioner_needs_removed").exists()


def test_large_print_sends_their_emails_in_large_type_too(
    client, token, approved, coordinator, django_capture_on_commit_callbacks
):
    assert not mail.outbox[-1].alternatives  # before they said so
    say(client, token)
    with django_capture_on_commit_callbacks(execute=True):
        links.request_commissioner_sign_off(approved, by=coordinator)
    html, kind = mail.outbox[-1].alternatives[0]
    assert kind == "text/html"
    assert "font-size:24px" in html


def test_a_new_contact_starts_with_nothing(client, token, approved):
    say(client, token)
    fields = {name: getattr(approved, name) for name in scoping.SCOPE_FIELDS}
    fields |= {
        "commissioner_contact_name": "Sam Lee",
        "commissioner_contact_email": "sam.lee@northgate.example.gov.uk",
    }
    scoping.update_scope(approved, fields, version=approved.scope_version)
    assert not CommissionerAccessNeeds.objects.exists()
    assert commissioner_needs.for_panel(approved) == []


def test_needs_said_for_an_earlier_address_are_never_shown(token, approved):
    commissioner_needs.save(token, VALUES)
    # Changed around the services (in the admin): the needs are not the new contact's.
    type(approved).objects.filter(pk=approved.pk).update(
        commissioner_contact_email="sam.lee@northgate.example.gov.uk"
    )
    approved.refresh_from_db()
    assert commissioner_needs.for_panel(approved) == []
    assert not commissioner_needs.wants_large_print(approved)


def test_the_retention_rules_delete_them(token, approved):
    commissioner_needs.save(token, VALUES)
    CommissionerAccessNeeds.objects.update(updated_at=timezone.now() - timedelta(days=400))
    said = io.StringIO()
    call_command("apply_retention", "--days", "365", "--dry-run", stdout=said)
    assert "Access needs of 1 commissioner's contact unchanged for the period would be" in (
        said.getvalue()
    )
    assert CommissionerAccessNeeds.objects.exists()
    call_command("apply_retention", "--days", "365", stdout=io.StringIO())
    assert not CommissionerAccessNeeds.objects.exists()


def test_recent_needs_are_kept_by_the_retention_rules(token, approved):
    commissioner_needs.save(token, VALUES)
    assert commissioner_needs.expire(days=365) == 0
    [shown] = commissioner_needs.for_panel(approved)
    assert shown.person.full_name == "Pat Jones (Northgate City Council)"
