"""Emailed links that work once and expire: the author's invitation and the commissioner's
sign-off. The token is shown only in the email; the database keeps its SHA-256, so a copy of
the database cannot be used to sign anything off."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from accounts.services import grant_role
from audit import log as audit
from mail import outbox
from mail.models import Message
from portal.dates import govuk_datetime
from portal.errors import DomainError

from . import audit_actions
from .models import CaseStudy, SignOff, SingleUseLink


class LinkError(DomainError):
    """The link cannot be used; ``message`` says why and what to do instead."""


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create(
    case_study,
    purpose,
    *,
    name,
    email,
    role="",
    text_digest="",
    by=None,
    now=None,
    expires_at=None,
):
    """A new link; earlier unused links for the same purpose stop working. Returns the token.
    It expires after ``LINK_LIFETIME_DAYS``, or at ``expires_at`` (a reminder's fresh link
    keeps the original deadline)."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    SingleUseLink.objects.filter(
        case_study=case_study, purpose=purpose, used_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now)
    SingleUseLink.objects.create(
        case_study=case_study,
        purpose=purpose,
        token_hash=digest(token),
        name=name,
        email=email,
        role=role,
        text_digest=text_digest,
        created_at=now,
        created_by=by,
        expires_at=expires_at or now + timedelta(days=settings.LINK_LIFETIME_DAYS),
    )
    return token


def url(purpose, token):
    name = (
        "casestudies:invitation"
        if purpose == SingleUseLink.Purpose.INVITATION
        else "casestudies:commissioner-sign-off"
    )
    return settings.PORTAL_URL + reverse(name, args=[token])


def find(token, purpose, *, now=None, lock=False):
    """The link for this token, or a LinkError saying plainly why it cannot be used."""
    now = now or timezone.now()
    links = SingleUseLink.objects.select_related("case_study__dpulo")
    if lock:
        links = links.select_for_update()
    link = links.filter(token_hash=digest(token or ""), purpose=purpose).first()
    if link is None:
        raise LinkError(
            "This link is not recognised. Check it is the whole link from the email, or ask "
            "the coordinator to send a new one."
        )
    if link.used_at:
        raise LinkError("This link has already been used. Each link works only once.")
    if link.voided_at:
        raise LinkError(
            "This link no longer works because a newer one was sent or the text changed. "
            "Use the most recent email, or ask the coordinator for a new link."
        )
    if link.expires_at <= now:
        raise LinkError(
            "This link has expired. Ask the coordinator to send you a new one; links work "
            f"for {settings.LINK_LIFETIME_DAYS} days."
        )
    return link


def send_invitation(case_study, *, name, email, by=None, now=None):
    token = create(
        case_study, SingleUseLink.Purpose.INVITATION, name=name, email=email, by=by, now=now
    )
    link = url(SingleUseLink.Purpose.INVITATION, token)
    # The link lives only in the queued message, until it is delivered.
    outbox.queue(
        Message.Kind.INVITATION,
        to=email,
        user=get_user_model().objects.filter(email__iexact=email).first(),
        subject=f"You are invited to write a case study: {case_study.title}",
        body=render_to_string(
            "casestudies/email/invitation.txt",
            {
                "case_study": case_study,
                "name": name,
                "link": link,
                "days": settings.LINK_LIFETIME_DAYS,
            },
        ),
        reason=f"the coordinator chose {case_study.dpulo.name}'s work for the collection",
        about=case_study,
        secrets=[link],
        now=now,
    )
    return token


