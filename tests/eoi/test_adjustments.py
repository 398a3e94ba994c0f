"""Reasonable adjustments for a call: an applicant asks, the programme manager answers. More
time given moves the closing time for that organisation only; a refusal keeps it; either is
emailed once; every request and answer is kept and audit-logged; bad input gets a clear
message and nothing is saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from audit.models import Event
from eoi import adjustments, application
from eoi.errors import DeadlinePassed, EOIError
from eoi.models import AdjustmentRequest
from mail.models import Message
from tests.conftest import make_organisation, make_user
from tests.eoi.conftest import fill, make_call

pytestmark = pytest.mark.django_db

Status = AdjustmentRequest.Status


@pytest.fixture
def call(db):
    return make_call("adjusted", closes_at=timezone.now() + timedelta(days=3))


@pytest.fixture
def manager(role_users):
    return role_users[roles.PROGRAMME_MANAGER]


def local_parts(prefix, moment):
    local = timezone.localtime(moment)
    return {
        f"{prefix}_day": str(local.day),
        f"{prefix}_month": str(local.month),
        f"{prefix}_year": str(local.year),
        f"{prefix}_time": f"{local.hour}:{local.minute:02d}",
    }


def ask_in_browser(client, call, **fields):
    return client.post(reverse("eoi:adjustments", args=[call.slug]), fields)


def test_more_time_given_moves_the_closing_time_for_that_organisation_only(
    client, call, applicant, organisation, manager, django_capture_on_commit_callbacks
):
    neighbour = make_organisation("Neighbour DPULO")
    wanted = (call.closes_at + timedelta(days=7)).replace(second=0, microsecond=0)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_in_browser(
            client,
            call,
            kind="more_time",
            reason="Our only worker is in hospital this week.",
            **local_parts("proposed", wanted),
        )
    assert response.status_code == 302
    request = AdjustmentRequest.objects.get()
    assert request.proposed_closes_at == wanted
    assert request.status == Status.RECEIVED
    page = client.get(reverse("eoi:adjustments", args=[call.slug])).content.decode()
    assert "waiting for the programme team" in page

    client.force_login(manager)
    queue = client.get(reverse("eoi:manage-adjustments")).content.decode()
    assert "More time for Test DPULO" in queue
    detail = client.get(reverse("eoi:manage-adjustment", args=[request.pk]))
    assert "Our only worker is in hospital this week." in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("eoi:manage-adjustment", args=[request.pk]),
            {"status": "granted", "answer": "", **local_parts("closes", wanted)},
        )
    assert response.status_code == 302
    assert application.closing_time(call, organisation) == wanted
    assert application.closing_time(call, neighbour) == call.closes_at
    emails = Message.objects.filter(kind="adjustment")
    assert emails.count() == 1
    assert emails.get().to_email == applicant.email
    assert "now closes at" in emails.get().body
    # The organisation can submit after the call's own closing time, until its own.
    eoi = fill(application.start(call, organisation, by=applicant), applicant)
    application.submit(eoi, by=applicant, now=call.closes_at + timedelta(days=1))
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"eoi.adjustment_asked", "eoi.adjustment_answered"} <= actions


def test_a_refusal_keeps_the_closing_time_and_is_emailed_once_with_the_reasons(
    call, applicant, organisation, manager, django_capture_on_commit_callbacks
):
    request = adjustments.ask(
        call,
        organisation,
        by=applicant,
        kind="more_time",
        proposed_closes_at=call.closes_at + timedelta(days=2),
    )
    with pytest.raises(EOIError, match="Enter the reasons for refusing"):
        adjustments.answer(request, status=Status.REFUSED, by=manager, text="  ")
    with django_capture_on_commit_callbacks(execute=True):
        adjustments.answer(
            request, status=Status.REFUSED, by=manager, text="Assessment starts that day."
        )
    assert application.closing_time(call, organisation) == call.closes_at
    with pytest.raises(EOIError, match="already been answered"):
        adjustments.answer(
            request,
            status=Status.GRANTED,
            by=manager,
            closes_at=call.closes_at + timedelta(days=1),
        )
    email = Message.objects.get(kind="adjustment")
    assert "Assessment starts that day." in email.body
    assert "still closes" in email.body
    with pytest.raises(DeadlinePassed):
        application.check_deadline(call, organisation, now=call.closes_at)


def test_another_way_to_apply_is_arranged_with_what_was_arranged(
    client, call, applicant, organisation, manager, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    ask_in_browser(
        client, call, kind="another_way", details="To tell you our answers in a video call."
    )
    request = AdjustmentRequest.objects.get()
    client.force_login(manager)
    url = reverse("eoi:manage-adjustment", args=[request.pk])
    form = client.get(url).context["form"]
    assert [value for value, _ in form.fields["status"].choices] == ["arranged", "refused"]
    refused = client.post(url, {"status": "arranged", "answer": ""})
    assert "Enter what has been arranged" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "arranged", "answer": "A call on Tuesday at 10am."})
    request.refresh_from_db()
    assert request.status == Status.ARRANGED
    assert Message.objects.filter(kind="adjustment").count() == 1
    client.force_login(applicant)
    task_list = client.get(reverse("eoi:task-list", args=[call.slug])).content.decode()
    assert "Another way to apply: <strong>Arranged</strong>" in task_list


def test_asked_by_the_programme_team_for_an_organisation_the_answer_goes_to_its_applicants(
    client, call, manager, django_capture_on_commit_callbacks
):
    dpulo = make_organisation("Phoned-In DPULO")
    first = make_user("chair@phoned-in.example", roles.APPLICANT, dpulo, full_name="Ann Chair")
    second = make_user("clerk@phoned-in.example", roles.APPLICANT, dpulo)
    make_user("reader@phoned-in.example", None, dpulo)  # a member who does not apply
    asked = adjustments.ask(call, dpulo, by=manager, kind="other", details="A BSL interpreter.")
    with django_capture_on_commit_callbacks(execute=True):
        adjustments.answer(asked, status=Status.ARRANGED, by=manager, text="Booked for Monday.")
    sent = Message.objects.filter(kind="adjustment")
    assert sorted(sent.values_list("to_email", flat=True)) == [first.email, second.email]
    body = sent.get(to_email=first.email).body
    assert body.startswith("Dear Ann Chair,")
    assert "The programme team asked, on Phoned-In DPULO's behalf, for an adjustment" in body
    assert "Booked for Monday." in body
    assert not sent.filter(to_email=manager.email).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Select what you need"),
        ({"kind": "more_time"}, "Enter the closing time you ask for"),
        ({"kind": "other"}, "Enter what you need"),
        ({"kind": "other", "details": "x" * 2001}, "must be 2,000 characters or fewer"),
        (
            {"kind": "more_time", "proposed_day": "31", "proposed_month": "2"},
            "date must include a year",
        ),
    ],
)
def test_bad_requests_get_a_clear_message_and_save_nothing(
    client, call, applicant, fields, message
):
    client.force_login(applicant)
    response = ask_in_browser(client, call, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AdjustmentRequest.objects.exists()


def test_more_time_must_be_later_than_now_allowed_and_within_the_limit(
    client, call, applicant, settings
):
    settings.ADJUSTMENT_MAX_DAYS = 14
    client.force_login(applicant)
    early = ask_in_browser(
        client, call, kind="more_time", **local_parts("proposed", call.closes_at)
    )
    assert "must be after" in early.content.decode()
    late = ask_in_browser(
        client,
        call,
        kind="more_time",
        **local_parts("proposed", call.closes_at + timedelta(days=15)),
    )
    assert "no later than" in late.content.decode()
    assert not AdjustmentRequest.objects.exists()


def test_no_request_after_the_organisations_closing_time(call, applicant, organisation):
    with pytest.raises(EOIError, match="can no longer be asked for"):
        adjustments.ask(
            call,
            organisation,
            by=applicant,
            kind="other",
            details="Large print",
            now=call.closes_at,
        )


def test_the_same_request_twice_is_kept_once(client, call, applicant):
    client.force_login(applicant)
    for _ in range(2):
        ask_in_browser(client, call, kind="other", details="Papers in large print")
    assert AdjustmentRequest.objects.count() == 1


def test_more_time_never_shortens_an_extension_already_given(
    call, applicant, organisation, manager
):
    later = call.closes_at + timedelta(days=10)
    application.grant_extension(
        call=call, organisation=organisation, closes_at=later, reason="Flood", by=manager
    )
    request = adjustments.ask(
        call,
        organisation,
        by=applicant,
        kind="more_time",
        proposed_closes_at=later + timedelta(days=2),
    )
    with pytest.raises(EOIError, match="must be after"):
        adjustments.answer(
            request, status=Status.GRANTED, by=manager, closes_at=later - timedelta(days=1)
        )
    assert application.closing_time(call, organisation) == later


def test_another_organisation_never_sees_the_request(client, call, applicant, organisation):
    adjustments.ask(
        call, organisation, by=applicant, kind="other", details="Secret arrangement text"
    )
    other = make_organisation("Other DPULO")
    stranger = make_user("stranger@test.example", roles.APPLICANT, other)
    client.force_login(stranger)
    response = client.get(reverse("eoi:adjustments", args=[call.slug]))
    assert response.status_code == 200
    assert b"Secret arrangement text" not in response.content
    task_list = client.get(reverse("eoi:task-list", args=[call.slug])).content.decode()
    assert "Adjustments you asked for" not in task_list
    assert "Something else:" not in task_list
    assert client.get(reverse("eoi:manage-adjustments")).status_code == 403


def test_more_time_is_never_in_the_past_nor_after_assessment_has_started(
    call, applicant, organisation, manager
):
    request = adjustments.ask(
        call,
        organisation,
        by=applicant,
        kind="more_time",
        proposed_closes_at=call.closes_at + timedelta(days=2),
    )
    with pytest.raises(EOIError, match="must be in the future"):
        adjustments.answer(
            request,
            status=Status.GRANTED,
            by=manager,
            closes_at=call.closes_at + timedelta(days=2),
            now=call.closes_at + timedelta(days=3),
        )
    call.assessment_opened_at = timezone.now()
    call.save()
    request.refresh_from_db()
    with pytest.raises(EOIError, match="Assessment of this call has started"):
        adjustments.answer(
            request,
            status=Status.GRANTED,
            by=manager,
            closes_at=call.closes_at + timedelta(days=1),
        )
    assert application.closing_time(call, organisation) == call.closes_at


def test_an_answer_posted_after_someone_else_answered_says_so_and_keeps_the_typing(
    client, call, applicant, organisation, manager
):
    request = adjustments.ask(call, organisation, by=applicant, kind="other", details="A")
    url = reverse("eoi:manage-adjustment", args=[request.pk])
    client.force_login(manager)
    client.get(url)
    adjustments.answer(request, status=Status.ARRANGED, by=manager, text="First answer.")
    response = client.post(url, {"status": "refused", "answer": "My second answer."})
    html = response.content.decode()
    assert "already been answered" in html
    assert "My second answer." in html
    request.refresh_from_db()
    assert request.status == Status.ARRANGED
    assert request.answer == "First answer."


def test_retention_removes_what_the_organisation_said_and_sent(
    call, applicant, organisation, manager
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from eoi import retention
    from eoi.models import AssistedSource, Extension

    request = adjustments.ask(
        call,
        organisation,
        by=applicant,
        kind="more_time",
        proposed_closes_at=call.closes_at + timedelta(days=2),
        reason="My operation is that week.",
    )
    adjustments.answer(
        request, status=Status.GRANTED, by=manager, closes_at=call.closes_at + timedelta(days=2)
    )
    eoi = application.start(call, organisation, by=applicant)
    stored = default_storage.save("assisted/retention.txt", ContentFile(b"x"))
    AssistedSource.objects.create(
        expression_of_interest=eoi,
        name="notes.txt",
        kind="text",
        content_type="text/plain",
        size=1,
        sha256="0" * 64,
        stored_name=stored,
    )
    assert "My operation" in Extension.objects.get().reason
    retention.anonymise(eoi)
    request.refresh_from_db()
    assert request.reason == ""
    assert request.details == ""
    assert request.status == Status.GRANTED  # what was decided is kept
    assert "My operation" not in Extension.objects.get().reason
    assert not AssistedSource.objects.exists()
    assert not default_storage.exists(stored)
