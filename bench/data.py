"""Generated data for the benchmarks: realistic lengths and a realistic spread of words.

Text is drawn from the programme's own vocabulary with a fixed seed, so every run searches
the same collection and a search term matches a realistic share of it rather than all or none.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Membership, Organisation
from accounts.services import grant_role
from casestudies.models import AreaOfService, KindOfWork
from collection import search_index
from collection.models import Edition, PublishedCaseStudy
from eoi import application, assessment
from eoi.models import Assignment, Call, Criterion

COMMON = [
    "the",
    "and",
    "of",
    "to",
    "for",
    "with",
    "in",
    "on",
    "our",
    "we",
    "their",
    "people",
    "disabled",
    "organisation",
    "council",
    "commissioners",
    "service",
    "services",
    "support",
    "local",
    "community",
    "users",
    "members",
    "work",
    "worked",
    "working",
    "year",
    "years",
    "project",
    "contract",
    "contracts",
    "health",
    "care",
    "social",
    "review",
    "evidence",
    "partnership",
    "partners",
    "board",
    "group",
    "groups",
    "network",
    "networks",
    "voice",
    "engagement",
    "advice",
    "advocacy",
    "independent",
    "living",
    "peer",
    "access",
    "information",
    "training",
    "report",
    "reports",
    "value",
    "money",
    "savings",
    "cost",
    "costs",
    "outcome",
    "outcomes",
    "day",
    "week",
    "month",
    "staff",
    "volunteers",
    "forum",
]
RARER = [
    "transport",
    "housing",
    "employment",
    "justice",
    "education",
    "hospital",
    "discharge",
    "loneliness",
    "befriending",
    "wheelchair",
    "deaf",
    "blind",
    "autism",
    "dementia",
    "carers",
    "benefits",
    "tribunal",
    "reablement",
    "procurement",
    "tender",
    "framework",
    "reserved",
    "grant",
    "funding",
    "audit",
    "healthwatch",
    "wellbeing",
    "coproduction",
    "consultation",
    "survey",
    "questionnaire",
    "interviews",
    "workshop",
    "steering",
    "trustee",
    "sustainability",
    "mentoring",
    "apprenticeship",
    "placement",
    "accessible",
    "braille",
    "easy-read",
    "signers",
]
SECTION_HEADINGS = [
    "The organisation and the commissioner",
    "What was commissioned",
    "How the DPULO went about the work",
    "What changed for disabled people",
    "What it cost and what it saved",
    "What others can learn",
]


def sentence(rng, words=None, topics=RARER):
    """Common words, with about one word in twelve from the text's own topics."""
    words = words or rng.randint(9, 22)
    chosen = [
        rng.choice(topics) if rng.random() < 0.08 else rng.choice(COMMON) for _ in range(words)
    ]
    return " ".join(chosen).capitalize() + "."


def paragraph_text(rng, word_target, topics=RARER):
    sentences, count = [], 0
    while count < word_target:
        text = sentence(rng, topics=topics)
        sentences.append(text)
        count += len(text.split())
    return " ".join(sentences)


def answer_text(rng, word_target, paragraph_words=90, topics=RARER):
    paragraphs, remaining = [], word_target
    while remaining > 0:
        size = min(paragraph_words, remaining)
        text = paragraph_text(rng, size, topics)
        paragraphs.append(" ".join(text.split()[:size]))
        remaining -= size
    return "\n\n".join(paragraphs)


def collection_edition(title="Benchmark collection"):
    """The published edition the public pages show (the newest one)."""
    return Edition.objects.create(
        title=title,
        slug="benchmark-collection",
        status=Edition.Status.PUBLISHED,
        published_at=timezone.now(),
        introduction=answer_text(random.Random("intro"), 300),
        conclusion=answer_text(random.Random("end"), 200),
    )


def _case_study(edition, position, rng, now, section_words):
    # Each case study is about three topics, so a topic word matches about one in fifteen.
    topics = rng.sample(RARER, 3)
    if position == 1:  # the first matches the benchmark's filter and search at every size
        topics[0] = "transport"
    sections = [
        {"heading": heading, "text": answer_text(rng, section_words, topics=topics)}
        for heading in SECTION_HEADINGS
    ]
    areas = rng.sample(AreaOfService.values, rng.randint(1, 3))
    kinds = rng.sample(KindOfWork.values, rng.randint(1, 2))
    region = rng.choice(Organisation.Region.values)
    if position == 1:
        areas, kinds, region = ["health", "housing"], ["voice_engagement"], "london"
    return PublishedCaseStudy(
        edition=edition,
        position=position,
        slug=f"case-study-{position}",
        title=f"Case study {position}: " + sentence(rng, 6, topics)[:-1].lower(),
        summary=paragraph_text(rng, 45, topics),
        dpulo_name=f"DPULO number {position}",
        commissioner_name=f"Council number {position}",
        region=region,
        areas=areas,
        kinds_of_work=kinds,
        sections=sections,
        outcomes=[
            {
                "label": "Savings for every pound invested",
                "display": "£4.10 saved for every £1 invested",
                "unit": "return",
                "value": "4.10",
                "invested": "1",
                "unit_other": "",
                "period": "2015 to 2016",
                "source": "Council evaluation",
            }
        ],
        body="\n\n".join(section["text"] for section in sections),
        published_at=now - timedelta(minutes=position),
    )