def accept_invitation(token, *, user=None, full_name="", password="", now=None):
    """Use an invitation: with ``user`` (signed in with the invited address) or by creating
    the account. Either way the person joins the DPULO as an author of the case study."""
    now = now or timezone.now()
    users = get_user_model().objects
    with transaction.atomic():
        link = find(token, SingleUseLink.Purpose.INVITATION, now=now, lock=True)
        if user is None:
            if users.filter(email__iexact=link.email).exists():
                raise LinkError(
                    "An account with this email address already exists. Sign in, then use "
                    "the link again."
                )
            try:
                with transaction.atomic():
                    user = users.create_user(
                        email=link.email, password=password, full_name=full_name
                    )
            except IntegrityError as error:
                raise LinkError(
                    "An account with this email address already exists. Sign in, then use "
                    "the link again."
                ) from error
        elif user.email.lower() != link.email.lower():
            raise LinkError(
                f"This invitation was sent to {link.email}, but you are signed in as "
                f"{user.email}. Sign out, then use the link again."
            )
        Membership.objects.get_or_create(user=user, organisation=link.case_study.dpulo)
        grant_role(user, roles.AUTHOR)
        case_study = CaseStudy.objects.select_for_update().get(pk=link.case_study_id)
        if case_study.author_id is None:
            case_study.author = user
            case_study.save(update_fields=["author", "updated_at"])
        link.used_at = now
        link.save(update_fields=["used_at"])
        audit.record(
            audit_actions.INVITATION_ACCEPTED,
            f"Invitation to write “{case_study.title}” accepted by {user.email}",
            user=user,
            obj=case_study,
        )
    return user, case_study


def request_commissioner_sign_off(case_study, *, by, now=None):
    """Email the commissioner's contact a link to read and sign off the approved text."""
    from . import signoff

    if case_study.status != CaseStudy.Status.APPROVED:
        raise LinkError("Only an approved case study can be sent for sign-off.")
    if signoff.live(case_study, SignOff.Party.COMMISSIONER):
        raise LinkError("The commissioner has already signed off this text.")
    with transaction.atomic():  # the link and its email together, or neither
        return send_sign_off_link(case_study, by=by, now=now)


def send_sign_off_link(
    case_study,
    *,
    by,
    now=None,
    expires_at=None,
    kind=None,
    reason=None,
    template="casestudies/email/sign_off_request.txt",
    once_key="",
):
    """A new sign-off link for the commissioner's contact, queued in the outbox (earlier
    unused links stop working). Reminders pass the original ``expires_at``."""
    from . import commissioner_needs, signoff

    token = create(
        case_study,
        SingleUseLink.Purpose.SIGN_OFF,
        name=case_study.commissioner_contact_name,
        email=case_study.commissioner_contact_email,
        role=case_study.commissioner_contact_role,
        text_digest=signoff.text_digest(case_study),
        by=by,
        now=now,
        expires_at=expires_at,
    )
    link = url(SingleUseLink.Purpose.SIGN_OFF, token)
    expires = SingleUseLink.objects.get(token_hash=digest(token)).expires_at
    outbox.queue(
        kind or Message.Kind.SIGN_OFF_REQUEST,
        to=case_study.commissioner_contact_email,
        subject=f"Please sign off the case study: {case_study.title}",
        body=render_to_string(
            template,
            {
                "case_study": case_study,
                "link": link,
                "days": settings.LINK_LIFETIME_DAYS,
                "expires_at": govuk_datetime(expires),
            },
        ),
        reason=reason
        or f"you are the contact at {case_study.commissioner_name} for this case study",
        about=case_study,
        secrets=[link],
        once_key=once_key,
        large_type=commissioner_needs.wants_large_print(case_study),
        now=now,
    )
    return token


def find_sign_off(token, *, now=None, lock=False):
    """A commissioner's sign-off link and its case study, if the link can still be used for
    the text it was sent for."""
    from . import signoff

    link = find(token, SingleUseLink.Purpose.SIGN_OFF, now=now, lock=lock)
    case_study = CaseStudy.objects.select_for_update() if lock else CaseStudy.objects
    case_study = case_study.get(pk=link.case_study_id)
    if signoff.text_digest(case_study) != link.text_digest:
        raise LinkError(
            "The case study has changed since this link was sent. Ask the coordinator to "
            "send a new link for the current text."
        )
    return link, case_study


def use_sign_off_link(token, *, name, role, seen_digest=None, now=None):
    """The commissioner signs off through their link: once, before it expires, and only the
    content it was sent for (and, with ``seen_digest``, the content the page showed)."""
    from . import signoff

    now = now or timezone.now()
    with transaction.atomic():
        link, case_study = find_sign_off(token, now=now, lock=True)
        record = signoff.record(
            case_study,
            SignOff.Party.COMMISSIONER,
            name=name,
            role=role,
            method=SignOff.Method.LINK,
            evidence=f"Link sent to {link.email}",
            seen_digest=link.text_digest if seen_digest is None else seen_digest,
            now=now,
        )
        link.used_at = now
        link.save(update_fields=["used_at"])
    return record
