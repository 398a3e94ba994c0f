"""The programme team manages people in the portal's own pages: roles, organisations and a lost
authenticator app, each change audit-logged, with the rules that keep the portal runnable."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import people, roles
from accounts.models import Membership, Organisation, RecoveryCodes
from audit.models import Event
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(role_users):
    return role_users[roles.PROGRAMME_MANAGER]


def _text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def logged(django_capture_on_commit_callbacks):
    """Run the audit log's writes, which wait for the transaction to commit."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def test_roles_are_set_and_logged_with_who_changed_them(manager, applicant, logged):
    added, removed = logged(people.set_roles, applicant, [roles.ASSESSOR], by=manager)
    assert (added, removed) == ({roles.ASSESSOR}, {roles.APPLICANT})
    applicant.refresh_from_db()
    assert applicant.role_names == [roles.ASSESSOR]
    event = Event.objects.get(action="accounts.roles_changed")
    assert event.user == manager
    assert event.summary == (
        f"{applicant.email}: given {roles.ASSESSOR}; no longer {roles.APPLICANT}"
    )
    with pytest.raises(people.PeopleError, match="no role called Emperor"):
        people.set_roles(applicant, ["Emperor"], by=manager)


def test_nobody_removes_their_own_manager_role_and_the_last_manager_keeps_it(manager):
    with pytest.raises(people.PeopleError, match="cannot take away your own"):
        people.set_roles(manager, [roles.ASSESSOR], by=manager)
    other = make_user("second-manager@test.example", roles.PROGRAMME_MANAGER)
    people.set_roles(other, [], by=manager)  # another remains (the manager themself)
    other.refresh_from_db()
    assert other.role_names == []
    lone = make_user("lone@test.example", roles.PROGRAMME_MANAGER)
    manager.is_active = False
    manager.save()
    with pytest.raises(people.PeopleError, match="only programme manager"):
        people.set_roles(lone, [], by=other)
    assert lone.role_names == [roles.PROGRAMME_MANAGER]


def test_memberships_are_added_once_and_removed(manager, applicant, logged):
    council = make_organisation("Northgate Council", kind="commissioner")
    logged(people.add_membership, applicant, council, by=manager)
    with pytest.raises(people.PeopleError, match="already acts for Northgate Council"):
        people.add_membership(applicant, council, by=manager)
    membership = Membership.objects.get(user=applicant, organisation=council)
    logged(people.remove_membership, membership, by=manager)
    assert not Membership.objects.filter(user=applicant, organisation=council).exists()
    assert list(
        Event.objects.filter(action__startswith="accounts.membership").values_list(
            "action", flat=True
        )
    ) == ["accounts.membership_removed", "accounts.membership_added"]


def test_a_lost_authenticator_is_removed_with_its_recovery_codes(manager, role_users, logged):
    assessor = role_users[roles.ASSESSOR]
    TOTPDevice.objects.create(user=assessor, name="Phone", confirmed=True)
    RecoveryCodes.objects.create(user=assessor, name="Recovery codes", confirmed=True)
    logged(people.remove_authenticator, assessor, by=manager)
    assert not TOTPDevice.objects.filter(user=assessor).exists()
    assert not RecoveryCodes.objects.filter(user=assessor).exists()
    removed_by = Event.objects.get(action="accounts.authenticator_removed_for")
    assert removed_by.user == manager
    assert Event.objects.filter(action="accounts.two_factor_removed", user=assessor).exists()
    with pytest.raises(people.PeopleError, match="no authenticator app"):
        people.remove_authenticator(assessor, by=manager)


