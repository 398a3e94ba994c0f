"""Registering and asking for password resets are rate-limited per address (previews:
tests/eoi/test_preview_limits.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.test_views import REGISTRATION
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_registering_is_limited_per_address_and_keeps_what_was_typed(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/h"}
    for _ in range(2):
        client.post(reverse("accounts:register"), {**REGISTRATION, "email": "bad"})
    elsewhere = client.post(
        reverse("accounts:register"),
        {**REGISTRATION, "email": "third@harbour.example.org"},
        REMOTE_ADDR="198.51.100.1",
    )
    assert elsewhere.status_code == 302  # another address is not held back: registered
    client.post(reverse("accounts:sign-out"))
    refused = client.post(
        reverse("accounts:register"), {**REGISTRATION, "email": "fourth@harbour.example.org"}
    )
    page = refused.content.decode()
    assert refused.status_code == 429
    assert "Registering has been tried too many times" in page
    assert 'value="fourth@harbour.example.org"' in page


def test_password_resets_are_limited_per_email_address_and_per_network_address(
    client, applicant, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset": "5/h",
        "password_reset_email": "2/h",
    }
    reset = reverse("accounts:password-reset")
    with django_capture_on_commit_callbacks(execute=True):
        for spelling in (applicant.email, applicant.email.upper()):
            response = client.post(reset, {"email": spelling}, REMOTE_ADDR="198.51.100.1")
            assert response.status_code == 302
        refused = client.post(reset, {"email": applicant.email}, REMOTE_ADDR="198.51.100.2")
    assert refused.status_code == 429
    assert "Asking for a password reset link has been tried too many times" in (
        refused.content.decode()
    )
    assert len(mail.outbox) == 2
    # One address asking about many people is held back too.
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            make_user(f"person{n}@limits.example")
            client.post(reset, {"email": f"person{n}@limits.example"}, REMOTE_ADDR="198.51.100.1")
    assert len(mail.outbox) == 5
    with django_capture_on_commit_callbacks(execute=True):
        more = client.post(reset, {"email": "person0@limits.example"}, REMOTE_ADDR="198.51.100.1")
    assert more.status_code == 429
    assert len(mail.outbox) == 5
