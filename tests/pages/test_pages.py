import re

import pytest
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse

from pages import views

pytestmark = pytest.mark.django_db

INFORMATION_PAGES = [
    ("pages:landing", "DPULO Case Studies"),
    ("pages:accessibility", "Accessibility statement for DPULO Case Studies"),
    ("pages:privacy", "Privacy notice"),
    ("pages:cookies", "Cookies"),
    ("pages:contact", "Contact the DPULO Case Studies team"),
]


def h1s(html):
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)


@pytest.mark.parametrize(("name", "heading"), INFORMATION_PAGES)
def test_information_pages_have_one_heading_and_the_footer_links(client, name, heading):
    html = client.get(reverse(name)).content.decode()
    assert [h.strip() for h in h1s(html)] == [heading]
    for footer in ("/accessibility/", "/privacy/", "/cookies/", "/contact/"):
        assert f'href="{footer}"' in html
    assert "govuk-skip-link" in html
    assert "govuk-phase-banner" in html


def test_the_accessibility_statement_has_the_public_sector_sections(client):
    html = client.get(reverse("pages:accessibility")).content.decode()
    for section in (
        "Compliance status",
        "Non-accessible content",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
    ):
        assert section in html


def test_the_accessibility_statement_lists_every_format_how_to_ask_and_the_reply_time(
    client, settings
):
    settings.FORMAT_REQUEST_DAYS = 7
    html = client.get(reverse("pages:accessibility")).content.decode()
    for format_ in (
        "a standard PDF in clear print",
        "a large-print PDF",
        "an EPUB 3 ebook",
        "an Easy Read version",
    ):
        assert format_ in html
    assert f'href="{reverse("collection:format-request")}"' in html
    assert "We will reply within 7 working days." in html


def test_no_crown_and_no_gds_transport_font(client):
    html = client.get(reverse("pages:landing")).content.decode()
    assert "govuk-header__logotype" not in html
    assert "crown" not in html.lower()


