"""Access needs, said once under "Your account": saved with clear messages, never over a change
made meanwhile, shown only to the people who work with the person (never to an assessor of a
blind call, never to another organisation), honoured in emails and reminders, in the
personal-data download, and deleted once the person stops using the portal."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import access_needs, roles
from accounts.models import AccessNeeds
from audit.models import Event
from eoi import application
from mail import reminders
from mail.models import Message, Preference
from tests.casestudies import conftest as casestudies_fixtures
from tests.conftest import make_organisation, make_user
from tests.eoi import test_assessment
from tests.eoi.conftest import make_call

pytestmark = pytest.mark.django_db

URL = reverse("accounts:access-needs")

# A blind call with two submitted expressions of interest and an assessor at work on it.
closed_call = test_assessment.closed_call
open_call = test_assessment.open_call
assessor = test_assessment.assessor
# A case study being written, with its coordinator and author.
template = casestudies_fixtures.template
dpulo = casestudies_fixtures.dpulo
coordinator = casestudies_fixtures.coordinator
author = casestudies_fixtures.author
proposed = casestudies_fixtures.proposed
drafting = casestudies_fixtures.drafting

SAID = {
    "contact": "text_relay",
    "phone": "0161 496 0321",
    "contact_other": "Mornings are best.",
    "documents": "large_print",
    "documents_other": "",
    "support": ["captions", "breaks"],
    "support_other": "",
    "more_time": "yes",
    "more_time_other": "",
}


# The same, as the service takes it.
VALUES = SAID | {"more_time": True}


def form_of(response):
    return response.context["form"]


def post(client, data, opened_as=None):
    if opened_as is None:
        opened_as = form_of(client.get(URL)).initial["opened_as"]
    return client.post(URL, data | {"opened_as": opened_as})


def test_nothing_is_said_until_the_person_says_it(client, applicant):
    client.force_login(applicant)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Your access needs" in response.content.decode()
    assert "Remove my access needs" not in response.content.decode()
    assert not AccessNeeds.objects.exists()  # reading never saves
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Tell us your access needs" in account


def test_saving_shows_what_was_said_and_is_audit_logged_without_the_needs(
    client, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, SAID)
    assert response.status_code == 302
    needs = AccessNeeds.objects.get(user=applicant)
    assert needs.contact == "text_relay"
    assert needs.phone == "0161 496 0321"
    assert needs.support == ["captions", "breaks"]
    assert needs.more_time is True
    page = client.get(URL).content.decode()
    assert "Text relay (Relay UK) on 0161 496 0321" in page
    assert "Live captions; Regular breaks" in page
    assert "May need more time" in page
    event = Event.objects.get(action="accounts.access_needs_saved")
    assert event.user == applicant
    assert "captions" not in event.summary.lower()
    assert "relay" not in event.summary.lower()
    assert (
        "See or change your access needs"
        in client.get(reverse("accounts:account")).content.decode()
    )


def test_a_phone_call_needs_a_number(client, applicant):
    client.force_login(applicant)
    response = post(client, SAID | {"contact": "phone", "phone": "  "})
    assert response.status_code == 200
    assert "Enter the phone number to call, or choose another way" in response.content.decode()
    assert not AccessNeeds.objects.exists()


def test_over_long_text_is_refused_with_what_was_typed_kept(client, applicant):
    client.force_login(applicant)
    long = "x" * 501
    response = post(client, SAID | {"documents_other": long})
    html = response.content.decode()
    assert "Anything else about documents must be 500 characters or fewer" in html
    assert long in html
    assert not AccessNeeds.objects.exists()


def test_an_unknown_choice_is_refused(client, applicant):
    client.force_login(applicant)
    response = post(client, SAID | {"documents": "braille-please", "support": ["telepathy"]})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"documents", "support"}
    assert not AccessNeeds.objects.exists()


def test_a_save_over_a_change_made_in_another_tab_is_refused_and_keeps_the_typing(
    client, applicant
):
    client.force_login(applicant)
    first_tab = form_of(client.get(URL)).initial["opened_as"]
    second_tab = first_tab
    assert post(client, SAID, opened_as=first_tab).status_code == 302
    response = post(
        client, SAID | {"contact": "email", "contact_other": "Typed in the second tab"}, second_tab
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this since you opened it" in html
    assert "Typed in the second tab" in html
    assert AccessNeeds.objects.get(user=applicant).contact == "text_relay"
    # Saving again, knowingly, replaces it.
    again = form_of(response).data["opened_as"]
    assert post(client, SAID | {"contact": "email"}, again).status_code == 302
    assert AccessNeeds.objects.get(user=applicant).contact == "email"


def test_large_print_asks_for_the_large_type_emails_too(client, applicant):
    client.force_login(applicant)
    post(client, SAID | {"documents": "standard"})
    assert not Preference.objects.filter(user=applicant, format="large").exists()
    post(client, SAID)
    assert Preference.objects.get(user=applicant).format == Preference.Format.LARGE


def test_removing_them_leaves_nothing(client, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    post(client, SAID)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"action": "remove"}, follow=True)
    assert "Everything you told us about your access needs is removed" in (
        response.content.decode()
    )
    assert not AccessNeeds.objects.filter(user=applicant).exists()
    assert Event.objects.filter(action="accounts.access_needs_removed").count() == 1


def test_they_are_in_the_personal_data_download(client, applicant):
    client.force_login(applicant)
    post(client, SAID)
    data = json.loads(client.get(reverse("pages:personal-data")).content)
    assert data["access_needs"]["phone"] == "0161 496 0321"
    assert data["access_needs"]["support"] == ["captions", "breaks"]


# Who sees them ------------------------------------------------------------------------------


def test_the_programme_manager_sees_the_applicants_needs_and_an_assessor_never_does(
    client, open_call, assessor, role_users
):
    call, submitted = open_call
    eoi = submitted[0]
    applicant = eoi.organisation.memberships.get().user
    access_needs.save(applicant, VALUES)
    manager = role_users[roles.PROGRAMME_MANAGER]

    client.force_login(manager)
    moderate = client.get(reverse("eoi:manage-moderate", args=[call.slug, eoi.reference]))
    html = moderate.content.decode()
    assert "Access needs" in html
    assert "0161 496 0321" in html
    assert applicant.full_name in html
    other = client.get(reverse("eoi:manage-moderate", args=[call.slug, submitted[1].reference]))
    assert "0161 496 0321" not in other.content.decode()
    assert "has told us about access needs" in other.content.decode()

    client.force_login(assessor)
    client.post(reverse("eoi:assess-declare", args=[eoi.reference]), {"has_conflict": "no"})
    for url in (
        reverse("eoi:assessor-queue"),
        reverse("eoi:assess", args=[eoi.reference]),
        reverse("pages:home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "0161 496 0321" not in page
        assert "Access needs" not in page, url
    forbidden = client.get(reverse("eoi:manage-moderate", args=[call.slug, eoi.reference]))
    assert forbidden.status_code == 403
    assert b"0161 496 0321" not in forbidden.content


def test_another_organisation_never_sees_them(client, open_call, role_users):
    call, submitted = open_call
    applicant = submitted[0].organisation.memberships.get().user
    access_needs.save(applicant, VALUES)
    neighbour = submitted[1].organisation.memberships.get().user
    client.force_login(neighbour)
    for url in (
        reverse("eoi:manage-moderate", args=[call.slug, submitted[0].reference]),
        reverse("pages:home"),
        URL,
    ):
        assert b"0161 496 0321" not in client.get(url).content, url


def test_the_coordinator_sees_the_authors_needs_on_the_case_study(client, drafting, coordinator):
    access_needs.save(drafting.author, VALUES | {"more_time": False, "contact": "post"})
    client.force_login(coordinator)
    html = client.get(reverse("casestudies:case-study", args=[drafting.pk])).content.decode()
    assert "A letter by post, through my organisation" in html
    assert "Live captions; Regular breaks" in html
    client.force_login(drafting.author)
    html = client.get(reverse("casestudies:case-study", args=[drafting.pk])).content.decode()
    assert "Live captions" not in html  # the author's own page has no panel


# Honoured, and not kept for ever ------------------------------------------------------------


def test_someone_who_may_need_more_time_is_reminded_a_week_earlier(settings):
    settings.REMINDER_MORE_TIME_DAYS = 7
    closes = timezone.now() + timedelta(days=30)
    call = make_call("more-time", closes_at=closes)
    dpulo = make_organisation("More Time DPULO")
    needs_time = make_user("slow@more-time.example", roles.APPLICANT, dpulo)
    colleague = make_user("usual@more-time.example", roles.APPLICANT, dpulo)
    application.start(call, dpulo, by=colleague)
    access_needs.save(needs_time, {"more_time": True})

    assert reminders.send_due(closes - timedelta(days=14, hours=1)) == 0
    assert reminders.send_due(closes - timedelta(days=13, hours=23)) == 1
    first = Message.objects.get(kind="draft_reminder")
    assert first.to_email == needs_time.email
    assert "closes in 14 days" in first.subject
    assert reminders.send_due(closes - timedelta(days=7, hours=23)) == 1  # their 8
    assert reminders.send_due(closes - timedelta(days=6, hours=23)) == 1  # the colleague's 7
    assert Message.objects.filter(kind="draft_reminder", to_email=colleague.email).count() == 1
    assert reminders.send_due(closes - timedelta(days=6)) == 0  # nothing twice
    assert reminders.send_due(closes - timedelta(hours=23)) == 2  # the last one, for both
    assert Message.objects.filter(kind="draft_reminder", to_email=needs_time.email).count() == 3


def test_they_are_deleted_once_the_person_stops_signing_in(settings, applicant):
    settings.RETENTION_DAYS = 30
    gone = make_user("gone@test.example", roles.APPLICANT, applicant.organisations.first())
    access_needs.save(applicant, VALUES)
    access_needs.save(gone, VALUES)
    long_ago = timezone.now() - timedelta(days=31)
    AccessNeeds.objects.update(updated_at=long_ago)
    type(gone).objects.filter(pk=gone.pk).update(last_login=long_ago)
    type(applicant).objects.filter(pk=applicant.pk).update(last_login=timezone.now())

    out = []
    call_command("apply_retention", stdout=type("W", (), {"write": out.append})())
    assert any("Access needs of 1 person" in line for line in out)
    assert AccessNeeds.objects.filter(user=applicant).exists()
    assert not AccessNeeds.objects.filter(user=gone).exists()


def test_the_demo_has_an_applicant_with_access_needs(db):
    from demo.people import seed, seed_access_needs

    seed()
    seed_access_needs()
    seed_access_needs()  # idempotent
    needs = AccessNeeds.objects.get(user__email="applicant@example.org")
    assert needs.more_time
    assert needs.documents == "large_print"


def test_closing_the_account_removes_them_at_once(applicant):
    from accounts.deletion import delete_account

    access_needs.save(applicant, VALUES)
    delete_account(applicant)
    assert not AccessNeeds.objects.filter(user=applicant).exists()


def test_only_the_organisations_applicants_are_in_the_panel(client, open_call, role_users):
    call, submitted = open_call
    eoi = submitted[0]
    colleague = make_user("writer@test.example", roles.AUTHOR, eoi.organisation)
    access_needs.save(colleague, VALUES | {"phone": "0161 000 0000"})
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    html = client.get(
        reverse("eoi:manage-moderate", args=[call.slug, eoi.reference])
    ).content.decode()
    assert "0161 000 0000" not in html


def test_a_programme_manager_assessing_a_blind_call_does_not_see_them(
    client, open_call, role_users
):
    from eoi.models import Assignment

    call, submitted = open_call
    eoi = submitted[0]
    applicant = eoi.organisation.memberships.get().user
    access_needs.save(applicant, VALUES)
    manager = role_users[roles.PROGRAMME_MANAGER]
    Assignment.objects.create(expression_of_interest=eoi, assessor=manager)
    client.force_login(manager)
    html = client.get(
        reverse("eoi:manage-moderate", args=[call.slug, eoi.reference])
    ).content.decode()
    assert "0161 496 0321" not in html
    call.blind_assessment = False
    call.save()
    html = client.get(
        reverse("eoi:manage-moderate", args=[call.slug, eoi.reference])
    ).content.decode()
    assert "0161 496 0321" in html
