"""A realistic stakeholder list for the demo (councils with their ONS codes, representative
bodies, DPULO networks, Health & Wellbeing Boards, HealthWatch, funders, media), and one
dissemination round of the first edition. Runs once. Email addresses use .example domains."""

from django.db import transaction

from accounts.models import User
from collection import dissemination
from collection.models import Edition, Round, Stakeholder
from demo import story

LA = "local_authority"
COUNCILS = [
    # name, region, ONS code, influence, interest
    ("Manchester City Council", "north_west", "E08000003", "high", "high"),
    ("Liverpool City Council", "north_west", "E08000012", "high", "medium"),
    ("Blackpool Council", "north_west", "E06000009", "medium", "low"),
    ("Newcastle City Council", "north_east", "E08000021", "high", "medium"),
    ("Hartlepool Borough Council", "north_east", "E06000001", "medium", "low"),
    ("Leeds City Council", "yorkshire_humber", "E08000035", "high", "high"),
    ("Sheffield City Council", "yorkshire_humber", "E08000019", "high", "medium"),
    ("City of York Council", "yorkshire_humber", "E06000014", "medium", "medium"),
    ("Nottingham City Council", "east_midlands", "E06000018", "high", "medium"),
    ("Leicester City Council", "east_midlands", "E06000016", "high", "low"),
    ("Birmingham City Council", "west_midlands", "E08000025", "high", "high"),
    ("Coventry City Council", "west_midlands", "E08000026", "medium", "medium"),
    ("Essex County Council", "east_of_england", "E10000012", "high", "low"),
    ("Hertfordshire County Council", "east_of_england", "E10000015", "high", "medium"),
    ("London Borough of Tower Hamlets", "london", "E09000030", "high", "high"),
    ("London Borough of Lambeth", "london", "E09000022", "high", "medium"),
    ("Westminster City Council", "london", "E09000033", "medium", "low"),
    ("Brighton and Hove City Council", "south_east", "E06000043", "medium", "high"),
    ("Surrey County Council", "south_east", "E10000030", "high", "low"),
    ("Bristol City Council", "south_west", "E06000023", "high", "high"),
    ("Plymouth City Council", "south_west", "E06000026", "medium", "medium"),
    ("Cardiff Council", "wales", "W06000015", "high", "medium"),
    ("City of Edinburgh Council", "scotland", "S12000036", "high", "low"),
    ("Belfast City Council", "northern_ireland", "N09000003", "medium", "low"),
]
OTHERS = [
    ("Local Government Association", "representative_body", "uk_wide", "high", "high"),
    (
        "Association of Directors of Adult Social Services",
        "representative_body",
        "uk_wide",
        "high",
        "medium",
    ),
    ("NHS Confederation", "representative_body", "uk_wide", "high", "low"),
    ("Inclusion London", "dpulo", "london", "medium", "high"),
    ("Disability Rights UK", "dpulo", "uk_wide", "medium", "high"),
    ("Northgate Disabled People's Forum", "dpulo", "north_west", "low", "high"),
    ("Manchester Health and Wellbeing Board", "hwb", "north_west", "high", "medium"),
    ("Bristol Health and Wellbeing Board", "hwb", "south_west", "medium", "medium"),
    ("Healthwatch England", "healthwatch", "uk_wide", "medium", "high"),
    ("Healthwatch Leeds", "healthwatch", "yorkshire_humber", "low", "high"),
    ("A national lottery funder", "funder", "uk_wide", "medium", "medium"),
    ("Disability News Service", "media", "uk_wide", "low", "high"),
    ("Local Government Chronicle", "media", "uk_wide", "medium", "low"),
    ("An independent commissioning consultant", "other", "uk_wide", "low", "low"),
]


def _address(name):
    slug = "".join(c for c in name.lower().replace(" ", "-") if c.isalnum() or c == "-")[:40]
    return f"contact@{slug}.example"


# The map was drawn while the edition was being prepared, and the first round went out two
# days after it was published (see ``demo.editions``).
MAPPED_DAYS_AGO = 9
SENT_DAYS_AGO = 4


def seed():
    with story.at(story.working_days_ago(MAPPED_DAYS_AGO, hour=10, minute=40)):
        _map()
    edition = Edition.objects.filter(status=Edition.Status.PUBLISHED).first()
    if edition is None or Round.objects.exists():
        return None
    with story.at(story.working_days_ago(SENT_DAYS_AGO, hour=14, minute=5)):
        return _send_first_round(edition)


@transaction.atomic
def _map():
    for name, region, code, influence, interest in COUNCILS:
        Stakeholder.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": LA,
                "region": region,
                "influence": influence,
                "interest": interest,
                "contact_name": "Commissioning team",
                "email": _address(name),
            },
        )
    for name, kind, region, influence, interest in OTHERS:
        Stakeholder.objects.update_or_create(
            name=name,
            kind=kind,
            defaults={
                "region": region,
                "influence": influence,
                "interest": interest,
                "email": _address(name),
            },
        )


@transaction.atomic
def _send_first_round(edition):
    round_ = dissemination.prepare(
        edition,
        kinds=[LA],
        regions=["north_west"],
        subject=f"{edition.title}: case studies for commissioners",
        message="We are pleased to share the first edition of the DPULO case studies.",
        attach_pdf=False,
        by=User.objects.filter(email="coordinator@example.org").first(),
    )
    dissemination.start_sending(round_)
    return round_
