"""Demo data for assessment: the 2012 coordination call, closed, with six submitted
expressions of interest, three assessors, a conflict and a disagreement, so the moderation
page has something to show. Runs once: if the call exists it is left as it is.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts import roles
from accounts.models import Membership, Organisation
from accounts.services import grant_role
from demo import story
from demo.calls import COORDINATION_CRITERIA, COORDINATION_GUIDANCE
from demo.people import DEMO_PASSWORD
from eoi import application, assessment
from eoi.models import Assignment, Call, Criterion

SLUG = "dpulos-making-a-difference-2012"
LONDON = ZoneInfo("Europe/London")
CLOSES_AT = datetime(2012, 4, 25, 17, 0, tzinfo=LONDON)

EXTRA_ASSESSORS = [
    ("assessor2@example.org", "Priya Shah"),
    ("assessor3@example.org", "Tom Reilly"),
]

APPLICANTS = [
    ("Harbour Town Disability Action", Organisation.Region.SOUTH_WEST, 320, [3, 3, 2, 3, 3, 2, 3]),
    ("Fenland Disabled People's Voice", Organisation.Region.EAST, 280, [2, 2, 3, 2, 2, 3, 3]),
    (
        "Pennine Independent Living Network",
        Organisation.Region.YORKSHIRE,
        350,
        [4, 4, 3, 3, 4, 3, 2],
    ),
    ("Valleys Deaf and Disabled Forum", Organisation.Region.WALES, 300, [1, 2, 2, 2, 1, 2, 3]),
    (
        "Clydeside Disabled People's Alliance",
        Organisation.Region.SCOTLAND,
        340,
        [3, 3, 3, 3, 3, 3, 3],
    ),
    (
        "Midlands User-Led Partnership",
        Organisation.Region.WEST_MIDLANDS,
        375,
        [2, 3, 4, 3, 2, 3, 2],
    ),
]

ANSWER = (
    "Our organisation has worked with commissioners in {region} for many years. "
    "We run user networks, take part in every stage of the commissioning cycle, and have "
    "written reports for local authorities and health bodies to tight deadlines."
)


def seed():
    """The call's story from March to May 2012, each step at its own time (``demo.story``),
    so the expressions of interest, receipts, assessments and audit log all agree."""
    if Call.objects.filter(slug=SLUG).exists():
        return Call.objects.get(slug=SLUG)
    with story.at(CLOSES_AT - timedelta(days=40, hours=6)), transaction.atomic():
        call, assessors = _publish_call()
    criteria = list(call.criteria.all())
    eois = []
    for index, (name, region, rate, scores) in enumerate(APPLICANTS):
        # Drafted over the call's last fortnight and submitted in its last week, at times of
        # day people work (the last one twenty minutes before the 5pm close).
        earlier = (7, 6, 5, 2, 1, 0)[index]  # Wednesday 18 April to Wednesday 25 April 2012
        submitted = CLOSES_AT - timedelta(days=earlier, minutes=20 + 60 * earlier)
        before = submitted - timedelta(days=7, hours=2)
        with story.at(before), transaction.atomic():
            eoi, user = _draft(call, criteria, name, region, rate)
        with story.at(submitted):
            application.submit(eoi, by=user)
        eoi.refresh_from_db()
        eois.append((eoi, scores))

    # Assessors assigned and assessment opened the morning after the close; declarations
    # over the next days, each assessor scoring in the fortnight after.
    opened = CLOSES_AT + timedelta(hours=16, minutes=30)  # 9:30am on Thursday 26 April 2012
    manager = get_user_model().objects.get(email="manager@example.org")
    with story.at(opened):
        assessment.assign(call, [a.pk for a in assessors], by=manager)
        assessment.open_assessment(call, by=manager)
    for index, (eoi, scores) in enumerate(eois):
        for number, assessor in enumerate(assessors):
            assignment = Assignment.objects.get(expression_of_interest=eoi, assessor=assessor)
            declared = opened + timedelta(days=1 + number, hours=index % 3, minutes=7 * index)
            scored = declared + timedelta(days=4 + index, hours=2)
            if index == 1 and number == 2:  # Tom Reilly is a trustee of Fenland
                with story.at(declared):
                    assessment.declare(assignment, has_conflict=True, reason="I am a trustee.")
                continue
            if index == 5 and number == 2:  # not started yet
                continue
            with story.at(declared):
                assessment.declare(assignment, has_conflict=False)
            values = list(scores)
            if index == 2 and number == 1:  # a disagreement on the first criterion
                values[0] = 1
            if index == 4 and number == 0:
                values[6] = None  # not applicable
            entries = {
                criterion.pk: (value, value is None, "Clear evidence." if value else "")
                for criterion, value in zip(criteria, values, strict=True)
            }
            with story.at(scored):
                item = assessment.start_assessment(assignment)
                assessment.save_scores(item, entries, submit=True)
    return call


def _publish_call():
    call = Call.objects.create(
        slug=SLUG,
        title="DPULOs Making a Difference: coordinating the case-study collection (2012)",
        summary="The original 2012 call, closed, with assessment under way.",
        guidance=COORDINATION_GUIDANCE,
        run_by="Strengthening DPULOs Programme",
        contact_email="case-studies@strengthening-dpulos.example",
        opens_at=CLOSES_AT - timedelta(days=40),
        closes_at=CLOSES_AT,
        page_limit=3,
    )
    for position, fields in enumerate(COORDINATION_CRITERIA, start=1):
        Criterion.objects.create(call=call, position=position, **fields)
    user_model = get_user_model()
    assessors = [user_model.objects.get(email="assessor@example.org")]
    for email, name in EXTRA_ASSESSORS:
        user, created = user_model.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        grant_role(user, roles.ASSESSOR)
        assessors.append(user)
    return call, assessors


def _draft(call, criteria, name, region, rate):
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": Organisation.Kind.DPULO,
            "region": region,
            "run_by_disabled_people": True,
        },
    )
    contact = f"contact@{name.split()[0].lower()}.example.org"
    user, _ = get_user_model().objects.get_or_create(
        email=contact, defaults={"full_name": f"{name} contact"}
    )
    Membership.objects.get_or_create(user=user, organisation=organisation)
    grant_role(user, roles.APPLICANT)  # they applied: the programme team's panels list them
    eoi = application.start(call, organisation, by=user)
    for criterion in criteria:
        if criterion.is_money:
            application.save_answer(eoi, criterion, amount=Decimal(rate), version=0, by=user)
        else:
            text = ANSWER.format(region=organisation.get_region_display())
            application.save_answer(eoi, criterion, text=text, version=0, by=user)
    return eoi, user
