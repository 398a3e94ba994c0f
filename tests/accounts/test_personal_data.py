"""A person can download everything the portal holds about them, and nobody else's."""

import json

import pytest
from django.urls import reverse

from audit.models import Event

pytestmark = pytest.mark.django_db


def test_the_download_holds_my_data_and_not_anyone_elses(client, role_users, organisation):
    from accounts import roles

    applicant = role_users[roles.APPLICANT]
    other = role_users[roles.ASSESSOR]
    Event.objects.create(
        user=applicant, who=applicant.email, action="accounts.signed_in", summary="Mine"
    )
    Event.objects.create(user=other, who=other.email, action="accounts.signed_in", summary="Theirs")
    client.force_login(applicant)
    response = client.get(reverse("pages:personal-data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == applicant.email
    assert data["account"]["roles"] == ["Applicant"]
    assert data["organisations"][0]["name"] == organisation.name
    assert [a["summary"] for a in data["activity"]] == ["Mine"]
    assert other.email not in response.content.decode()


def test_it_lists_the_expressions_of_interest_i_submitted(client, db):
    from tests.eoi.conftest import closed_call_with

    _, [(eoi, applicant)] = closed_call_with("data-call", ["Alpha DPULO"])
    client.force_login(applicant)
    data = json.loads(client.get(reverse("pages:personal-data")).content)
    assert [e["reference"] for e in data["expressions_of_interest_submitted"]] == [eoi.reference]
    assert data["expressions_of_interest_submitted"][0]["organisation"] == "Alpha DPULO"


def test_it_says_whether_two_factor_is_on_but_never_the_secrets(client, applicant):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import two_factor

    device = TOTPDevice.objects.create(user=applicant, name="App", confirmed=True)
    codes = two_factor.make_recovery_codes(applicant)
    client.force_login(applicant)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get(reverse("pages:personal-data"))
    data = json.loads(response.content)
    assert data["account"]["two_factor"] == {"authenticator_app": True, "recovery_codes_unused": 10}
    body = response.content.decode()
    assert device.key not in body
    assert not any(code in body for code in codes)
