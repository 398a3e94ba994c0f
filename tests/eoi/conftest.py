"""Calls and expressions of interest for tests, made through the same services as the views."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from eoi import application
from eoi.models import Call, Criterion

LONDON = ZoneInfo("Europe/London")

WORDS = [
    "Our",
    "forum",
    "has",
    "worked",
    "with",
    "the",
    "council's",
    "commissioners",
    "for",
    "eleven",
    "years",
    "on",
    "social",
    "care",
    "contracts,",
    "user",
    "engagement",
    "and",
    "the",
    "review",
    "of",
    "day",
    "services",
    "across",
    "the",
    "borough",
]


def words(count, seed=""):
    """Readable filler text of exactly ``count`` words, starting with a marker if given."""
    chosen = [WORDS[i % len(WORDS)] for i in range(count)]
    if seed:
        chosen[: len(seed.split())] = seed.split()
    # Paragraphs of about 80 words, as people write them.
    paragraphs = [" ".join(chosen[i : i + 80]) for i in range(0, count, 80)]
    return "\n\n".join(paragraphs)


def make_call(
    slug="coordination",
    closes_at=None,
    opens_at=None,
    page_limit=3,
    criteria=3,
    with_rate=True,
):
    closes_at = closes_at or (timezone.now() + timedelta(days=10))
    opens_at = opens_at or (closes_at - timedelta(days=40))
    call = Call.objects.create(
        title=f"Call {slug}",
        slug=slug,
        summary="A call for tests.",
        guidance="Guidance for tests.",
        run_by="Strengthening DPULOs Programme",
        contact_email="programme@test.example",
        opens_at=opens_at,
        closes_at=closes_at,
        page_limit=page_limit,
    )
    for position in range(1, criteria + 1):
        Criterion.objects.create(
            call=call, position=position, title=f"Criterion number {position}", word_guidance=200
        )
    if with_rate:
        Criterion.objects.create(
            call=call, position=criteria + 1, title="Proposed daily rate", kind="money"
        )
    return call


def fill(eoi, user, text_for=None, amount=Decimal("350.00")):
    """Answer every criterion, giving each written answer ``text_for(criterion)``."""
    text_for = text_for or (lambda criterion: f"Answer to {criterion.title}.")
    for criterion in eoi.call.criteria.all():
        answer = eoi.answers.filter(criterion=criterion).first()
        version = answer.version if answer else 0
        if criterion.is_money:
            application.save_answer(eoi, criterion, amount=amount, version=version, by=user)
        else:
            application.save_answer(
                eoi, criterion, text=text_for(criterion), version=version, by=user
            )
    eoi.refresh_from_db()
    return eoi


def london(*args):
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def call(db):
    return make_call()


@pytest.fixture
def draft(call, applicant, organisation):
    return application.start(call, organisation, by=applicant)


@pytest.fixture
def complete_draft(draft, applicant):
    return fill(draft, applicant)


def closed_call_with(slug, names, criteria=3):
    """A call whose named DPULOs each submitted an expression of interest before it closed a
    moment ago. Returns the call and a list of (expression of interest, applicant)."""
    from accounts import roles
    from tests.conftest import make_organisation, make_user

    call = make_call(slug, criteria=criteria, closes_at=timezone.now() + timedelta(hours=1))
    submitted = []
    for number, name in enumerate(names, start=1):
        organisation = make_organisation(name)
        applicant = make_user(f"applicant{number}@{slug}.example", roles.APPLICANT, organisation)
        eoi = fill(application.start(call, organisation, by=applicant), applicant)
        application.submit(eoi, by=applicant)
        eoi.refresh_from_db()
        submitted.append((eoi, applicant))
    call.opens_at = timezone.now() - timedelta(days=9)
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    return call, submitted
