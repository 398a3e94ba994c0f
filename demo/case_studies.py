"""Nine demo case studies across every status, so every screen has realistic content.

Each is made through the same functions the pages call (propose, agree, save, submit, review,
sign off), so the demo data obeys every rule real data does. Runs once per title.
"""

from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from casestudies import scoping, signoff, workflow, writing
from casestudies.models import CaseStudy, SignOff, Template
from demo import case_study_texts, easy_read, story

ANSWERS = [
    "{dpulo} and {commissioner} first met through the council's disability partnership "
    "board. The council wanted to hear from disabled people who were not already heard, and "
    "{dpulo} could reach them.\n\nTogether they agreed a contract in which {dpulo} would run "
    "the engagement, and the council would act on what it heard.",
    "The contract was agreed for two years, with a review after six months. Officers met the "
    "DPULO's staff every month.\n\n- Meetings were held in accessible venues, with BSL "
    "interpreters and easy read papers\n- Disabled people were paid for their time\n- The "
    "council named one officer as the DPULO's contact",
    "More disabled people than ever before gave their views on local services, and the "
    "council changed how it assesses people for support as a result.\n\nThe DPULO grew: it "
    "took on two disabled staff and is now a trusted partner on other contracts.",
    "- A commissioner who was prepared to try something new\n- The DPULO's long roots in the "
    "community\n- Honest conversations when things went wrong",
    "Start small and build trust. Commissioners should talk to DPULOs before they write a "
    "specification, not after. DPULOs should keep evidence from the first day. See the "
    "[Local Government Association](https://www.local.gov.uk) for more on commissioning.",
    "The evaluation found savings for every pound invested, and the council has kept the "
    "contract going after the first two years.",
]

OUTCOMES = [
    {
        "label": "Savings to the council for every pound invested",
        "value": "4.10",
        "invested": "1",
        "unit": "return",
        "unit_other": "",
        "period": "First two years of the contract",
        "source": "Independent evaluation commissioned by the council",
        "evidence": 3,
        "assured": True,
    },
    {
        "label": "Disabled people who gave their views",
        "value": "640",
        "invested": None,
        "unit": "people",
        "unit_other": "",
        "period": "2015 to 2016",
        "source": "The DPULO's engagement records",
        "evidence": 2,
    },
    {
        "label": "Savings per person supported",
        "value": "900",
        "invested": None,
        "unit": "per_person",
        "unit_other": "",
        "period": "First year",
        "source": "Council finance team",
        "evidence": 2,
    },
]

# Outcomes worked out with the added-value toolkit, by case study: the outcome's own words,
# and the working (what went in, what changed for how many, what it is worth, what to take
# away and why). The portal works the figure out from these.
WORKED = {
    "A reserved advocacy contract in Coastway": (
        {
            "label": "People kept out of crisis care by advocacy",
            "period": "2014 to 2017",
            "evidence": 3,
            "assured": True,
        },
        {
            "investment": Decimal("60000"),
            "paid_by": "Coastway County Council",
            "people": 35,
            "indicator": "People with an advocate who avoided an emergency care placement",
            "measured_how": "The council's placement records, compared with the year before",
            "proxy_kind": "fiscal",
            "proxy": Decimal("5200"),
            "proxy_source": "The council's average cost of an emergency placement",
            "proxy_year": 2014,
            "deadweight": Decimal("30"),
            "deadweight_why": "About a third would have avoided crisis with the old service",
            "displacement": Decimal("0"),
            "displacement_why": "Nobody was moved to another service to make room",
            "attribution": Decimal("15"),
            "attribution_why": "Community nurses also supported some of the same people",
            "drop_off": Decimal("20"),
            "drop_off_why": "Without advocacy, some people's situations worsen again",
            "duration": 3,
            "discount_rate": Decimal("3.5"),
        },
    ),
    "A seat for disabled people on the Health and Wellbeing Board": (
        {
            "label": "Hospital admissions avoided after the board changed discharge support",
            "period": "2016 to 2018",
            "evidence": 2,
            "assured": False,
        },
        {
            "investment": Decimal("18000"),
            "paid_by": "Northgate Health and Wellbeing Board",
            "people": 60,
            "indicator": "Disabled people readmitted within 30 days of leaving hospital",
            "measured_how": "The hospital trust's readmission figures",
            "proxy_kind": "fiscal",
            "proxy": Decimal("1750"),
            "proxy_source": "NHS reference costs for an emergency readmission",
            "proxy_year": 2016,
            "deadweight": Decimal("40"),
            "deadweight_why": "Readmissions were already falling slowly",
            "displacement": Decimal("5"),
            "displacement_why": "A few people needed community beds instead",
            "attribution": Decimal("35"),
            "attribution_why": "The trust's own discharge team changed its practice too",
            "drop_off": Decimal("25"),
            "drop_off_why": "The effect fades as staff change",
            "duration": 2,
            "discount_rate": Decimal("3.5"),
        },
    ),
}

