"""Other ways to apply: the programme manager completes an expression of interest for an
organisation from a conversation, a document or a recording; nothing is submitted before the
organisation's contact confirms it from a single-use link showing exactly what will be
submitted; assessors cannot tell it apart; uploads are checked by what they really are."""

import hashlib
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from eoi import assessment, assisted
from eoi.errors import EOIError
from eoi.models import AssistedSource, ExpressionOfInterest, SubmissionConfirmation
from mail.models import Message
from tests.conftest import make_organisation
from tests.eoi.conftest import make_call, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    return make_call("assisted", criteria=2, closes_at=timezone.now() + timedelta(days=5))


@pytest.fixture
def manager(role_users):
    return role_users[roles.PROGRAMME_MANAGER]


@pytest.fixture
def dpulo(db):
    return make_organisation("Phoned-In DPULO")


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def start(client, call, dpulo, how="conversation", source=None):
    data = {"organisation": dpulo.pk, "how": how}
    if source is not None:
        data["source"] = source
    response = client.post(reverse("eoi:manage-assisted", args=[call.slug]), data)
    if response.status_code == 302:
        client.get(response.url)  # read the confirmation message, as a browser would
    return response


def fill_as_manager(client, call, contact_email="chair@phoned-in.example"):
    """Type every answer in through the applicant's own pages, as the manager acting."""
    slug = call.slug
    client.post(
        reverse("eoi:organisation", args=[slug]),
        {
            "organisation_name": "Phoned-In DPULO",
            "organisation_region": "london",
            "organisation_website": "",
            "organisation_summary": "We are run by and for disabled people in Camden.",
            "version": 0,
        },
    )
    for criterion in call.criteria.all():
        url = reverse("eoi:criterion", args=[slug, criterion.position])
        if criterion.is_money:
            client.post(url, {"amount": "350", "version": 0})
        else:
            text = f"Answer {criterion.position} as told on the phone. " + words(40)
            client.post(url, {"text": text, "version": 0})
    client.post(
        reverse("eoi:contact", args=[slug]),
        {
            "contact_name": "Robin Chair",
            "contact_role": "Chair",
            "contact_email": contact_email,
            "contact_phone": "",
            "version": 0,
        },
    )
    return ExpressionOfInterest.objects.get(call=call)


def link_in(message):
    return re.search(r"\S*/confirm-submission/[^/\s]+/", message.body).group(0)


def test_the_whole_assisted_journey_submits_only_when_the_contact_confirms(
    client, call, dpulo, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    assert start(client, call, dpulo).status_code == 302
    eoi = fill_as_manager(client, call)
    assert eoi.assisted_by == manager
    assert eoi.assisted_how == "conversation"
    assert not application_missing(eoi)

    task_list = client.get(reverse("eoi:task-list", args=[call.slug])).content.decode()
    assert (
        '<h1 class="govuk-heading-xl">Expression of interest for Phoned-In DPULO</h1>' in task_list
    )
    assert "everyone in the organisation shares this draft" in task_list

    # The declaration page, for the manager, sends; it never submits.
    declaration = reverse("eoi:declaration", args=[call.slug])
    assert "Email the link to confirm" in client.get(declaration).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(declaration).status_code == 302
    eoi.refresh_from_db()
    assert eoi.status == ExpressionOfInterest.Status.DRAFT
    message = Message.objects.get(kind="submission_confirmation")
    assert message.to_email == "chair@phoned-in.example"
    assert "/confirm-submission/" not in message.body  # the link is not kept once delivered
    sent = [m for m in mail.outbox if m.to == ["chair@phoned-in.example"]]
    assert len(sent) == 1
    link = link_in(sent[0])
    path = link[link.index("/confirm-submission/") :]
    # Only a hash of the token is kept: nothing stored can be turned back into the link.
    token = path.rstrip("/").rsplit("/", 1)[-1]
    stored = SubmissionConfirmation.objects.get(expression_of_interest=eoi)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(SubmissionConfirmation.objects.values()))

    # The contact, signed out, reads exactly the text and confirms once.
    client.logout()
    page = client.get(path).content.decode()
    assert "Answer 1 as told on the phone." in page
    assert "We are run by and for disabled people in Camden." in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)
    assert "Expression of interest submitted" in done.content.decode()
    eoi.refresh_from_db()
    assert eoi.status == ExpressionOfInterest.Status.SUBMITTED
    assert eoi.submitted_by is None
    receipt = Message.objects.get(kind="receipt")
    assert receipt.to_email == "chair@phoned-in.example"

    # The link works once.
    again = client.post(path)
    assert assisted.USED in again.content.decode()
    assert eoi.submissions.count() == 1
    assert client.get("/confirm-submission/not-a-real-token/").status_code == 404


