"""Access needs, said once: saving them, describing them for the people who work with the
person, honouring the parts the portal can honour itself, and deleting them when the person
stops using the portal.

Who may see someone's needs is decided where the work is (``eoi.rules`` for the programme team
and an applicant, ``casestudies.rules`` for the coordinator and an author); this module only
reads and writes them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from audit.log import record
from mail.models import Preference
from portal import stale

from . import audit_actions
from .models import AccessNeeds

FIELDS = [
    "contact",
    "phone",
    "contact_other",
    "documents",
    "documents_other",
    "support",
    "support_other",
    "more_time",
    "more_time_other",
]


def of(user):
    """The person's access needs as saved, or the defaults (nothing said) if they never
    said any. Never saved by reading."""
    found = AccessNeeds.objects.filter(user=user).first()
    return found or AccessNeeds(user=user)


def opened_as(needs):
    """What a page showing ``needs`` carries, to refuse saving over someone else's change
    (the same person in another tab, or on another device)."""
    return stale.fingerprint(needs, FIELDS)


def save(user, values, *, opened_as=None):
    """Save the person's access needs (``values``: field name to value) unless they changed
    since the page was opened; the first save creates them. Large print asks for the
    large-type version of every email as well. Audit-logged without the needs themselves."""
    with transaction.atomic():
        # A first save compares with the defaults, which is what its page showed.
        existing, _ = AccessNeeds.objects.get_or_create(user=user)
        needs = stale.lock_unchanged(existing, FIELDS, opened_as)
        for name in FIELDS:
            setattr(needs, name, values.get(name, getattr(needs, name)))
        needs.updated_at = timezone.now()
        needs.save()
        if needs.documents == AccessNeeds.Documents.LARGE_PRINT:
            Preference.objects.update_or_create(
                user=user, defaults={"format": Preference.Format.LARGE}
            )
        record(
            audit_actions.ACCESS_NEEDS_SAVED,
            "Access needs saved",
            user=user,
            obj=user,
        )
    return needs


def clear(user):
    """Remove everything the person said (their choice, from "Your access needs")."""
    with transaction.atomic():
        removed, _ = AccessNeeds.objects.filter(user=user).delete()
        if removed:
            record(audit_actions.ACCESS_NEEDS_REMOVED, "Access needs removed", user=user, obj=user)
    return bool(removed)


@dataclass(frozen=True)
class Need:
    """One line of a person's needs as a panel shows it: what about, and what they said."""

    about: str
    said: str


def described(needs):
    """What the person said, in plain lines, leaving out what is only the default (email,
    standard print, nothing more). An empty list when nothing was said."""
    if needs is None:
        return []
    lines = []
    if needs.contact != AccessNeeds.Contact.EMAIL:
        said = needs.get_contact_display()
        if needs.contact in (AccessNeeds.Contact.PHONE, AccessNeeds.Contact.TEXT_RELAY):
            said += f" on {needs.phone}" if needs.phone else ""
        lines.append(Need("Contact by", said))
    if needs.contact_other:
        lines.append(Need("About contact", needs.contact_other))
    if needs.documents != AccessNeeds.Documents.STANDARD:
        lines.append(Need("Documents in", needs.get_documents_display()))
    if needs.documents_other:
        lines.append(Need("About documents", needs.documents_other))
    labels = dict(AccessNeeds.Support.choices)
    chosen = [labels[s] for s in needs.support if s in labels]
    if chosen:
        lines.append(Need("In meetings and calls", "; ".join(chosen)))
    if needs.support_other:
        lines.append(Need("Other support", needs.support_other))
    if needs.more_time:
        lines.append(Need("Time", "May need more time"))
    if needs.more_time_other:
        lines.append(Need("About time", needs.more_time_other))
    return lines


@dataclass(frozen=True)
class PersonsNeeds:
    """A person and their needs in plain lines, for an "Access needs" panel."""

    person: object
    needs: list


def for_people(people):
    """Each of ``people`` who said something, with what they said, by name."""
    found = {
        n.user_id: n for n in AccessNeeds.objects.filter(user__in=[p.pk for p in people]).order_by()
    }
    shown = []
    for person in sorted(people, key=lambda p: p.full_name.lower()):
        lines = described(found.get(person.pk))
        if lines:
            shown.append(PersonsNeeds(person, lines))
    return shown


def may_need_more_time(people):
    """The ids of those among ``people`` (users or ids) who said they may need more time."""
    ids = [getattr(p, "pk", p) for p in people]
    return set(
        AccessNeeds.objects.filter(user__in=ids, more_time=True).values_list("user_id", flat=True)
    )


def large_print_addresses(emails):
    """Those of ``emails`` (compared in lower case) whose account asked for large print, in
    its access needs or its email settings: for emails sent to an address, not a person."""
    wanted = {email.lower() for email in emails if email}
    if not wanted:
        return set()
    found = (
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=wanted)
        .filter(
            Q(access_needs__documents=AccessNeeds.Documents.LARGE_PRINT)
            | Q(mail_preference__format=Preference.Format.LARGE)
        )
        .values_list("address", flat=True)
    )
    return set(found)


def expire(days=None, now=None, dry_run=False):
    """Delete the access needs of everyone who has not signed in for ``RETENTION_DAYS``
    (nor saved their needs since): they are health information, kept only while the person
    uses the portal. Returns how many were deleted (with ``dry_run``, would be; none is)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS if days is None else days)
    stale_needs = AccessNeeds.objects.filter(updated_at__lt=cutoff).filter(
        Q(user__last_login__lt=cutoff) | Q(user__last_login__isnull=True)
    )
    if dry_run:
        return stale_needs.count()
    return stale_needs.delete()[1].get(AccessNeeds._meta.label, 0)
