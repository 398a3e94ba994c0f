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
from accounts.models import RecoveryCode
from audit.models import Event
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
    for path in (reverse("pages:home"), reverse("eoi:manage-calls"), "/admin/", "/audit/"):
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
    # The recovery codes are shown once, with the way on to the page that was asked for.
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert len(response.context["codes"]) == 10
    assert response.context["next_url"] == reverse("eoi:manage-calls")
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
    assert response["Location"] == reverse("pages:home")  # never to another site
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
    assert client.get(reverse("pages:home")).status_code == 302


def test_others_need_no_code_unless_they_turned_it_on(client, required):
    applicant = make_user("applicant@2fa.example", roles.APPLICANT)
    sign_in(client, applicant)
    assert client.get(reverse("pages:home")).status_code == 200
    client.post(reverse("accounts:sign-out"))
    TOTPDevice.objects.create(user=applicant, name="App", confirmed=True)
    sign_in(client, applicant)
    response = client.get(reverse("pages:home"))
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))


def test_signing_out_and_public_pages_work_before_the_code(client, required):
    manager = make_user("out@2fa.example", roles.PROGRAMME_MANAGER)
    sign_in(client, manager)
    assert client.get(reverse("pages:privacy")).status_code == 200
    assert client.post(reverse("accounts:sign-out")).status_code == 302


def test_production_requires_it_for_the_programme_team_and_coordinators_by_default():
    """With DEBUG off and nothing configured, managers, assessors and coordinators (who hold
    commissioners' contact details and record sign-offs) must use it."""
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
    assert result.stdout.strip() == "['Programme manager', 'Assessor', 'Coordinator']"


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


# The bypass an outside review found: with a password alone, open the set-up page instead of
# the code page, enrol a new app and so replace the owner's. None of it may work.


def signed_in_with_password_only(client, role=roles.PROGRAMME_MANAGER, **fields):
    user = make_user(f"owner-{role.split()[0].lower()}@2fa.example", role, **fields)
    device = TOTPDevice.objects.create(user=user, name="Owner's phone", confirmed=True)
    sign_in(client, user)
    return user, device


def test_with_an_authenticator_the_set_up_page_is_closed_to_a_password_only_session(
    client, required
):
    user, owners = signed_in_with_password_only(client)
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    # Posting a code for a new app straight at the set-up page changes nothing either.
    attacker = TOTPDevice.objects.create(user=user, name="Attacker", confirmed=False)
    response = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(attacker)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [owners]
    assert client.get(reverse("pages:home")).status_code == 302


def test_the_set_up_page_refuses_a_password_only_session_even_without_the_middleware(rf, required):
    """The view checks for itself: one guard removed must not reopen the hole."""
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.views import account as views

    user = make_user("owner-view@2fa.example", roles.ASSESSOR)
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    request = rf.get(reverse("accounts:two-factor-setup"))
    request.session = SessionStore()
    request.user = user
    user.is_verified = lambda: False
    response = views.two_factor_setup(request)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/otp_totp/totpdevice/",
        "/audit/",
        "/account/",
        "/account/password/",
        "/account/my-data.json",
        "/account/two-factor/recovery-codes/",
        "/manage/calls/",
    ],
)
def test_no_protected_page_opens_before_the_code(client, required, path):
    signed_in_with_password_only(client, is_staff=True)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify") + "?next=")


def test_next_cannot_carry_a_password_only_session_past_the_code(client, required):
    signed_in_with_password_only(client)
    wrong = client.post(
        reverse("accounts:two-factor-verify") + "?next=/admin/",
        {"code": "000000", "next": "/admin/"},
    )
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302
    # The sign-in page sends a signed-in person on to next=, which lands on the code page.
    response = client.get(reverse("accounts:sign-in") + "?next=/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two-factor-verify"))
    assert response.request["PATH_INFO"] == reverse("accounts:two-factor-verify")