def grow_collection(edition, total, section_words=200, batch=500):
    """Add case studies until the edition holds ``total``; each has six answers of about
    ``section_words`` words (1,200 words in all, as the template's limits allow)."""
    have = edition.case_studies.count()
    now = timezone.now()
    for start in range(have, total, batch):
        stop = min(total, start + batch)
        with transaction.atomic():
            created = PublishedCaseStudy.objects.bulk_create(
                _case_study(edition, position, random.Random(position), now, section_words)
                for position in range(start + 1, stop + 1)
            )
            search_index.index(
                PublishedCaseStudy.objects.filter(pk__in=[item.pk for item in created])
            )
    return edition.case_studies.count()


def user(email, name, role=None):
    person, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": name}
    )
    if created:
        person.set_password("benchmark-password-1")
        person.save()
    if role:
        grant_role(person, role)
    return person


def call(slug, *, opens_at, closes_at, written, with_rate=False):
    """A call with ``written`` criteria answered in words and, if asked, a daily rate last."""
    made = Call.objects.create(
        slug=slug,
        title=f"Benchmark call {slug}",
        summary="A call for the benchmarks.",
        guidance="Guidance.",
        run_by="Strengthening DPULOs Programme",
        contact_email="programme@example.org",
        opens_at=opens_at,
        closes_at=closes_at,
        page_limit=3,
    )
    for position in range(1, written + 1):
        Criterion.objects.create(
            call=made, position=position, title=f"Criterion {position}", word_guidance=250
        )
    if with_rate:
        Criterion.objects.create(
            call=made, position=written + 1, title="Proposed daily rate", kind=Criterion.Kind.MONEY
        )
    return made


def applicant(slug, number, region):
    """A DPULO and the person who applies for it."""
    organisation = Organisation.objects.create(
        name=f"Applicant {slug} {number}",
        kind=Organisation.Kind.DPULO,
        region=region,
        run_by_disabled_people=True,
    )
    person = user(f"applicant-{slug}-{number}@example.org", f"Applicant {number}")
    Membership.objects.create(user=person, organisation=organisation)
    return organisation, person


def assessed_call(slug, expressions, assessors, criteria=7, answer_words=150):
    """A closed call with ``expressions`` submitted expressions of interest, each scored on
    every criterion by every one of ``assessors`` assessors, made through the services."""
    manager = user("bench-manager@example.org", "Bench manager", roles.PROGRAMME_MANAGER)
    opened = timezone.now() - timedelta(days=60)
    closes = timezone.now() - timedelta(days=1)
    assessed = call(slug, opens_at=opened, closes_at=closes, written=criteria - 1, with_rate=True)
    criteria_list = list(assessed.criteria.all())
    people = [
        user(f"bench-assessor-{slug}-{n}@example.org", f"Assessor {n}", roles.ASSESSOR)
        for n in range(assessors)
    ]
    rng = random.Random(slug)
    before = closes - timedelta(days=2)
    for number in range(expressions):
        organisation, person = applicant(slug, number, rng.choice(Organisation.Region.values))
        eoi = application.start(assessed, organisation, by=person, now=before)
        for criterion in criteria_list:
            if criterion.is_money:
                application.save_answer(
                    eoi, criterion, amount=Decimal(300), version=0, by=person, now=before
                )
            else:
                application.save_answer(
                    eoi,
                    criterion,
                    text=answer_text(rng, answer_words),
                    version=0,
                    by=person,
                    now=before,
                )
        application.submit(eoi, by=person, now=before)
    assessment.assign(assessed, [person.pk for person in people], by=manager)
    assessment.open_assessment(assessed, by=manager)
    for assignment in Assignment.objects.filter(expression_of_interest__call=assessed):
        assessment.declare(assignment, has_conflict=False)
        item = assessment.start_assessment(assignment)
        entries = {
            criterion.pk: (rng.randint(1, 4), False, "Evidence given.")
            for criterion in criteria_list
        }
        assessment.save_scores(item, entries, submit=True)
    return assessed, manager
