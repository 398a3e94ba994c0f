"""Business rules for accounts: registering a DPULO and granting roles."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from portal.errors import DomainError

from . import roles
from .models import Membership, Organisation, User


class RegistrationError(DomainError):
    """Registration could not go ahead; ``field`` names the form field at fault."""


DUPLICATE_EMAIL = (
    "An account with this email address already exists. "
    "Sign in, or reset your password if you have forgotten it."
)
DUPLICATE_ORGANISATION = (
    "An organisation with this name is already registered. "
    "Ask someone there to add you, or contact us if you think this is wrong."
)


def email_in_use(email):
    return User.objects.filter(email__iexact=(email or "").strip()).exists()


def organisation_name_in_use(name):
    return Organisation.objects.filter(name__iexact=(name or "").strip()).exists()


@dataclass(frozen=True)
class Registration:
    user: User
    organisation: Organisation


def register_dpulo(*, organisation_fields, full_name, email, password):
    """Create a DPULO and its first user, who becomes its admin and an Applicant.

    Runs in one transaction: either both exist afterwards or neither does. A repeated or
    concurrent submission of the same details fails on the database's unique constraints
    and is reported as the duplicate it is.
    """
    if email_in_use(email):
        raise RegistrationError(DUPLICATE_EMAIL, field="email")
    if organisation_name_in_use(organisation_fields.get("name")):
        raise RegistrationError(DUPLICATE_ORGANISATION, field="name")
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                kind=Organisation.Kind.DPULO, **organisation_fields
            )
            user = User.objects.create_user(email=email, password=password, full_name=full_name)
            Membership.objects.create(
                user=user, organisation=organisation, is_organisation_admin=True
            )
            grant_role(user, roles.APPLICANT)
    except IntegrityError as error:
        if email_in_use(email):
            raise RegistrationError(DUPLICATE_EMAIL, field="email") from error
        raise RegistrationError(DUPLICATE_ORGANISATION, field="name") from error
    return Registration(user=user, organisation=organisation)


def grant_role(user, role):
    if role not in roles.ALL_ROLES:
        raise ValueError(f"Unknown role: {role}")
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