WORKED.update(
    {
        "Sharing difficult budget decisions in Pennine": (
            {
                "label": "A second consultation and a legal challenge avoided",
                "period": "2015 to 2016",
                "evidence": 2,
                "assured": False,
            },
            {
                "investment": Decimal("32000"),
                "paid_by": "Pennine Metropolitan Borough Council",
                "people": 1,
                "indicator": "Consultations and legal challenges avoided (the last round cost one of each)",
                "measured_how": "The council's legal and consultation costs from the previous round",
                "proxy_kind": "fiscal",
                "proxy": Decimal("145000"),
                "proxy_source": "The council's costs of the previous round's review and re-consultation",
                "proxy_year": 2014,
                "deadweight": Decimal("50"),
                "deadweight_why": "A challenge might not have come even without co-production",
                "displacement": Decimal("0"),
                "displacement_why": "The costs were avoided, not moved elsewhere",
                "attribution": Decimal("20"),
                "attribution_why": "The council's own officers did much of the work too",
                "drop_off": Decimal("0"),
                "drop_off_why": "A one-off saving in the one year",
                "duration": 1,
                "discount_rate": Decimal("3.5"),
            },
        ),
        "A first employment contract for a user-led partnership": (
            {
                "label": "Disabled people moved into paid work",
                "period": "2016 to 2018",
                "evidence": 2,
                "assured": True,
            },
            {
                "investment": Decimal("210000"),
                "paid_by": "West Midlands Combined Authority",
                "people": 42,
                "indicator": "People in paid work of more than 16 hours a week",
                "measured_how": "Contract monitoring returns, checked with employers",
                "proxy_kind": "economic",
                "proxy": Decimal("9500"),
                "proxy_source": "A published figure for the yearly earnings of a disabled person in part-time work",
                "proxy_year": 2016,
                "deadweight": Decimal("25"),
                "deadweight_why": "Some people would have found work without the programme",
                "displacement": Decimal("10"),
                "displacement_why": "Some jobs would have gone to other local people",
                "attribution": Decimal("15"),
                "attribution_why": "Jobcentre work coaches helped some of the same people",
                "drop_off": Decimal("30"),
                "drop_off_why": "Some people leave work in the years after",
                "duration": 3,
                "discount_rate": Decimal("3.5"),
            },
        ),
        "Direct payments support reserved for disabled people": (
            {
                "label": "People who kept their direct payment",
                "period": "2014 to 2017",
                "evidence": 3,
                "assured": False,
            },
            {
                "investment": Decimal("95000"),
                "paid_by": "London Borough of Riverside",
                "people": 60,
                "indicator": "People still on a direct payment a year after starting one",
                "measured_how": "The council's social care records, compared with the three years before",
                "proxy_kind": "fiscal",
                "proxy": Decimal("2100"),
                "proxy_source": "The council's yearly difference in cost between a direct payment and council-arranged care",
                "proxy_year": 2014,
                "deadweight": Decimal("35"),
                "deadweight_why": "About a third kept their payment before the service began",
                "displacement": Decimal("0"),
                "displacement_why": "No other service lost people because of it",
                "attribution": Decimal("10"),
                "attribution_why": "Social workers' own support played a part",
                "drop_off": Decimal("15"),
                "drop_off_why": "Some people's needs change and they return to arranged care",
                "duration": 3,
                "discount_rate": Decimal("3.5"),
            },
        ),
    }
)