def application_missing(eoi):
    from eoi import application

    return application.missing_sections(eoi)


def test_the_programme_team_can_never_be_the_contact_who_confirms(client, call, dpulo, manager):
    client.force_login(manager)
    start(client, call, dpulo)
    eoi = ExpressionOfInterest.objects.get(call=call)
    assert eoi.contact_email == ""  # not the manager who started it
    eoi = fill_as_manager(client, call, contact_email=manager.email)
    response = client.post(reverse("eoi:declaration", args=[call.slug]))
    assert "The contact must be someone at Phoned-In DPULO" in response.content.decode()
    assert not SubmissionConfirmation.objects.exists()
    assert not Message.objects.filter(kind="submission_confirmation").exists()


def test_a_change_after_sending_voids_the_link(client, call, dpulo, manager):
    client.force_login(manager)
    start(client, call, dpulo)
    eoi = fill_as_manager(client, call)
    assisted.ask_to_confirm(eoi, by=manager)
    token_link = link_in(Message.objects.get(kind="submission_confirmation"))
    token = token_link.rstrip("/").rsplit("/", 1)[-1]
    answer = eoi.answers.order_by("criterion__position").first()
    client.post(
        reverse("eoi:criterion", args=[call.slug, 1]),
        {"text": "Changed after the link went.", "version": answer.version},
    )
    found = assisted.find(token)
    assert found.problem == assisted.CHANGED
    with pytest.raises(EOIError, match="changed since this link was sent"):
        assisted.confirm(token)
    eoi.refresh_from_db()
    assert eoi.status == ExpressionOfInterest.Status.DRAFT


def test_an_expired_link_and_a_second_link_leave_only_the_newest_working(
    client, call, dpulo, manager
):
    client.force_login(manager)
    start(client, call, dpulo)
    eoi = fill_as_manager(client, call)
    assisted.ask_to_confirm(eoi, by=manager)
    assisted.ask_to_confirm(eoi, by=manager)
    first, second = [
        link_in(m).rstrip("/").rsplit("/", 1)[-1]
        for m in Message.objects.filter(kind="submission_confirmation").order_by("queued_at")
    ]
    assert assisted.find(first).problem == assisted.EXPIRED
    assert assisted.find(second).problem == ""
    later = SubmissionConfirmation.objects.get(expires_at__gt=timezone.now()).expires_at
    with pytest.raises(EOIError, match="expired"):
        assisted.confirm(second, now=later + timedelta(seconds=1))


