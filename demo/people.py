"""Demo organisations and one account per role, for trying the portal on a laptop.

Idempotent: running it twice leaves the same data. Later parts of the portal add their own
demo data by extending ``seed_demo``.
"""

from django.db import transaction

from accounts import roles
from accounts.models import Membership, Organisation, User
from accounts.services import grant_role

DEMO_PASSWORD = "dpulo-demo-2026"  # noqa: S105 - published in the README for local use

ORGANISATIONS = [
    {
        "name": "Strengthening DPULOs Programme",
        "kind": Organisation.Kind.PROGRAMME_TEAM,
        "region": Organisation.Region.UK_WIDE,
        "run_by_disabled_people": False,
    },
    {
        "name": "Northgate Disabled People's Forum",
        "kind": Organisation.Kind.DPULO,
        "region": Organisation.Region.NORTH_WEST,
        "run_by_disabled_people": True,
        "website": "https://northgate-dpf.example.org",
        "charity_number": "1109876",
    },
    {
        "name": "Riverside Deaf and Disabled People's Network",
        "kind": Organisation.Kind.DPULO,
        "region": Organisation.Region.LONDON,
        "run_by_disabled_people": True,
        "website": "https://riverside-ddpn.example.org",
        "company_number": "07123456",
    },
    {
        "name": "Coastway Centre for Independent Living",
        "kind": Organisation.Kind.DPULO,
        "region": Organisation.Region.SOUTH_WEST,
        "run_by_disabled_people": True,
        "charity_number": "1154321",
    },
    {
        "name": "Northgate City Council",
        "kind": Organisation.Kind.COMMISSIONER,
        "region": Organisation.Region.NORTH_WEST,
        "run_by_disabled_people": False,
        "website": "https://northgate.example.gov.uk",
    },
]

ACCOUNTS = [
    ("applicant@example.org", "Amara Okafor", roles.APPLICANT, "Northgate Disabled People's Forum"),
    ("assessor@example.org", "Sam Patel", roles.ASSESSOR, "Strengthening DPULOs Programme"),
    (
        "manager@example.org",
        "Morgan Hughes",
        roles.PROGRAMME_MANAGER,
        "Strengthening DPULOs Programme",
    ),
    (
        "coordinator@example.org",
        "Chris Evans",
        roles.COORDINATOR,
        "Riverside Deaf and Disabled People's Network",
    ),
    ("author@example.org", "Alex Morgan", roles.AUTHOR, "Coastway Centre for Independent Living"),
]


@transaction.atomic
def seed():
    """Create or refresh the demo organisations and accounts; return the accounts."""
    organisations = {}
    for fields in ORGANISATIONS:
        values = dict(fields)
        name = values.pop("name")
        organisation, _ = Organisation.objects.update_or_create(name=name, defaults=values)
        organisations[name] = organisation

    users = []
    for email, full_name, role, organisation_name in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": full_name,
                "is_active": True,
                "is_staff": role == roles.PROGRAMME_MANAGER,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        grant_role(user, role)
        Membership.objects.update_or_create(
            user=user,
            organisation=organisations[organisation_name],
            defaults={"is_organisation_admin": True},
        )
        users.append(user)
    return users
