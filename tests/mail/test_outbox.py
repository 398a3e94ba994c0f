"""One outbox for every email: queued with the action, delivered after, retried, never twice,
and single-use links kept only until delivered. Checked against a real SMTP server on
127.0.0.1 that is down and then comes back."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casestudies import links, scoping
from collection import dissemination
from collection.models import Stakeholder
from eoi import application, decisions
from mail import outbox
from mail.models import Message, Preference
from tests.casestudies.conftest import scope
from tests.collection.conftest import signed_off
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=1)


def kinds_received(server):
    return sorted(message["Subject"].split(":")[0] for _, message in server.mailbox.messages)


def test_every_action_succeeds_with_the_mail_server_down_and_each_email_arrives_once_after(
    client,
    smtp_down,
    role_users,
    django_capture_on_commit_callbacks,
):
    from demo import case_study_template as demo

    coordinator = role_users[roles.COORDINATOR]
    manager = role_users[roles.PROGRAMME_MANAGER]
    dpulo = make_organisation("Outbox DPULO")
    applicant = make_user("applicant@outbox.example", roles.APPLICANT, dpulo)
    call = make_call("outbox-call")
    eoi = fill(application.start(call, dpulo, by=applicant), applicant)

    with django_capture_on_commit_callbacks(execute=True):
        # Submitting, through the page, as the applicant does.
        client.force_login(applicant)
        response = client.post(
            reverse("eoi:declaration", args=[call.slug]), {"confirm": "on"}, follow=True
        )
        assert response.status_code == 200
        assert "Expression of interest submitted" in response.content.decode()
        # Inviting an author (agreeing a case study).
        proposed = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
        scoping.agree(
            proposed, author_name="Alex", author_email="alex@outbox.example", by=coordinator
        )
        # Requesting a commissioner's sign-off.
        approved = signed_off("Signed by the DPULO only", dpulo=dpulo, coordinator=coordinator)
        approved.sign_offs.filter(party="commissioner").update(voided_at=timezone.now())
        links.request_commissioner_sign_off(approved, by=coordinator)
        # Sending outcome letters.
        call.closes_at = timezone.now() - timedelta(minutes=1)
        call.save()
        eoi.refresh_from_db()
        decisions.record_decision(call, selected=eoi, reasons="Clear and strong.", by=manager)
        decisions.send_letters(call, by=manager)
        # Sending a round to stakeholders.
        from collection import editions

        edition = editions.create("Outbox edition", by=coordinator)
        editions.add(edition, signed_off("For the edition", dpulo=dpulo, coordinator=coordinator))
        editions.publish(edition, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF was rendered on commit
        Stakeholder.objects.create(
            name="A council", kind="local_authority", region="london", email="c@council.example"
        )
        edition.refresh_from_db()
        round_ = dissemination.prepare(
            edition, subject="Our collection", message="M", attach_pdf=True, by=coordinator
        )
        dissemination.start_sending(round_, by=coordinator)

    queued = Message.objects.all()
    kinds = set(queued.values_list("kind", flat=True))
    assert {"receipt", "invitation", "sign_off_request", "outcome_letter", "dissemination"} <= kinds
    assert not queued.filter(status="sent").exists()  # nothing could be delivered
    assert all(m.will_retry for m in queued)
    assert smtp_down.mailbox.messages == []

    smtp_down.start()
    sent, failed = outbox.deliver_due(now=timezone.now() + LATER)
    assert (sent, failed) == (queued.count(), 0)
    assert outbox.deliver_due(now=timezone.now() + LATER * 2) == (0, 0)
    # Each queued email arrived exactly once.
    from collections import Counter

    delivered = Counter(
        (tuple(r), " ".join(m["Subject"].split())) for r, m in smtp_down.mailbox.messages
    )
    assert delivered == Counter(((m.to_email,), m.subject) for m in queued)
    subjects = " | ".join(m["Subject"] for _, m in smtp_down.mailbox.messages)
    for expected in (
        "Expression of interest received",
        "You are invited to write a case study",
        "Please sign off the case study",
        "Our collection",
    ):
        assert expected in subjects
    receipt = next(m for _, m in smtp_down.mailbox.messages if "received" in m["Subject"])
    assert any(part.get_filename() == f"{eoi.reference}.pdf" for part in receipt.walk())


def test_a_single_use_link_survives_a_failed_delivery_and_is_removed_once_delivered(
    client,
    smtp_down,
    role_users,
    django_capture_on_commit_callbacks,
):
    from demo import case_study_template as demo

    coordinator = role_users[roles.COORDINATOR]
    dpulo = make_organisation("Link DPULO")
    proposed = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        scoping.agree(proposed, author_name="Sam", author_email="sam@link.example", by=coordinator)
    message = Message.objects.get(kind="invitation")
    assert message.status == "failed"
    stored_link = re.search(r"https?://\S+/case-studies/invitation/\S+/", message.body)[0]
    assert message.secrets == [stored_link]

    smtp_down.start()
    assert outbox.deliver_due(now=timezone.now() + LATER) == (1, 0)
    ((_, delivered),) = smtp_down.mailbox.messages
    text = delivered.get_payload(decode=True).decode()
    assert stored_link in text
    message.refresh_from_db()
    assert stored_link not in message.body
    assert "[link removed]" in message.body
    assert message.secrets == []
    # The delivered link works: the invitation page opens for its reader.
    path = stored_link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200


def test_an_action_that_rolls_back_queues_nothing(db):
    from django.db import transaction

    def fail_after_queueing():
        with transaction.atomic():
            outbox.queue("receipt", to="a@b.example", subject="S", body="B", reason="a test")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_queueing()
    assert not Message.objects.exists()


def test_a_message_is_never_sent_twice(smtp_down, db, django_capture_on_commit_callbacks):
    smtp_down.start()
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.queue("receipt", to="a@b.example", subject="S", body="B", reason="a test")
    message.refresh_from_db()
    assert message.status == "sent"
    assert outbox.deliver(message.pk) is None
    assert outbox.deliver_due(now=timezone.now() + LATER) == (0, 0)
    assert outbox.retry(message) is False  # only a failed message can be sent again
    assert len(smtp_down.mailbox.messages) == 1


def test_failures_back_off_then_stop_and_a_manager_can_retry(
    client,
    smtp_down,
    settings,
    role_users,
):
    settings.MAIL_MAX_ATTEMPTS = 3
    message = outbox.queue("receipt", to="a@b.example", subject="S", body="B", reason="a test")
    now = timezone.now()
    assert outbox.deliver(message.pk, now=now) is False
    message.refresh_from_db()
    assert message.next_attempt_at == now + timedelta(minutes=settings.MAIL_RETRY_MINUTES[0])
    assert outbox.deliver(message.pk, now=now + timedelta(seconds=30)) is None  # not due yet
    assert outbox.deliver(message.pk, now=now + timedelta(minutes=2)) is False
    assert outbox.deliver(message.pk, now=now + timedelta(hours=1)) is False
    message.refresh_from_db()
    assert (message.attempts, message.next_attempt_at) == (3, None)  # given up
    assert "Connection refused" in message.last_error or message.last_error
    assert outbox.deliver_due(now=now + timedelta(days=1)) == (0, 0)

    smtp_down.start()
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    page = client.get(reverse("mail:outbox-message", args=[message.pk])).content.decode()
    assert "Gave up after 3 attempts" in page
    assert "Why it failed" in page
    client.post(reverse("mail:outbox-message", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == "queued"
    assert outbox.deliver(message.pk) is True
    assert len(smtp_down.mailbox.messages) == 1


def test_once_the_server_takes_a_message_those_waiting_for_it_are_sent_at_once(
    smtp_down, django_capture_on_commit_callbacks
):
    """A mail server that was down is up again when it takes a message: the messages waiting
    to retry because it could not be reached go now, not at their back-off time; one that a
    server refused keeps its back-off."""
    waiting = [
        outbox.queue("receipt", to=f"{n}@b.example", subject=f"Waiting {n}", body="B", reason="a")
        for n in range(2)
    ]
    now = timezone.now()
    for message in waiting:
        assert outbox.deliver(message.pk, now=now) is False
        message.refresh_from_db()
        assert message.server_unreachable
        assert message.next_attempt_at > now
    smtp_down.start()
    smtp_down.mailbox.refuse.add("refused@b.example")
    refused = outbox.queue("receipt", to="refused@b.example", subject="R", body="B", reason="a")
    assert outbox.deliver(refused.pk) is False
    refused.refresh_from_db()
    assert not refused.server_unreachable  # the server answered, and said no
    refused_next = refused.next_attempt_at

    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue("receipt", to="new@b.example", subject="New", body="B", reason="a")
    subjects = sorted(message["Subject"] for _, message in smtp_down.mailbox.messages)
    assert subjects == ["New", "Waiting 0", "Waiting 1"]  # each once
    assert set(
        Message.objects.filter(pk__in=[m.pk for m in waiting]).values_list("status", flat=True)
    ) == {"sent"}
    refused.refresh_from_db()
    assert (refused.status, refused.next_attempt_at) == ("failed", refused_next)


def test_the_regular_run_notices_the_server_is_back_without_using_up_attempts(smtp_down):
    """No new email needs to arrive: the regular delivery run (every few minutes) connects to
    a server that could not be reached, and once it can, sends what waited for it."""
    message = outbox.queue("receipt", to="a@b.example", subject="Waited", body="B", reason="a")
    now = timezone.now()
    assert outbox.deliver(message.pk, now=now) is False
    assert outbox.deliver(message.pk, now=now + timedelta(seconds=61)) is False  # 5 min next
    message.refresh_from_db()
    assert message.attempts == 2
    assert outbox.deliver_due(now=now + timedelta(minutes=2)) == (0, 0)  # still down
    message.refresh_from_db()
    assert message.attempts == 2  # checking the server used up no attempt
    smtp_down.start()
    assert outbox.deliver_due(now=now + timedelta(minutes=3)) == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 3)
    assert [m["Subject"] for _, m in smtp_down.mailbox.messages] == ["Waited"]


def test_a_message_left_sending_by_a_dead_worker_is_taken_back(smtp_down, db, settings):
    smtp_down.start()
    message = outbox.queue("receipt", to="a@b.example", subject="S", body="B", reason="a test")
    then = timezone.now() - timedelta(minutes=settings.MAIL_SENDING_TIMEOUT_MINUTES + 1)
    Message.objects.filter(pk=message.pk).update(status="sending", claimed_at=then)
    assert outbox.deliver(message.pk) is None  # someone is (apparently) sending it
    assert outbox.deliver_due() == (1, 0)
    assert len(smtp_down.mailbox.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_locked_by_one_worker_is_skipped_by_another(smtp_down):
    import threading

    from django.db import connection, transaction

    smtp_down.start()
    message = Message.objects.create(  # queued, its task not run yet
        kind="receipt",
        to_email="a@b.example",
        from_email="portal@example.org",
        subject="S",
        body="B",
        next_attempt_at=timezone.now(),
    )
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Message.objects.select_for_update().get(pk=message.pk)
            locked.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=hold)
    worker.start()
    locked.wait(10)
    try:
        assert outbox.deliver(message.pk) is None
    finally:
        release.set()
        worker.join()
    assert outbox.deliver(message.pk) is True
    assert len(smtp_down.mailbox.messages) == 1


def test_every_email_says_who_sent_it_and_why_and_reminders_say_how_to_stop(db):
    person = make_user("someone@footer.example")
    receipt = outbox.queue(
        "receipt", to=person.email, user=person, subject="S", body="B", reason="you asked"
    )
    assert "Sent by DPULO Case Studies" in receipt.body
    assert "because you asked." in receipt.body
    assert "/account/emails/" in receipt.body
    reminder = outbox.queue(
        "draft_reminder", to=person.email, user=person, subject="S", body="B", reason="x"
    )
    assert "To stop reminders" in reminder.body
    assert "/account/emails/settings/" in reminder.body
    stranger = outbox.queue(
        "sign_off_reminder", to="c@council.example", subject="S", body="B", reason="x"
    )
    assert "To stop reminders, reply to this email" in stranger.body
    required = outbox.queue(
        "assessment_reminder", to=person.email, user=person, subject="S", body="B", reason="x"
    )
    assert "cannot be turned off" in required.body


def test_large_type_is_sent_to_people_who_asked_for_it(
    smtp_down, db, django_capture_on_commit_callbacks
):
    smtp_down.start()
    person = make_user("large@type.example")
    Preference.objects.create(user=person, format="large")
    plain = make_user("plain@type.example")
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue(
            "receipt",
            to=person.email,
            user=person,
            subject="Big",
            body="Read <this> at https://portal.example/x",
            reason="a test",
        )
        outbox.queue("receipt", to=plain.email, user=plain, subject="Small", body="B", reason="t")
    by_subject = {m["Subject"]: m for _, m in smtp_down.mailbox.messages}
    big = [part.get_content_type() for part in by_subject["Big"].walk()]
    assert "text/html" in big
    assert "text/plain" in big
    html = next(p for p in by_subject["Big"].walk() if p.get_content_type() == "text/html")
    body = html.get_payload(decode=True).decode()
    assert "font-size:24px" in body
    assert "&lt;this&gt;" in body
    assert '<a href="https://portal.example/x"' in body
    assert "text/html" not in [p.get_content_type() for p in by_subject["Small"].walk()]


def test_no_code_outside_the_mail_app_builds_or_sends_an_email():
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(
        r"EmailMessage|EmailMultiAlternatives|send_mass_mail|mail_admins|mail_managers|"
        r"from django\.core\.mail import|django\.core\.mail\.send_mail|get_connection\("
    )
    offenders = []
    for path in root.glob("*/**/*.py"):
        parts = set(path.relative_to(root).parts)
        if parts & {".venv", "node_modules", "tests", "mail", "bench"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_health_check_reports_the_oldest_queued_email(client, db):
    message = outbox.queue("receipt", to="a@b.example", subject="S", body="B", reason="a test")
    Message.objects.filter(pk=message.pk).update(queued_at=timezone.now() - timedelta(minutes=3))
    seconds = client.get(reverse("pages:healthz")).json()["oldest_queued_email_seconds"]
    assert 179 <= seconds <= 200


def test_the_pages_that_send_answer_normally_with_the_mail_server_down(
    client, smtp_down, role_users, django_capture_on_commit_callbacks
):
    """Inviting, requesting sign-off, sending letters and sending a round, through their pages:
    each redirects with its usual confirmation, never an error page."""
    from collection import editions
    from demo import case_study_template as demo

    coordinator = role_users[roles.COORDINATOR]
    manager = role_users[roles.PROGRAMME_MANAGER]
    dpulo = make_organisation("Pages DPULO")
    proposed = scoping.propose(scope(dpulo), template=demo.seed(), by=coordinator)
    approved = signed_off("Needs the commissioner", dpulo=dpulo, coordinator=coordinator)
    approved.sign_offs.filter(party="commissioner").update(voided_at=timezone.now())
    edition = editions.create("Pages edition", by=coordinator)
    editions.add(edition, signed_off("In the edition", dpulo=dpulo, coordinator=coordinator))
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(edition, by=coordinator)
    Stakeholder.objects.create(
        name="A council", kind="local_authority", region="london", email="c@council.example"
    )
    edition.refresh_from_db()
    round_ = dissemination.prepare(
        edition, subject="S", message="M", attach_pdf=False, by=coordinator
    )
    Message.objects.all().delete()

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        agreed = client.post(
            reverse("casestudies:agree", args=[proposed.pk]),
            {"author_name": "Alex", "author_email": "alex@pages.example"},
        )
        requested = client.post(reverse("casestudies:sign-off-request", args=[approved.pk]))
        sent_round = client.post(reverse("collection:round-send", args=[round_.pk]))
    for response in (agreed, requested, sent_round):
        assert response.status_code == 302
    page = client.get(reverse("collection:round", args=[round_.pk])).content.decode()
    assert "Will be tried again at" in page

    # Letters, through the call's letters page, as the programme manager.
    call = make_call("pages-letters")
    applicant = make_user("letters@pages.example", roles.APPLICANT, dpulo)
    eoi = fill(application.start(call, dpulo, by=applicant), applicant)
    application.submit(eoi, by=applicant)
    call.opens_at = timezone.now() - timedelta(days=30)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    eoi.refresh_from_db()
    decisions.record_decision(call, selected=eoi, reasons="Strong.", by=manager)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        letters = client.post(reverse("eoi:manage-outbox", args=[call.slug]))
    assert letters.status_code == 302
    letters_page = client.get(reverse("eoi:manage-outbox", args=[call.slug])).content.decode()
    assert "Will be tried again at" in letters_page

    smtp_down.start()
    sent, failed = outbox.deliver_due(now=timezone.now() + LATER)
    assert failed == 0
    assert (
        sent == Message.objects.count() >= 5
    )  # invitation, review notice, sign-off, round, letter
    received = {m["Subject"].split(":")[0] for _, m in smtp_down.mailbox.messages}
    assert {
        "You are invited to write a case study",
        "Please sign off the case study",
        "S",
    } <= received