def test_moving_to_a_new_app_needs_the_current_apps_code(client, required, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user, owners = signed_in_with_password_only(client)
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(owners)})
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    assert "current_code" in page.context["form"].fields
    new = TOTPDevice.objects.get(user=user, confirmed=False)

    missing = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(new)})
    assert "Enter a code from your current app" in missing.content.decode()
    owners.refresh_from_db()
    assert owners.confirmed

    # The same window's code was just used on the owner's device: step the clock a window on.
    owners.last_t = -1
    owners.save()
    new.refresh_from_db()
    new.last_t = -1
    new.save()
    wrong = client.post(
        reverse("accounts:two-factor-setup"), {"code": code_for(new), "current_code": "000000"}
    )
    assert "current app is not correct" in wrong.content.decode()
    assert TOTPDevice.objects.filter(pk=owners.pk, confirmed=True).exists()

    new.refresh_from_db()
    new.last_t = -1
    new.save()
    moved = client.post(
        reverse("accounts:two-factor-setup"),
        {"code": code_for(new), "current_code": code_for(owners)},
    )
    assert moved.status_code == 200
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [new]


def test_recovery_codes_are_hashed_shown_once_and_each_works_once(
    client, required, django_capture_on_commit_callbacks, settings
):
    settings.OTP_RECOVERY_THROTTLE_FACTOR = 0  # a wrong code here is followed by a right one
    manager = make_user("recover@2fa.example", roles.PROGRAMME_MANAGER)
    sign_in(client, manager)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        shown = client.post(reverse("accounts:two-factor-setup"), {"code": code_for(device)})
    codes = shown.context["codes"]
    assert len(set(codes)) == 10
    body = shown.content.decode()
    assert all(code in body for code in codes)
    stored = list(
        RecoveryCode.objects.filter(codes__user=manager).values_list("code_hash", flat=True)
    )
    assert len(stored) == 10
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)
    # Never shown again: the account page says how many are left, not what they are.
    account = client.get(reverse("accounts:account")).content.decode()
    assert "10 unused" in account
    assert codes[0] not in account

    # A new sign-in: the phone is lost, so a recovery code is used instead.
    client.post(reverse("accounts:sign-out"))
    sign_in(client, manager)
    assert client.get(reverse("eoi:manage-calls")).status_code == 302
    bad = client.post(reverse("accounts:recovery-code-sign-in"), {"code": "aaaa-bbbb-cccc"})
    assert "not correct or has been used" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        used = client.post(
            reverse("accounts:recovery-code-sign-in"),
            {"code": codes[0].upper().replace("-", " "), "next": reverse("eoi:manage-calls")},
        )
    assert used["Location"] == reverse("eoi:manage-calls")
    assert client.get(reverse("eoi:manage-calls")).status_code == 200
    assert Event.objects.filter(action="accounts.recovery_code_used", user=manager).count() == 1
    assert "9 left" in Event.objects.get(action="accounts.recovery_code_used").summary

    # The same code never works twice.
    client.post(reverse("accounts:sign-out"))
    sign_in(client, manager)
    again = client.post(reverse("accounts:recovery-code-sign-in"), {"code": codes[0]})
    assert again.status_code == 200
    assert "not correct or has been used" in again.content.decode()
    assert client.get(reverse("eoi:manage-calls")).status_code == 302


def test_a_recovery_code_moves_two_factor_to_a_new_phone(client, required):
    user, _ = signed_in_with_password_only(client)
    from accounts import two_factor

    codes = two_factor.make_recovery_codes(user)
    client.post(reverse("accounts:recovery-code-sign-in"), {"code": codes[3]})
    client.get(reverse("accounts:two-factor-setup"))
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("accounts:two-factor-setup"), {"code": code_for(new), "current_code": codes[4]}
    )
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=user, confirmed=True)) == [new]
    # Moving made a fresh set; the old codes stop working.
    assert set(response.context["codes"]).isdisjoint(codes)
    assert not two_factor.recovery_codes(user).verify_token(codes[5])


def test_wrong_recovery_codes_are_throttled(client, required):
    user, _ = signed_in_with_password_only(client)
    from accounts import two_factor

    codes = two_factor.make_recovery_codes(user)
    client.post(reverse("accounts:recovery-code-sign-in"), {"code": "aaaa-aaaa-aaaa"})
    response = client.post(reverse("accounts:recovery-code-sign-in"), {"code": codes[0]})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("pages:home")).status_code == 302


