"""The mail pages: a person's own emails (and their attachments), their email settings, and the
programme manager's outbox with its filters."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from mail import outbox
from mail.models import Message, Preference
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(applicant):
    return outbox.queue(
        "receipt",
        to=applicant.email,
        user=applicant,
        subject="Expression of interest received: EOI-2026-0042",
        body="We have received it.",
        reason="you submitted it",
        attachments=[("EOI-2026-0042.pdf", b"%PDF-1.7 receipt", "application/pdf")],
    )


def test_a_person_finds_a_lost_receipt_and_downloads_it_again(client, applicant, receipt):
    client.force_login(applicant)
    page = client.get(reverse("mail:mine")).content.decode()
    assert "Expression of interest received: EOI-2026-0042" in page
    detail = client.get(reverse("mail:my-email", args=[receipt.pk])).content.decode()
    assert "We have received it." in detail
    attachment = receipt.attachments.get()
    download = client.get(reverse("mail:my-attachment", args=[receipt.pk, attachment.pk]))
    assert download.content == b"%PDF-1.7 receipt"
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="EOI-2026-0042.pdf"' in download["Content-Disposition"]


def test_nobody_reads_anyone_elses_emails(client, receipt, role_users):
    for role in (roles.ASSESSOR, roles.COORDINATOR, roles.PROGRAMME_MANAGER):
        client.force_login(role_users[role])
        assert client.get(reverse("mail:my-email", args=[receipt.pk])).status_code == 404
        attachment = receipt.attachments.get()
        assert (
            client.get(reverse("mail:my-attachment", args=[receipt.pk, attachment.pk])).status_code
            == 404
        )
        assert "EOI-2026-0042" not in client.get(reverse("mail:mine")).content.decode()


def test_a_link_waiting_to_go_is_hidden_on_every_page(client, applicant, role_users):
    secret = "https://portal.example/case-studies/invitation/SECRET-TOKEN/"
    message = outbox.queue(
        "invitation",
        to=applicant.email,
        user=applicant,
        subject="Invited",
        body=f"Open {secret}",
        reason="a test",
        secrets=[secret],
    )
    client.force_login(applicant)
    assert (
        "SECRET-TOKEN"
        not in client.get(reverse("mail:my-email", args=[message.pk])).content.decode()
    )
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    page = client.get(reverse("mail:outbox-message", args=[message.pk])).content.decode()
    assert "SECRET-TOKEN" not in page
    assert "[link hidden until delivered]" in page


def test_email_settings_are_saved_and_honoured(client, applicant):
    client.force_login(applicant)
    empty = client.post(reverse("mail:settings"), {})
    assert "Select whether you want reminders" in empty.content.decode()
    client.post(reverse("mail:settings"), {"reminders": "no", "format": "large"})
    chosen = Preference.objects.get(user=applicant)
    assert (chosen.reminders, chosen.format) == (False, "large")
    page = client.get(reverse("mail:settings")).content.decode()
    assert re.search(r'value="no"[^>]*checked', page)
    assert "assessors before assessments are due" in page  # what cannot be turned off
    message = outbox.queue(
        "receipt", to=applicant.email, user=applicant, subject="S", body="B", reason="r"
    )
    assert "font-size:24px" in message.html_body
    assert not outbox.wants_reminder(applicant, "draft_reminder")
    assert outbox.wants_reminder(applicant, "assessment_reminder")


def test_the_outbox_filters_by_kind_status_and_date(client, role_users, receipt):
    outbox.queue("password_reset", to="x@example.org", subject="Reset", body="B", reason="r")
    Message.objects.filter(kind="password_reset").update(status="failed", last_error="550 no")
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    every = client.get(reverse("mail:outbox"))
    assert every.context["page"].paginator.count == 2
    failed = client.get(reverse("mail:outbox"), {"status": "failed"})
    assert [m.kind for m in failed.context["page"].object_list] == ["password_reset"]
    kind = client.get(reverse("mail:outbox"), {"kind": "receipt"})
    assert [m.kind for m in kind.context["page"].object_list] == ["receipt"]
    nonsense = client.get(reverse("mail:outbox"), {"kind": "x", "status": "y", "from": "z"})
    assert nonsense.context["page"].paginator.count == 2
    later = client.get(reverse("mail:outbox"), {"from": "2999-01-01"})
    assert later.context["page"].paginator.count == 0


def test_the_personal_data_export_holds_my_emails(client, applicant, receipt):
    import json

    make_user("other@mail.example")
    outbox.queue("receipt", to="other@mail.example", subject="Theirs", body="B", reason="r")
    client.force_login(applicant)
    data = json.loads(client.get(reverse("pages:personal-data")).content)
    assert [e["subject"] for e in data["emails"]] == [receipt.subject]
    assert data["emails"][0]["attachments"] == ["EOI-2026-0042.pdf"]


def test_emails_go_with_their_expression_of_interest_and_after_the_retention_period(db):
    from datetime import timedelta

    from django.utils import timezone

    from eoi import retention
    from mail import retention as mail_retention
    from tests.eoi.conftest import closed_call_with

    _, [(eoi, applicant)] = closed_call_with("retained-mail", ["Retained DPULO"])
    outbox.queue("receipt", to=applicant.email, subject="R", body="B", reason="r", about=eoi)
    kept = outbox.queue("receipt", to="someone@else.example", subject="K", body="B", reason="r")
    retention.anonymise(eoi)
    assert list(Message.objects.filter(about_id=str(eoi.pk))) == []
    assert Message.objects.filter(pk=kept.pk).exists()
    Message.objects.filter(pk=kept.pk).update(
        status="sent", queued_at=timezone.now() - timedelta(days=800)
    )
    assert mail_retention.expire(dry_run=True) == 1  # counted, not deleted
    assert Message.objects.filter(pk=kept.pk).exists()
    assert mail_retention.expire() == 1
    assert not Message.objects.filter(pk=kept.pk).exists()