def test_the_pages_list_find_and_change_people(client, manager, applicant, organisation):
    client.force_login(manager)
    listing = client.get(reverse("accounts:people"), {"q": applicant.email[:5]})
    assert applicant.email in listing.content.decode()
    assert manager.email not in listing.content.decode()
    by_role = _text(client.get(reverse("accounts:people"), {"role": roles.APPLICANT}))
    assert applicant.email in by_role

    url = reverse("accounts:person", args=[applicant.pk])
    response = client.post(url, {"action": "roles", "roles": [roles.APPLICANT, roles.AUTHOR]})
    assert response["Location"] == url
    applicant.refresh_from_db()
    assert set(applicant.role_names) == {roles.APPLICANT, roles.AUTHOR}

    refused = client.post(
        reverse("accounts:person", args=[manager.pk]), {"action": "roles", "roles": []}
    )
    assert refused.status_code == 400
    text = _text(refused)
    assert "There is a problem" in text
    assert "You cannot take away your own programme manager role" in text
    assert '<a href="#roles">' in refused.content.decode()
    # What was ticked is shown again: here, nothing (the manager had unticked every role).
    assert refused.context["roles"] == [
        (role, roles.DESCRIPTIONS[role], False) for role in roles.ALL_ROLES
    ]
    kept = client.post(
        reverse("accounts:person", args=[manager.pk]),
        {"action": "roles", "roles": [roles.ASSESSOR, roles.AUTHOR]},
    )
    assert kept.status_code == 400
    assert {role for role, _, ticked in kept.context["roles"] if ticked} == {
        roles.ASSESSOR,
        roles.AUTHOR,
    }
    manager.refresh_from_db()
    assert roles.PROGRAMME_MANAGER in manager.role_names

    council = make_organisation("Westbrook Council", kind="commissioner")
    empty = client.post(url, {"action": "add_membership", "organisation": ""})
    assert "Choose the organisation" in _text(empty)
    client.post(url, {"action": "add_membership", "organisation": council.pk})
    assert Membership.objects.filter(user=applicant, organisation=council).exists()
    page = client.get(reverse("accounts:organisation", args=[council.pk]))
    assert applicant.full_name in _text(page)
    assert "Westbrook Council" in _text(client.get(reverse("accounts:organisations")))


def test_removing_an_authenticator_asks_first(client, manager, role_users):
    assessor = role_users[roles.ASSESSOR]
    TOTPDevice.objects.create(user=assessor, name="Phone", confirmed=True)
    client.force_login(manager)
    url = reverse("accounts:person", args=[assessor.pk])
    ask = client.post(url, {"action": "remove_authenticator"})
    assert "Are you sure you want to remove" in _text(ask)
    assert TOTPDevice.objects.filter(user=assessor).exists()
    client.post(url, {"action": "remove_authenticator", "confirm": "yes"})
    assert not TOTPDevice.objects.filter(user=assessor).exists()


def test_nobody_else_reaches_the_people_pages(client, role_users, applicant):
    for role in (roles.APPLICANT, roles.ASSESSOR, roles.COORDINATOR, roles.AUTHOR):
        client.force_login(role_users[role])
        url = reverse("accounts:person", args=[applicant.pk])
        assert (
            client.post(url, {"action": "roles", "roles": [roles.PROGRAMME_MANAGER]}).status_code
            == 403
        )
    applicant.refresh_from_db()
    assert applicant.role_names == [roles.APPLICANT]


def test_organisations_are_added_and_corrected(client, manager, organisation, logged):
    client.force_login(manager)
    new = reverse("accounts:organisation-new")
    empty = client.post(new, {})
    assert "Enter the organisation&#x27;s name" in empty.content.decode()
    unruly = client.post(new, {"name": "Not Really", "kind": "dpulo", "region": "london"})
    assert "A DPULO must be run by and for disabled people" in unescape(unruly.content.decode())
    twin = client.post(
        new, {"name": organisation.name.upper(), "kind": "commissioner", "region": "london"}
    )
    assert f"There is already an organisation called {organisation.name.upper()}" in unescape(
        twin.content.decode()
    )
    with_logging = logged(
        client.post,
        new,
        {"name": "Westbrook Council", "kind": "commissioner", "region": "north_west"},
    )
    council = Organisation.objects.get(name="Westbrook Council")
    assert with_logging["Location"] == reverse("accounts:organisation", args=[council.pk])
    edit = reverse("accounts:organisation-edit", args=[council.pk])
    client.post(
        edit,
        {
            "name": "Westbrook Borough Council",
            "kind": "commissioner",
            "region": "north_west",
            "website": "https://westbrook.example.gov.uk",
        },
    )
    council.refresh_from_db()
    assert council.name == "Westbrook Borough Council"
    assert council.website == "https://westbrook.example.gov.uk"
    assert Event.objects.filter(action="accounts.organisation_added", user=manager).exists()


def test_saving_the_same_roles_says_nothing_changed(client, manager, applicant):
    client.force_login(manager)
    url = reverse("accounts:person", args=[applicant.pk])
    page = client.post(url, {"action": "roles", "roles": [roles.APPLICANT]}, follow=True)
    assert f"Nothing changed: {applicant.full_name} has the same roles as before" in _text(page)
    assert not Event.objects.filter(action="accounts.roles_changed").exists()