# (title, DPULO, commissioner, region, areas, kinds of work, where it gets to)
CASE_STUDIES = [
    (
        "A reserved advocacy contract in Coastway",
        "Coastway Centre for Independent Living",
        "Coastway County Council",
        "south_west",
        ["social_care"],
        ["reserved_contracts"],
        "signed_off",
    ),
    (
        "Disabled people's voice in Coastway's health services",
        "Coastway Centre for Independent Living",
        "Coastway Clinical Commissioning Group",
        "south_west",
        ["health"],
        ["voice_engagement", "hwb_healthwatch"],
        "in_review",
    ),
    (
        "Peer support into work",
        "Coastway Centre for Independent Living",
        "Coastway Jobcentre Plus partnership",
        "south_west",
        ["employment"],
        ["new_service_areas"],
        "changes_requested",
    ),
    (
        "Accessible housing advice in partnership",
        "Coastway Centre for Independent Living",
        "Coastway District Council",
        "south_west",
        ["housing"],
        ["strategic_partnership"],
        "drafting",
    ),
    (
        "Community navigators in Northgate",
        "Northgate Disabled People's Forum",
        "Northgate City Council",
        "north_west",
        ["social_care", "health"],
        ["value_for_money", "voice_engagement"],
        "approved",
    ),
    (
        "A seat for disabled people on the Health and Wellbeing Board",
        "Northgate Disabled People's Forum",
        "Northgate Health and Wellbeing Board",
        "north_west",
        ["health", "social_care"],
        ["hwb_healthwatch", "strategic_partnership"],
        "signed_off",
    ),
    (
        "Young disabled people shaping children's services",
        "Riverside Deaf and Disabled People's Network",
        "London Borough of Riverside",
        "london",
        ["children", "education"],
        ["voice_engagement"],
        "invited",
    ),
    (
        "Hate crime reporting with the police",
        "Northgate Disabled People's Forum",
        "Northgate Police and Crime Commissioner",
        "north_west",
        ["justice"],
        ["strategic_partnership"],
        "proposed",
    ),
    (
        "A user-led personalisation forum",
        "Riverside Deaf and Disabled People's Network",
        "Riverside Mental Health Trust",
        "london",
        ["health", "other"],
        ["other"],
        "declined",
    ),
    (
        "Sharing difficult budget decisions in Pennine",
        "Pennine Independent Living Network",
        "Pennine Metropolitan Borough Council",
        "yorkshire_humber",
        ["social_care"],
        ["value_for_money", "voice_engagement"],
        "signed_off",
    ),
    (
        "A first employment contract for a user-led partnership",
        "Midlands User-Led Partnership",
        "West Midlands Combined Authority",
        "west_midlands",
        ["employment"],
        ["new_service_areas"],
        "signed_off",
    ),
    (
        "Reporting hate crime where people feel safe",
        "Valleys Deaf and Disabled Forum",
        "Valleys Police and Crime Commissioner",
        "wales",
        ["justice"],
        ["strategic_partnership"],
        "signed_off",
    ),
    (
        "Young people shaping their own plans",
        "Clydeside Disabled People's Alliance",
        "Clydeside Council",
        "scotland",
        ["children", "education"],
        ["voice_engagement"],
        "signed_off",
    ),
    (
        "A HealthWatch contract led by disabled people",
        "Fenland Disabled People's Voice",
        "Fenland County Council",
        "east_of_england",
        ["health", "social_care"],
        ["hwb_healthwatch"],
        "signed_off",
    ),
    (
        "Direct payments support reserved for disabled people",
        "Riverside Deaf and Disabled People's Network",
        "London Borough of Riverside",
        "london",
        ["social_care"],
        ["reserved_contracts"],
        "signed_off",
    ),
]


def _write(case_study, by, count=None):
    """The case study's own words where it has them (``case_study_texts``), otherwise the
    shared ones with its names, for the case studies still being written."""
    own = case_study_texts.TEXTS.get(case_study.title)
    for index, (section, _) in enumerate(writing.answers_by_section(case_study)):
        if count is not None and index >= count:
            break
        if own:
            answer = own[1][index]
        else:
            answer = ANSWERS[index % len(ANSWERS)].format(
                dpulo=case_study.dpulo.name, commissioner=case_study.commissioner_name
            )
        writing.save_answer(case_study, section, answer, version=0, by=by)
    figures = case_study_texts.FIGURES.get(case_study.title, OUTCOMES)
    for fields in figures[: len(figures) if count is None else 1]:
        writing.add_outcome(case_study, dict(fields), by=by)
    if count is None and case_study.title in WORKED:
        words, working = WORKED[case_study.title]
        writing.add_worked_outcome(case_study, dict(words), dict(working), by=by)
    if count is None and case_study.template_version.asks_for_easy_read:
        easy_read.write(case_study, by)


# When each step happens, in UK working days after the case study was proposed.
STEPS = {
    "propose": 0,
    "agree": 2,
    "write": 4,
    "submit": 8,
    "review": 10,
    "reply": 11,
    "dpulo_signs": 12,
    "commissioner_signs": 14,
}
# Working days before seeding that a case study at this stage was proposed: the recent ones
# recently (an invitation still unanswered is days old, not weeks), the rest one after
# another over the six weeks before, so the first edition can be published after the last
# sign-off.
RECENT = {"proposed": 2, "invited": 5}
FIRST_PROPOSED = 50  # working days before seeding; each next one two days later


