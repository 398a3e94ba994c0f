"""Closing an account removes the person and keeps, anonymised, what others rely on."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.models import Event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_closing_needs_the_password_and_removes_the_person(client, applicant, organisation):
    from tests.eoi.conftest import closed_call_with

    _, [(eoi, submitter)] = closed_call_with("closing", ["Closing DPULO"])
    device = TOTPDevice.objects.create(user=submitter, name="App", confirmed=True)
    Event.objects.create(
        user=submitter,
        who=submitter.email,
        action="accounts.signed_in",
        summary="x",
        ip_address="1.2.3.4",
    )
    client.force_login(submitter)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # signed in with the second factor too
    session.save()
    wrong = client.post(reverse("accounts:delete"), {"password": "not it"})
    assert "Your password is not correct" in wrong.content.decode()
    assert User.objects.get(pk=submitter.pk).is_active

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:deleted")
    closed = User.objects.get(pk=submitter.pk)
    assert closed.full_name == "Deleted account"
    assert closed.email == f"deleted-{closed.pk}@deleted.invalid"
    assert not closed.is_active
    assert not closed.has_usable_password()
    assert not closed.groups.exists()
    assert not closed.memberships.exists()
    assert not TOTPDevice.objects.filter(user=closed).exists()
    assert not Event.objects.filter(who=submitter.email).exists()
    assert not Event.objects.filter(ip_address="1.2.3.4").exists()
    # What the organisation and the programme rely on stays, credited to "Deleted account".
    eoi.refresh_from_db()
    assert eoi.submitted_by == closed
    assert str(eoi.submitted_by) == "Deleted account"
    # Signed out everywhere, and cannot sign in again.
    assert client.get(reverse("pages:home")).status_code == 302
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(closed.pk) for s in Session.objects.all()
    )
    again = client.post(
        reverse("accounts:sign-in"), {"username": submitter.email, "password": PASSWORD}
    )
    assert again.status_code == 200  # the sign-in page again, with its error
    assert "_auth_user_id" not in client.session
