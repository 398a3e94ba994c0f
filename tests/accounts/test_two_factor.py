"""Two-factor sign-in: required for the programme team's roles, optional for others, throttled,
and never skipped by going straight to another page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_ROLES = [roles.PROGRAMME_MANAGER, roles.ASSESSOR]
    return settings.TWO_FACTOR_ROLES


def sign_in(client, user):
    response = client.post(
        reverse("accounts:sign-in"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_the_programme_team_must_set_it_up_before_anything_else(client, required, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code here is followed at once by a right one
    manager = make_user("manager@2fa.example", roles.PROGRAMME_MANAGER)
    sign_in(client, manager)
    for path in (reverse("accounts:home"), reverse("eoi:manage-calls"), "/admin/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:two-factor-setup") + "?next=")
    page = client.get(reverse("accounts:two-factor-setup"))
    assert "must sign in with a code" in page.content.decode()
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)

    wrong = client.post(reverse("accounts:two-factor-setup"), {"code": "000000"})
    assert "The code is not correct" in wrong.content.decode()
    response = client.post(
        reverse("accounts:two-factor-setup"),
        {"code": code_for(device), "next": reverse("eoi:manage-calls")},
    )
    assert response["Location"] == reverse("eoi:manage-calls")
    assert client.get(reverse("eoi:manage-calls")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_next_time_they_enter_a_code_after_their_password(client, required):
    assessor = make_user("assessor@2fa.example", roles.ASSESSOR)
    device = TOTPDevice.objects.create(user=assessor, name="App", confirmed=True)
    sign_in(client, assessor)
    response = client.get(reverse("eoi:assessor-queue"))
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    bad = client.post(reverse("accounts:two-factor-verify"), {"code": "12 34"})
    assert "Enter the code as 6 numbers" in bad.content.decode()
    response = client.post(
        reverse("accounts:two-factor-verify"),
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:home")  # never to another site
    assert client.get(reverse("eoi:assessor-queue")).status_code == 200


def test_wrong_codes_are_throttled(client, required):
    assessor = make_user("slow@2fa.example", roles.ASSESSOR)
    device = TOTPDevice.objects.create(user=assessor, name="App", confirmed=True)
    sign_in(client, assessor)
    client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    response = client.post(reverse("accounts:two-factor-verify"), {"code": "000001"})
    assert "Too many wrong codes" in response.content.decode()
    # Even the right code is refused while the wait lasts.
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code_for(device)})
    assert response.status_code == 200
    assert client.get(reverse("accounts:home")).status_code == 302


def test_others_need_no_code_unless_they_turned_it_on(client, required):
    applicant = make_user("applicant@2fa.example", roles.APPLICANT)
    sign_in(client, applicant)
    assert client.get(reverse("accounts:home")).status_code == 200
    client.post(reverse("accounts:sign-out"))
    TOTPDevice.objects.create(user=applicant, name="App", confirmed=True)
    sign_in(client, applicant)
    response = client.get(reverse("accounts:home"))
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))


def test_signing_out_and_public_pages_work_before_the_code(client, required):
    manager = make_user("out@2fa.example", roles.PROGRAMME_MANAGER)
    sign_in(client, manager)
    assert client.get(reverse("pages:privacy")).status_code == 200
    assert client.post(reverse("accounts:sign-out")).status_code == 302


def test_production_requires_it_for_the_programme_team_by_default():
    """With DEBUG off and nothing configured, managers and assessors must use it."""
    env = {k: v for k, v in os.environ.items() if k != "TWO_FACTOR_ROLES"}
    env.update(DEBUG="false", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="dpulo_portal.settings")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.TWO_FACTOR_ROLES)",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "['Programme manager', 'Assessor']"


def test_a_programme_manager_can_remove_a_lost_authenticator_in_the_admin(client):
    manager = make_user("admin@2fa.example", roles.PROGRAMME_MANAGER, is_staff=True)
    lost = TOTPDevice.objects.create(
        user=make_user("lost@2fa.example", roles.ASSESSOR), name="App", confirmed=True
    )
    client.force_login(manager)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
