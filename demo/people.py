"""Demo organisations and one account per role, for trying the portal on a laptop.

Idempotent: running it twice leaves the same data. Later parts of the portal add their own
demo data by extending ``seed_demo``.
"""

from django.db import transaction

from accounts import access_needs, roles
from accounts.models import AccessNeeds, Membership, Organisation, User
from accounts.services import grant_role

from . import story

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


# What three demo people have told us, so the "Access needs" panels show something: the
# programme team's on the moderation and letter pages of Harbour Town's expression of interest
# (EOI-2012-0001), and the coordinator's on the demo author's case studies.
DEMO_ACCESS_NEEDS = {
    "applicant@example.org": {
        "contact": AccessNeeds.Contact.TEXT_RELAY,
        "phone": "0161 496 0321",
        "contact_other": "Mornings are best; I tire in the afternoons.",
        "documents": AccessNeeds.Documents.LARGE_PRINT,
        "support": [AccessNeeds.Support.CAPTIONS, AccessNeeds.Support.BREAKS],
        "more_time": True,
    },
    "contact@harbour.example.org": {
        "documents": AccessNeeds.Documents.EASY_READ,
        "support": [AccessNeeds.Support.BSL],
        "support_other": "Please book the interpreter for calls too; I use BSL, not English.",
    },
    "author@example.org": {
        "support": [AccessNeeds.Support.NOTE_TAKER, AccessNeeds.Support.BREAKS],
        "more_time": True,
        "more_time_other": "A week to read a draft before we meet about it.",
    },
}


def seed_access_needs():
    """Said once, when the demo is first seeded (after the calls, which add Harbour Town's
    contact); a person's later changes are kept."""
    for days_ago, user in enumerate(User.objects.filter(email__in=list(DEMO_ACCESS_NEEDS)), 3):
        if not AccessNeeds.objects.filter(user=user).exists():
            moment = story.working_days_ago(days_ago, hour=9, minute=40)
            with story.at(moment), transaction.atomic():
                access_needs.save(user, DEMO_ACCESS_NEEDS[user.email])