def _schedule(index, stage, today):
    begun = RECENT.get(stage, FIRST_PROPOSED - 2 * index)

    def when(step):
        offset = STEPS[step]
        return story.working_days_ago(
            begun - offset,
            hour=9 + (index + offset) % 7,
            minute=(7 * index + 13 * offset) % 60,
            today=today,
        )

    return when


def seed(today=None):
    """Each case study's story, step by step at its own time. Every step is one of the
    portal's own transactions, committed at that time (see ``demo.story``)."""
    today = today or timezone.now()
    template = Template.objects.get(slug="case-study")
    coordinator = User.objects.get(email="coordinator@example.org")
    author = User.objects.get(email="author@example.org")
    made = []
    for index, row in enumerate(CASE_STUDIES):
        title, stage = row[0], row[-1]
        if CaseStudy.objects.filter(title=title).exists():
            continue
        when = _schedule(index, stage, today)
        made.append(_tell(row, when, template=template, coordinator=coordinator, author=author))
    return made


def _tell(row, when, *, template, coordinator, author):
    """One case study's story up to its stage, each step at ``when(step)``."""
    title, dpulo_name, commissioner, region, areas, kinds, stage = row
    # The demo's DPULOs, or (when this runs without the rest of the demo) made here.
    dpulo, _ = Organisation.objects.get_or_create(
        name=dpulo_name,
        defaults={
            "kind": Organisation.Kind.DPULO,
            "region": region,
            "run_by_disabled_people": True,
        },
    )
    slug = commissioner.lower().replace(" ", "-").replace("'", "")[:30]
    if title == easy_read.TITLE:
        template = Template.objects.get(slug=easy_read.TEMPLATE_SLUG)
    with story.at(when("propose")):
        case_study = scoping.propose(
            {
                "title": title,
                "dpulo": dpulo,
                "commissioner_name": commissioner,
                "commissioner_contact_name": "Pat Jones",
                "commissioner_contact_role": "Head of commissioning",
                "commissioner_contact_email": f"pat.jones@{slug}.example.gov.uk",
                "region": region,
                "areas": areas,
                "kinds_of_work": kinds,
                "summary": (
                    case_study_texts.TEXTS[title][0]
                    if title in case_study_texts.TEXTS
                    else f"How {dpulo_name} and {commissioner} worked together."
                ),
            },
            template=template,
            by=coordinator,
        )
    if stage == "proposed":
        return case_study
    if stage == "declined":
        with story.at(when("agree")):
            workflow.transition(
                case_study,
                "decline",
                by=coordinator,
                note="The forum closed before the case study could be written.",
            )
        return case_study
    is_coastway = dpulo == author.organisations.first()
    with story.at(when("agree")):
        scoping.agree(
            case_study,
            author_name=author.full_name if is_coastway else "Jordan Lee",
            author_email=author.email if is_coastway else f"writer@{slug}.example.org",
            by=coordinator,
        )
    if stage == "invited":
        return case_study
    writer = author if is_coastway else coordinator
    with story.at(when("write")):
        if is_coastway:
            CaseStudy.objects.filter(pk=case_study.pk).update(author=author)
        _write(case_study, writer, count=2 if stage == "drafting" else None)
    if stage == "drafting":
        return case_study
    with story.at(when("submit")):
        workflow.transition(case_study, "submit", by=writer)
    if stage == "in_review":
        return case_study
    first = case_study.template_version.sections.first()
    with story.at(when("review")):
        writing.add_comment(
            case_study,
            first,
            "Could you say which council team commissioned this, and when?",
            by=coordinator,
        )
        if stage == "changes_requested":
            workflow.transition(
                case_study,
                "request_changes",
                by=coordinator,
                note="Nearly there: please answer my comment on the first section.",
            )
        else:
            workflow.transition(case_study, "approve", by=coordinator)
    if stage == "changes_requested":
        with story.at(when("reply")):
            writing.add_comment(
                case_study, first, "Yes, I will add the team's name this week.", by=author
            )
        return case_study
    with story.at(when("dpulo_signs")):
        signoff.record(
            case_study,
            SignOff.Party.DPULO,
            name=author.full_name if is_coastway else "Jordan Lee",
            role="Chief executive",
            method=SignOff.Method.PORTAL if is_coastway else SignOff.Method.RECORDED,
            evidence="" if is_coastway else "Email to the coordinator",
            by=author if is_coastway else coordinator,
        )
    if stage == "signed_off":
        with story.at(when("commissioner_signs")):
            signoff.record(
                case_study,
                SignOff.Party.COMMISSIONER,
                name="Pat Jones",
                role="Head of commissioning",
                method=SignOff.Method.RECORDED,
                evidence="Letter to the coordinator",
                by=coordinator,
            )
    return case_study
