"""The two calls described in the programme's documents, as demo data.

The real calls closed in 2012; their dates are kept in the guidance text. The demo copies open
a week before seeding and close at 5pm about a month after, so the journey can be tried. A
second run keeps the times unless the call has closed, so it is idempotent in use.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from eoi import adjustments
from eoi.application import applicant_organisation
from eoi.calls import replace_criteria
from eoi.models import AdjustmentRequest, Call
from portal.dates import next_working_day

from . import story

COORDINATION_GUIDANCE = """\
Commissioners working in all areas of the public sector (social care, health, children's services, employment, the justice system, education) will be vital to the future strength and sustainability of Disabled People's User-Led Organisations (DPULOs). Yet the experience DPULOs have of commissioners, and commissioners have of DPULOs, varies widely.

The Strengthening DPULOs Programme is commissioning a collection of case studies showing how DPULOs and commissioners have worked successfully together, and the reasons for this. The collection will cover:

- examples of how commissioners and DPULOs have worked together
- the practicalities of how the relationship worked
- what the successful results of the relationship were
- the key factors that enabled this success
- general lessons from DPULOs and commissioners working successfully together

The collection will be coordinated and written by a DPULO. The coordinating DPULO will scope and agree the case studies, produce a case-study template, liaise with each chosen DPULO as it writes its case study, contribute to an introduction and conclusion, draft the final collection and support a stakeholder map for dissemination. We expect the work to take 10 to 15 days in total, resourced through a grant.

Expressions of interest will be considered and marked by the Strengthening DPULOs Programme team, and the coordinating DPULO will be chosen solely on the basis of the information provided.

The original call was published in March 2012 and closed at 5pm on Wednesday 25 April 2012. This copy has a later closing time so that the service can be tried.
"""

COORDINATION_CRITERIA = [
    {
        "title": "Knowledge, understanding and expertise regarding commissioners and commissioning and procurement",
        "guidance": "Tell us what your organisation knows about how commissioners work, and how you know it: contracts you have bid for or held, commissioning cycles you have taken part in, procurement rules you have worked with.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 250,
    },
    {
        "title": "Knowledge and understanding of the barriers DPULOs face when it comes to commissioning and procurement",
        "guidance": "Describe the barriers you have seen DPULOs meet, such as contract size, insurance and financial thresholds or short bidding windows, and what helps to overcome them.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 250,
    },
    {
        "title": "Evidence of networks and contacts with other DPULOs",
        "guidance": "Which DPULOs and networks do you work with, locally, regionally and nationally? Give examples of joint work.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 200,
    },
    {
        "title": "Experience in project management",
        "guidance": "Give an example of a project you planned and delivered: its size, how you kept it on track, and what happened.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 200,
    },
    {
        "title": "Experience in delivering high-quality written materials in relatively short timescales",
        "guidance": "Tell us about reports, guides or case studies you have written, who they were for and how long you had. You can include web addresses.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 200,
    },
    {
        "title": "Capacity to deliver this work within the next 2 to 3 months",
        "guidance": "Who would do the work, how much of their time is free, and how you would cover absence.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 150,
    },
    {
        "title": "Proposed daily rate for this work",
        "guidance": "Your daily rate in pounds. We will show what it comes to over 10 and 15 days.",
        "kind": "money",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": None,
    },
]

TOOLKIT_GUIDANCE = """\
Inclusion London commissioned the Office for Public Management to develop an easy to use, accessible added-value toolkit that helps DPULOs demonstrate to funders and commissioners the value and benefits they bring to service delivery. The toolkit was developed and tested with 6 London Deaf and disabled people's organisations.

DPULOs chosen for the second phase will receive free training and support to use the toolkit and will, by the end of the project:

- have produced a case study, using the toolkit, that demonstrates the value and benefits of their services
- understand the different ways to demonstrate their value to funders and commissioners
- be able to use the toolkit across a range of their services and work

The original call closed on 17 December 2012, with work beginning in January 2013. This copy has a later closing time so that the service can be tried.
"""

TOOLKIT_CRITERIA = [
    {
        "title": "About your organisation and the services you deliver",
        "guidance": "Which services do you run, for whom, and who funds or commissions them?",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 200,
    },
    {
        "title": "Why you want to demonstrate the value and benefits of your services",
        "guidance": "What would evidence of your value help you do: a funding bid, a contract renewal, a new service?",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 200,
    },
    {
        "title": "Who would take part in the training, and when",
        "guidance": "Name the roles of the people who would attend and use the toolkit.",
        "kind": "written",
        "weight": Decimal("1.0"),
        "max_score": 4,
        "word_guidance": 100,
    },
]


def _five_pm(days_ahead):
    """5pm on the first working day at least ``days_ahead`` days from now."""
    day = next_working_day(timezone.localdate() + timedelta(days=days_ahead))
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


CALLS = [
    {
        "slug": "dpulos-making-a-difference",
        "title": "DPULOs Making a Difference: coordinating the case-study collection",
        "summary": "Express an interest in coordinating and writing a collection of case studies about DPULOs and commissioners working well together.",
        "guidance": COORDINATION_GUIDANCE,
        "run_by": "Strengthening DPULOs Programme",
        "contact_email": "case-studies@strengthening-dpulos.example",
        "page_limit": 3,
        "effort_days_min": 10,
        "effort_days_max": 15,
        "blind_assessment": False,
        "criteria": COORDINATION_CRITERIA,
        "closes_in_days": 30,
    },
    {
        "slug": "added-value-toolkit-phase-two",
        "title": "Capturing and demonstrating the value of your services: added-value toolkit, phase two",
        "summary": "London DPULOs can take part in free training and support to use the added-value toolkit and produce a case study of their own.",
        "guidance": TOOLKIT_GUIDANCE,
        "run_by": "Inclusion London",
        "contact_email": "toolkit@inclusion-london.example",
        "page_limit": 2,
        "effort_days_min": 3,
        "effort_days_max": 5,
        "blind_assessment": False,
        "criteria": TOOLKIT_CRITERIA,
        "closes_in_days": 45,
    },
]


@transaction.atomic
def seed():
    calls = []
    for definition in CALLS:
        fields = dict(definition)
        criteria = fields.pop("criteria")
        closes_in_days = fields.pop("closes_in_days")
        slug = fields.pop("slug")
        call = Call.objects.filter(slug=slug).first()
        if call is None or call.state() == "closed":
            fields["opens_at"] = timezone.now() - timedelta(days=7)
            fields["closes_at"] = _five_pm(closes_in_days)
        call, _ = Call.objects.update_or_create(slug=slug, defaults=fields)
        if not call.has_submissions():
            replace_criteria(call, criteria)
        calls.append(call)
    return calls


def seed_adjustment():
    """Northgate's applicant asks for more time on the coordination call two working days
    before seeding, so the programme manager's queue of adjustments has one waiting. Once."""
    call = Call.objects.filter(slug="dpulos-making-a-difference").first()
    person = User.objects.filter(email="applicant@example.org").first()
    if call is None or person is None or AdjustmentRequest.objects.filter(call=call).exists():
        return
    organisation = applicant_organisation(person)
    moment = story.working_days_ago(2, hour=11, minute=15)
    if moment <= call.opens_at:
        return
    with story.at(moment), transaction.atomic():
        adjustments.ask(
            call,
            organisation,
            by=person,
            kind=AdjustmentRequest.Kind.MORE_TIME,
            proposed_closes_at=call.closes_at + timedelta(days=14),
            reason="Our two staff both have long-term conditions and one is having surgery "
            "in the last fortnight before the call closes.",
        )