def test_new_recovery_codes_need_the_second_factor(client, required, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_RECOVERY_THROTTLE_FACTOR = 0
    user, owners = signed_in_with_password_only(client)
    from accounts import two_factor

    old = two_factor.make_recovery_codes(user)
    client.post(reverse("accounts:two-factor-verify"), {"code": code_for(owners)})
    page = client.get(reverse("accounts:recovery-codes"))
    assert "10</strong> unused" in page.content.decode()
    refused = client.post(reverse("accounts:recovery-codes"), {"current_code": "12345"})
    assert refused.status_code == 200
    assert "codes" not in refused.context or refused.context.get("codes") is None
    made = client.post(reverse("accounts:recovery-codes"), {"current_code": old[0]})
    assert len(made.context["codes"]) == 10
    assert not two_factor.recovery_codes(user).verify_token(old[1])


def test_removing_the_authenticator_in_the_admin_removes_its_recovery_codes(
    client, django_capture_on_commit_callbacks
):
    from accounts import two_factor

    lost_user = make_user("lost-codes@2fa.example", roles.ASSESSOR)
    lost = TOTPDevice.objects.create(user=lost_user, name="App", confirmed=True)
    two_factor.make_recovery_codes(lost_user)
    with django_capture_on_commit_callbacks(execute=True):
        lost.delete()
    assert two_factor.recovery_codes(lost_user) is None
    assert not RecoveryCode.objects.filter(codes__user=lost_user).exists()
    assert Event.objects.filter(action="accounts.two_factor_removed", user=lost_user).exists()


def test_new_recovery_codes_end_a_session_verified_with_an_old_one(client, required):
    """Someone who used a stolen recovery code is signed out of the second factor as soon as
    the owner makes new codes (or moves to a new app)."""
    from django.test import Client

    from accounts import two_factor

    user, owners = signed_in_with_password_only(client)
    codes = two_factor.make_recovery_codes(user)
    thief = client
    thief.post(reverse("accounts:recovery-code-sign-in"), {"code": codes[0]})
    assert thief.get(reverse("eoi:manage-calls")).status_code == 200

    owner = Client()
    owner.post(reverse("accounts:sign-in"), {"username": user.email, "password": PASSWORD})
    owner.post(reverse("accounts:two-factor-verify"), {"code": code_for(owners)})
    owner.post(reverse("accounts:recovery-codes"), {"current_code": codes[1]})
    assert owner.get(reverse("eoi:manage-calls")).status_code == 200
    assert thief.get(reverse("eoi:manage-calls")).status_code == 302


def test_the_session_that_makes_new_codes_stays_verified(client, required):
    from accounts import two_factor

    user, _ = signed_in_with_password_only(client)
    codes = two_factor.make_recovery_codes(user)
    client.post(reverse("accounts:recovery-code-sign-in"), {"code": codes[0]})
    made = client.post(reverse("accounts:recovery-codes"), {"current_code": codes[1]})
    assert len(made.context["codes"]) == 10
    assert client.get(reverse("eoi:manage-calls")).status_code == 200


def test_the_wait_after_wrong_codes_is_bounded(client, required):
    """With the password alone, wrong codes must not lock the owner out for days."""
    from accounts import two_factor

    user, owners = signed_in_with_password_only(client)
    for _ in range(25):
        TOTPDevice.objects.filter(pk=owners.pk).update(throttling_failure_timestamp=None)
        two_factor.check_code(user, "000000")
    owners.refresh_from_db()
    assert owners.throttling_failure_count == two_factor.MOST_FAILURES_COUNTED
    assert 0 < two_factor.throttled(user) <= 2 ** (two_factor.MOST_FAILURES_COUNTED - 1)


def test_codes_entered_are_rate_limited_per_person(client, required, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "second_factor": "3/h"}
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    _, owners = signed_in_with_password_only(client)
    for _ in range(3):
        client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    refused = client.post(reverse("accounts:two-factor-verify"), {"code": code_for(owners)})
    assert refused.status_code == 200
    assert "Entering a code has been tried too many times" in refused.content.decode()
    assert client.get(reverse("pages:home")).status_code == 302