def test_scripts_are_files_and_the_policy_allows_no_inline_script(client):
    """No inline script, so the policy needs neither 'unsafe-inline' nor a nonce, and a page
    is byte-for-byte the same for every anonymous reader (the public pages are cached)."""
    response = client.get(reverse("pages:landing"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "nonce-" not in policy
    assert "script-src 'self'" in policy
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.content.decode(), re.S)
    assert len(scripts) == 2
    for attributes, body in scripts:
        assert 'src="/static/js/' in attributes
        assert body.strip() == ""


def test_health_check_reports_the_database_and_the_storage(client, media_root):
    response = client.get(reverse("pages:healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "storage": "ok",
        "oldest_queued_email_seconds": 0,
    }
    assert "no-cache" in response["Cache-Control"]
    assert list((media_root / "healthz").iterdir()) == []  # the probe file is removed


def test_health_check_reports_storage_it_cannot_write(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = client.get(reverse("pages:healthz"))
    assert response.status_code == 503
    assert response.json()["storage"] == "unreachable"


def test_each_request_is_logged_as_one_json_line(client, caplog):
    import json
    import logging

    from portal.request_log import JSONFormatter

    with caplog.at_level(logging.INFO, logger="dpulo.requests"):
        response = client.get(reverse("pages:landing"), HTTP_X_REQUEST_ID="abc123")
    record = next(r for r in caplog.records if r.name == "dpulo.requests")
    line = json.loads(JSONFormatter().format(record))
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["user_id"] is None
    assert line["request_id"] == "abc123" == response["X-Request-ID"]
    assert line["duration_ms"] >= 0


def test_health_check_reports_an_unreachable_database(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get(reverse("pages:healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_a_missing_page_gets_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert h1s(response.content.decode()) == ["Page not found"]


def test_the_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Sign out" not in response.content.decode()


def test_400_and_403_pages(rf):
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert views.bad_request(request).status_code == 400
    forbidden = views.permission_denied(request)
    assert forbidden.status_code == 403
    assert "You do not have permission to see this page" in forbidden.content.decode()


def test_a_form_sent_without_its_token_gets_the_expired_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": "a@b.c", "password": "x"})
    assert response.status_code == 403
    assert "Sorry, this page has expired" in response.content.decode()


def test_request_logs_never_hold_a_token_from_a_link(client, caplog):
    import json
    import logging

    from portal.request_log import JSONFormatter

    paths = [
        "/case-studies/invitation/SeCrEt-InViTe-ToKeN-123/",
        "/case-studies/sign-off/SeCrEt-SiGn-ToKeN-456/",
        "/password-reset/MTIz/SeCrEt-ReSeT-789/",
    ]
    with caplog.at_level(logging.INFO, logger="dpulo.requests"):
        for path in paths:
            client.get(path)
    lines = [
        json.loads(JSONFormatter().format(r)) for r in caplog.records if r.name == "dpulo.requests"
    ]
    text = json.dumps(lines)
    for secret in ("SeCrEt-InViTe", "SeCrEt-SiGn", "SeCrEt-ReSeT", "MTIz"):
        assert secret not in text
    assert [line["path"] for line in lines] == [
        "/case-studies/invitation/[token]/",
        "/case-studies/sign-off/[token]/",
        "/password-reset/[uidb64]/[token]/",
    ]
    assert lines[0]["route"] == "casestudies:invitation"


def test_the_health_check_probes_storage_at_most_once_a_minute(client, monkeypatch):
    from django.core.files.storage import default_storage

    writes = []
    real_save = default_storage.save

    def counted(*args, **kwargs):
        writes.append(1)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(default_storage, "save", counted)
    for _ in range(5):
        assert client.get(reverse("pages:healthz")).status_code == 200
    assert len(writes) == 1

    # The database is still asked every time.
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    assert client.get(reverse("pages:healthz")).status_code == 503


def test_a_token_is_kept_out_of_the_log_even_when_a_middleware_answers_first(
    client, caplog, role_users, settings
):
    """A signed-in coordinator who still needs their code is redirected before the view is
    resolved; a link with its last slash cut off matches no route at all."""
    import json
    import logging

    from accounts import roles
    from portal.request_log import JSONFormatter

    settings.TWO_FACTOR_ROLES = [roles.COORDINATOR]
    client.force_login(role_users[roles.COORDINATOR])
    with caplog.at_level(logging.INFO, logger="dpulo.requests"):
        assert client.get("/case-studies/sign-off/SeCrEtToKeNvAlUe1234567/").status_code == 302
        client.get("/case-studies/sign-off/SeCrEtToKeNvAlUe1234567")
        client.get("/no/such/place/SeCrEtToKeNvAlUe1234567/")
    lines = [
        json.loads(JSONFormatter().format(r)) for r in caplog.records if r.name == "dpulo.requests"
    ]
    assert len(lines) == 3
    assert "SeCrEtToKeN" not in json.dumps(lines)
    assert lines[0]["path"] == "/case-studies/sign-off/[token]/"


def test_an_unreachable_database_gets_the_busy_page_with_status_503(client, applicant, monkeypatch):
    """While the database restarts, every request that needs it (here, loading the session of
    someone signed in) gets the portal's own page: status 503, try again, no stack trace."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client.force_login(applicant)

    def unreachable(self):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    client.raise_request_exception = False
    response = client.get(reverse("pages:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is busy" in page
    assert "nothing was saved half-way" in page
    assert "OperationalError" not in page
    assert "5432" not in page


def test_any_other_failure_is_still_the_problem_page_with_status_500(client, monkeypatch):
    def broken():
        raise RuntimeError("a bug, not the database")

    monkeypatch.setattr(views.editions, "current", broken)
    client.raise_request_exception = False
    response = client.get(reverse("pages:landing"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Retry-After" not in response
