"""The programme team's management of people: their roles, the organisations they act for, and
an authenticator app they have lost. Each change is audit-logged with who made it.

Two rules keep the portal runnable: nobody takes away their own programme manager role (another
programme manager must), and the last active programme manager keeps the role.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import log as audit
from portal.errors import DomainError

from . import audit_actions, roles
from .models import Membership, Organisation, User


class PeopleError(DomainError):
    """A change to a person's roles or organisations that the portal refuses."""


def people(*, query="", role=""):
    """Everyone, by name, with their roles and organisations; narrowed by a word of their name
    or email address, or by a role."""
    found = User.objects.prefetch_related("groups", "memberships__organisation").order_by(
        "full_name", "email"
    )
    query = " ".join((query or "").split())[:100]
    if query:
        found = found.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if role in roles.ALL_ROLES:
        found = found.filter(groups__name=role)
    return found


def organisations(*, kind=""):
    found = Organisation.objects.annotate(people_count=Count("memberships")).order_by("name")
    if kind in Organisation.Kind.values:
        found = found.filter(kind=kind)
    return found


def save_organisation(organisation, *, by):
    """Add an organisation or save changes to one; the name must not be another's (in any
    letter case)."""
    adding = organisation.pk is None
    taken = Organisation.objects.filter(name__iexact=organisation.name.strip())
    if not adding:
        taken = taken.exclude(pk=organisation.pk)
    if taken.exists():
        raise PeopleError(
            f"There is already an organisation called {organisation.name.strip()}", field="name"
        )
    with transaction.atomic():
        organisation.name = organisation.name.strip()
        organisation.save()
        audit.record(
            audit_actions.ORGANISATION_ADDED if adding else audit_actions.ORGANISATION_CHANGED,
            f"{organisation.name} ({organisation.get_kind_display()})",
            user=by,
            obj=organisation,
        )
    return organisation


def _lock(person):
    return User.objects.select_for_update().get(pk=person.pk)


def set_roles(person, chosen, *, by):
    """Give the person exactly the ``chosen`` roles. Returns (added, removed)."""
    chosen = set(chosen)
    unknown = chosen - set(roles.ALL_ROLES)
    if unknown:
        raise PeopleError(f"There is no role called {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = _lock(person)
        held = set(locked.role_names)
        added, removed = chosen - held, held - chosen
        if roles.PROGRAMME_MANAGER in removed:
            if locked.pk == by.pk:
                raise PeopleError(
                    "You cannot take away your own programme manager role. Ask another "
                    "programme manager to do it.",
                    field="roles",
                )
            others = (
                User.objects.filter(groups__name=roles.PROGRAMME_MANAGER, is_active=True)
                .exclude(pk=locked.pk)
                .select_for_update()
            )
            if not others.exists():
                raise PeopleError(
                    "This is the only programme manager, so they keep the role. Give someone "
                    "else the role first.",
                    field="roles",
                )
        if not (added or removed):
            return set(), set()
        groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL_ROLES)}
        locked.groups.remove(*[groups[name] for name in removed])
        locked.groups.add(*[groups[name] for name in added])
        said = "; ".join(
            part
            for part in (
                f"given {', '.join(sorted(added))}" if added else "",
                f"no longer {', '.join(sorted(removed))}" if removed else "",
            )
            if part
        )
        audit.record(audit_actions.ROLES_CHANGED, f"{locked.email}: {said}", user=by, obj=locked)
    return added, removed


def add_membership(person, organisation, *, by):
    """Let the person act for the organisation (once)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=person, organisation=organisation
        )
        if not created:
            raise PeopleError(
                f"{person.full_name} already acts for {organisation.name}", field="organisation"
            )
        audit.record(
            audit_actions.MEMBERSHIP_ADDED,
            f"{person.email} now acts for {organisation.name}",
            user=by,
            obj=person,
        )
    return membership


def remove_membership(membership, *, by):
    with transaction.atomic():
        person, organisation = membership.user, membership.organisation
        membership.delete()
        audit.record(
            audit_actions.MEMBERSHIP_REMOVED,
            f"{person.email} no longer acts for {organisation.name}",
            user=by,
            obj=person,
        )


def remove_authenticator(person, *, by):
    """For a lost or replaced phone: the person's authenticator app goes, and with it their
    recovery codes; at their next sign-in a role that needs two-factor sign-in sets up a new
    one. The log records who removed it, as well as the removal itself."""
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=person)
        if not devices.exists():
            raise PeopleError(f"{person.full_name} has no authenticator app to remove")
        for device in devices:
            device.delete()  # one by one, so the recovery codes go too (a signal)
        audit.record(
            audit_actions.AUTHENTICATOR_REMOVED_FOR,
            f"{person.email}'s authenticator app removed by the programme team",
            user=by,
            obj=person,
        )