def test_only_the_programme_manager_may_act_for_an_organisation(client, call, dpulo, role_users):
    for role in (roles.APPLICANT, roles.ASSESSOR, roles.COORDINATOR):
        client.force_login(role_users[role])
        assert start(client, call, dpulo).status_code == 403
    assert not ExpressionOfInterest.objects.filter(organisation=dpulo).exists()
    # Another person's session holding the key gives them nothing.
    client.force_login(role_users[roles.APPLICANT])
    session = client.session
    session[assisted.SESSION_KEY] = {call.slug: dpulo.pk}
    session.save()
    response = client.get(reverse("eoi:task-list", args=[call.slug]))
    assert b"Phoned-In DPULO" not in response.content


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("answers.pdf", b"Just some text pretending", "is not a PDF file"),
        ("answers.docx", b"%PDF-1.7 a pdf in disguise", "is not a DOCX file"),
        ("call.mp3", b"\x00\x01\x02 not audio", "is not an MP3 file"),
        ("call.ogg", b"words, not a recording", "is not an OGG file"),
        ("call.webm", b"words, not a recording", "is not a WEBM file"),
        ("answers.exe", b"MZ\x90\x00", "is not a file we can take"),
        ("empty.txt", b"", "is empty"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(
    client, call, dpulo, manager, name, data, message
):
    client.force_login(manager)
    response = start(client, call, dpulo, how="document", source=SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssistedSource.objects.exists()


def test_a_real_document_and_recording_are_stored_privately(client, call, dpulo, manager):
    client.force_login(manager)
    docx = SimpleUploadedFile("our-answers.docx", docx_bytes())
    assert start(client, call, dpulo, how="document", source=docx).status_code == 302
    source = AssistedSource.objects.get()
    assert source.kind == "docx"
    assert not source.stored_name.startswith("/")
    response = client.get(reverse("eoi:manage-assisted-source", args=[source.pk]))
    assert b"".join(response.streaming_content) == docx_bytes()
    client.logout()
    assert client.get(reverse("eoi:manage-assisted-source", args=[source.pk])).status_code == 302
    assert assisted.sniffed(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "wav"
    assert assisted.sniffed(b"\x00\x00\x00\x18ftypmp42") == "mp4"


def test_a_document_or_recording_needs_its_file_and_a_small_enough_one(
    client, call, dpulo, manager, monkeypatch
):
    client.force_login(manager)
    response = start(client, call, dpulo, how="recording")
    assert "Upload the document or recording the organisation sent" in response.content.decode()
    monkeypatch.setattr(assisted, "MAX_BYTES", 64)
    big = SimpleUploadedFile("long.txt", b"word " * 100)
    response = start(client, call, dpulo, how="document", source=big)
    assert response.status_code == 200
    assert "The file must be smaller than" in response.content.decode()
    assert not AssistedSource.objects.exists()
    assert not ExpressionOfInterest.objects.filter(organisation=dpulo).exists()


def test_assessors_of_a_blind_call_cannot_tell_it_apart(
    client, call, dpulo, manager, role_users, django_capture_on_commit_callbacks
):
    call.blind_assessment = True
    call.save()
    client.force_login(manager)
    start(client, call, dpulo)
    eoi = fill_as_manager(client, call)
    assisted.ask_to_confirm(eoi, by=manager)
    token = link_in(Message.objects.get(kind="submission_confirmation")).rstrip("/")
    with django_capture_on_commit_callbacks(execute=True):
        assisted.confirm(token.rsplit("/", 1)[-1])
    eoi.refresh_from_db()
    call.opens_at = timezone.now() - timedelta(days=30)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    assessor = role_users[roles.ASSESSOR]
    assessment.assign(call, [assessor.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    client.force_login(assessor)
    client.post(reverse("eoi:assess-declare", args=[eoi.reference]), {"has_conflict": "no"})
    page = client.get(reverse("eoi:assess", args=[eoi.reference])).content.decode()
    assert "Answer 1 as told on the phone." in page
    assert "programme's help" not in page
    assert "Phoned-In" not in page
    client.force_login(manager)
    moderate = client.get(reverse("eoi:manage-moderate", args=[call.slug, eoi.reference]))
    assert "Completed with the programme's help" in moderate.content.decode()


def test_an_upload_without_its_form_token_is_refused(call, dpulo, manager):
    """The upload is bounded before the body is read, and the CSRF check still runs."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    source = SimpleUploadedFile("answers.txt", b"Our answers, typed up.")
    response = client.post(
        reverse("eoi:manage-assisted", args=[call.slug]),
        {"organisation": dpulo.pk, "how": "document", "source": source},
    )
    assert response.status_code == 403
    assert not AssistedSource.objects.exists()
