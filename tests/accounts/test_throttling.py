"""Sign-in throttling counts one person once, however their address is typed, and takes the
client's address from the trusted proxies, never from what the client wrote."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def wrong(client, username, **extra):
    return client.post(
        reverse("accounts:sign-in"), {"username": username, "password": "wrong"}, **extra
    )


def test_every_spelling_of_one_address_counts_towards_one_limit(client, applicant):
    spellings = [
        applicant.email.upper(),
        applicant.email.title(),
        f"  {applicant.email}",
        f"{applicant.email}  ",
        applicant.email.capitalize(),
    ]
    statuses = [wrong(client, spelling).status_code for spelling in spellings]
    assert statuses == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.get().username == applicant.email
    locked = client.post(
        reverse("accounts:sign-in"), {"username": applicant.email, "password": PASSWORD}
    )
    assert locked.status_code == 429


def test_a_new_password_lifts_the_lockout_for_every_spelling(client, applicant):
    from axes.utils import reset

    from accounts.throttling import normalise

    for _ in range(5):
        wrong(client, applicant.email.upper())
    reset(username=normalise(applicant.email))
    ok = client.post(
        reverse("accounts:sign-in"), {"username": applicant.email.upper(), "password": PASSWORD}
    )
    assert ok.status_code == 302


def test_behind_one_proxy_each_client_is_counted_apart(client, applicant, settings):
    """Every request arrives from the proxy; five failures from one client must not lock the
    account for everyone else behind the same proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        wrong(client, applicant.email, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert (
        wrong(client, applicant.email, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy).status_code
        == 429
    )
    other = client.post(
        reverse("accounts:sign-in"),
        {"username": applicant.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.50",
        **proxy,
    )
    assert other.status_code == 302


def test_a_client_cannot_escape_the_limit_by_writing_its_own_forwarded_for(
    client, applicant, settings
):
    """The client may prepend anything; only the entry the proxy appended counts."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        response = wrong(
            client,
            applicant.email,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.9",
            REMOTE_ADDR="10.0.0.2",
        )
    assert response.status_code == 429
