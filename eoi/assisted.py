"""Other ways to apply: the programme team completes an expression of interest on an
organisation's behalf, from a conversation or from a document or recording the organisation
sent, and it is submitted only when the organisation's named contact confirms it.

The programme manager types the answers into the same pages an applicant uses (the journey's
views find the organisation through ``acting_for``), so the same rules apply: the same A4
limit, the same closing time (with any extension). The expression of interest is marked
"completed with the programme's help" for the programme team; assessors are never shown it.

Confirming is by a single-use link emailed to the contact. The page behind it shows exactly
what will be submitted; the link carries a fingerprint of the printed text, so a change made
after it was sent voids it, and it works once.
"""

import hashlib
import io
import secrets
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.log import record
from mail import outbox
from mail.models import Message
from portal.dates import govuk_datetime

from . import application, audit_actions, printing
from .errors import EOIError
from .models import AssistedSource, ExpressionOfInterest, SubmissionConfirmation

SESSION_KEY = "acting_for"
MAX_BYTES = settings.ASSISTED_SOURCE_MAX_MB * 1024 * 1024

# What each kind of file is called, the endings that claim it, and its content type.
KINDS = {
    "pdf": ((".pdf",), "application/pdf"),
    "docx": (
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "text": ((".txt",), "text/plain; charset=utf-8"),
    "mp3": ((".mp3",), "audio/mpeg"),
    "wav": ((".wav",), "audio/wav"),
    "ogg": ((".ogg", ".oga"), "audio/ogg"),
    "mp4": ((".mp4", ".m4a", ".m4v", ".mov"), "video/mp4"),
    "webm": ((".webm",), "video/webm"),
}
ACCEPTED = ", ".join(sorted({e for endings, _ in KINDS.values() for e in endings}))
NOT_WHAT_IT_CLAIMS = (
    "The file {name} is not {claimed} file. Upload a PDF, a Word document (.docx), plain text "
    "(.txt), or an audio or video recording (MP3, WAV, OGG, MP4 or WebM)"
)


def acting_for(request, call):
    """The organisation a programme manager is completing ``call``'s expression of interest
    for in this session, or None."""
    if not request.user.has_perm("eoi.manage_calls"):
        return None
    organisation_id = request.session.get(SESSION_KEY, {}).get(call.slug)
    if organisation_id is None:
        return None
    eoi = (
        ExpressionOfInterest.objects.filter(call=call, organisation_id=organisation_id)
        .exclude(assisted_by=None)
        .select_related("organisation")
        .first()
    )
    return eoi.organisation if eoi else None


def sniffed(data):
    """What the bytes are, read from the bytes themselves, or None."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text"
    return None


def check_source(name, data):
    """The kind of an uploaded source, refused with a clear message if it is empty, too big,
    of a kind we do not take, or not what its name claims."""
    ending = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = next((kind for kind, (endings, _) in KINDS.items() if ending in endings), None)
    if claimed is None:
        raise EOIError(f"{name} is not a file we can take. Upload one ending {ACCEPTED}")
    if not data:
        raise EOIError(f"The file {name} is empty")
    if len(data) > MAX_BYTES:
        raise EOIError(f"The file must be smaller than {settings.ASSISTED_SOURCE_MAX_MB} MB")
    actual = sniffed(data)
    if actual != claimed:
        label = ending.lstrip(".").upper()
        # Said as letters: "an MP3", "an OGG", but "a PDF", "a MOV".
        article = "an" if label[0] in "AEIOU" or label[:2] in ("MP", "M4") else "a"
        raise EOIError(NOT_WHAT_IT_CLAIMS.format(name=name, claimed=f"{article} {label}"))
    return actual


def start(request, call, organisation, *, how, source=None):
    """Begin (or take up) ``organisation``'s expression of interest for ``call`` on its
    behalf, store any document or recording it sent, and act for it in this session."""
    by = request.user
    if how not in ("conversation", "document", "recording"):
        raise EOIError("Select how the organisation gave you its answers")
    if how != "conversation" and source is None:
        raise EOIError("Upload the document or recording the organisation sent")
    with transaction.atomic():
        eoi = application.start(call, organisation, by=by)
        if eoi.is_submitted and not eoi.changed_since_submission:
            raise EOIError(
                f"{organisation.name} has already submitted its expression of interest "
                f"({eoi.reference}). It can change it itself until the call closes."
            )
        eoi.assisted_by, eoi.assisted_how = by, how
        fields = ["assisted_by", "assisted_how"]
        if eoi.contact_email.lower() == by.email.lower():
            # A new draft names whoever started it as the contact: never the programme team,
            # who must not be the one to confirm what they typed.
            eoi.contact_name = eoi.contact_email = ""
            fields += ["contact_name", "contact_email"]
        eoi.save(update_fields=fields)
        if source is not None:
            name, data = source
            kind = check_source(name, data)
            stored = default_storage.save(
                f"assisted/{eoi.pk}/{uuid.uuid4().hex}{'.' + name.rsplit('.', 1)[-1].lower()}",
                ContentFile(data),
            )
            AssistedSource.objects.create(
                expression_of_interest=eoi,
                name=name[:200],
                kind=kind,
                content_type=KINDS[kind][1],
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                stored_name=stored,
                uploaded_by=by,
            )
        record(
            audit_actions.ASSISTED_STARTED,
            f"Expression of interest for {organisation.name} on {call.title} being completed "
            f"with the programme's help ({eoi.get_assisted_how_display().lower()})",
            user=by,
            obj=eoi,
        )
    acting = dict(request.session.get(SESSION_KEY, {}))
    acting[call.slug] = organisation.pk
    request.session[SESSION_KEY] = acting
    return eoi


def stop(request, call):
    acting = dict(request.session.get(SESSION_KEY, {}))
    acting.pop(call.slug, None)
    request.session[SESSION_KEY] = acting


def fingerprint(eoi):
    """Of exactly what would be submitted: the printed expression of interest."""
    return hashlib.sha256(printing.html_for(eoi).encode()).hexdigest()


def ask_to_confirm(eoi, *, by, now=None):
    """Email the organisation's named contact a single-use link to confirm and submit. Checked
    first as a submission would be (complete, within the page limit, before the closing time),
    so the contact is never asked to confirm something that cannot be submitted. An earlier
    link still unused stops working."""
    now = now or timezone.now()
    application.check_deadline(eoi.call, eoi.organisation, now)
    missing = application.missing_sections(eoi)
    if missing:
        raise application.Incomplete(missing)
    count = printing.count_pages(eoi)
    if count.over_limit:
        raise application.TooLong(count)
    if not eoi.contact_email:
        raise EOIError("Enter the contact person's email address first")
    outsider = (
        get_user_model()
        .objects.filter(email__iexact=eoi.contact_email)
        .exclude(memberships__organisation=eoi.organisation)
        .exists()
    )
    if outsider or eoi.contact_email.lower() == by.email.lower():
        raise EOIError(
            f"The contact must be someone at {eoi.organisation.name}, who confirms it for "
            "them. Change the contact person's email address"
        )
    token = secrets.token_urlsafe(32)
    link = settings.PORTAL_URL + reverse("eoi:confirm-submission", args=[token])
    expires = min(
        now + timedelta(days=settings.ASSISTED_CONFIRM_DAYS),
        application.closing_time(eoi.call, eoi.organisation),
    )
    with transaction.atomic():
        eoi.confirmations.filter(used_at=None).update(expires_at=now)
        SubmissionConfirmation.objects.create(
            expression_of_interest=eoi,
            token_hash=_hash(token),
            email=eoi.contact_email,
            fingerprint=fingerprint(eoi),
            sent_by=by,
            sent_at=now,
            expires_at=expires,
        )
        outbox.queue(
            Message.Kind.SUBMISSION_CONFIRMATION,
            to=eoi.contact_email,
            subject=f"Please confirm your expression of interest for {eoi.call.title}",
            body=(
                f"Dear {eoi.contact_name or 'colleague'},\n\n"
                f"{by.full_name} of the programme team has completed {eoi.organisation.name}'s "
                f"expression of interest for {eoi.call.title} with you. It has not been sent "
                "yet: only you can send it.\n\n"
                "Read exactly what will be submitted, and confirm it, here (the link works "
                f"once, until {govuk_datetime(expires)}):\n\n{link}\n\n"
                f"If anything is wrong, do not confirm: reply to {eoi.call.contact_email}."
            ),
            reason=f"you are the named contact for {eoi.organisation.name}",
            about=eoi,
            reply_to=eoi.call.contact_email,
            secrets=[link],
            now=now,
        )
        record(
            audit_actions.ASSISTED_SENT_TO_CONFIRM,
            f"Sent to {eoi.contact_email} to confirm and submit",
            user=by,
            obj=eoi,
        )


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Found:
    """A confirmation link as the page behind it finds it: ``problem`` says why it cannot be
    used (in words for the contact), or is empty."""

    confirmation: SubmissionConfirmation
    problem: str


USED = "This link has already been used: the expression of interest was submitted."
EXPIRED = (
    "This link has expired. Ask the programme team to send a new one if the call is still open."
)
CHANGED = (
    "The expression of interest has changed since this link was sent, so it cannot be "
    "confirmed from here. Ask the programme team to send you the new version."
)


def find(token, now=None):
    """The confirmation behind ``token``, or None if there is none."""
    found = (
        SubmissionConfirmation.objects.filter(token_hash=_hash(token or ""))
        .select_related("expression_of_interest__call", "expression_of_interest__organisation")
        .first()
    )
    if found is None:
        return None
    return Found(found, _problem(found, now or timezone.now()))


def _problem(confirmation, now):
    if confirmation.used_at:
        return USED
    if now >= confirmation.expires_at:
        return EXPIRED
    if fingerprint(confirmation.expression_of_interest) != confirmation.fingerprint:
        return CHANGED
    return ""


def confirm(token, now=None):
    """Submit what the contact read, once: the link is locked, checked again and used in the
    same transaction as the submission, so two clicks submit once."""
    now = now or timezone.now()
    with transaction.atomic():
        found = (
            SubmissionConfirmation.objects.select_for_update()
            .filter(token_hash=_hash(token or ""))
            .first()
        )
        if found is None:
            raise EOIError(EXPIRED)
        problem = _problem(found, now)
        if problem:
            raise EOIError(problem)
        eoi = found.expression_of_interest
        # The receipt goes to whoever confirmed: an account if the contact has one.
        person = (
            get_user_model()
            .objects.filter(
                email__iexact=found.email,
                memberships__organisation=eoi.organisation,
                is_active=True,
            )
            .first()
        )
        submission = application.submit(eoi, by=person, now=now)
        found.used_at = now
        found.save(update_fields=["used_at"])
        record(
            audit_actions.ASSISTED_CONFIRMED,
            f"{eoi.reference} confirmed by {found.email}, the organisation's contact",
            who=found.email,
            obj=eoi,
        )
    return submission
