"""Sessions end after a period without requests, and every request renews them."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_request_renews_the_session_and_inactivity_ends_it(client, applicant, settings):
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    client.force_login(applicant)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get(reverse("pages:home")).status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + timedelta(minutes=119)

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_a_sign_in_ends_after_the_absolute_lifetime_however_busy(client, applicant, settings):
    """Each request renews the idle limit, so without an absolute one a busy session (or one
    a script keeps alive) would never end."""
    settings.SESSION_ABSOLUTE_HOURS = 12
    client.force_login(applicant)
    assert client.get(reverse("pages:home")).status_code == 200
    session = client.session
    session["signed_in_at"] -= 12 * 3600 - 60  # signed in 11 hours 59 minutes ago
    session.save()
    assert client.get(reverse("pages:home")).status_code == 200
    session = client.session
    session["signed_in_at"] -= 120  # now 12 hours 1 minute ago
    session.save()
    response = client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in") + "?next=%2Fhome%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "because you signed in more than 12 hours ago" in page.content.decode()


def test_a_session_without_a_sign_in_time_is_treated_as_expired(client, applicant):
    client.force_login(applicant)
    session = client.session
    del session["signed_in_at"]
    session.save()
    assert client.get(reverse("pages:home")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_every_page_switches_off_browser_features_it_does_not_use(client, db):
    for path in (reverse("pages:landing"), reverse("accounts:sign-in"), "/healthz"):
        policy = client.get(path)["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy
