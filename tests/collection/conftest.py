"""Editions built from case studies that are approved and signed off by both parties."""

import pytest

from accounts import roles
from casestudies import scoping, signoff, workflow, writing
from casestudies.models import SignOff
from collection import editions
from demo import case_study_template as demo
from tests.casestudies.conftest import scope, worked_fields
from tests.collection.smtp import smtp_server  # noqa: F401 - a fixture for these tests
from tests.conftest import make_organisation, make_user


@pytest.fixture
def coordinator(db):
    return make_user("coordinator@col.example", roles.COORDINATOR)


@pytest.fixture
def dpulo(db):
    return make_organisation("Northgate Disabled People's Forum")


def signed_off(title, *, dpulo, coordinator, answers=None, worked=False, **overrides):
    """A case study taken through every step to signed off by both, with an outcome (and,
    if ``worked``, a second one worked out with the added-value toolkit)."""
    template = demo.seed()
    case_study = scoping.propose(
        scope(dpulo, title=title, **overrides), template=template, by=coordinator
    )
    workflow.transition(case_study, "agree", by=coordinator)
    for index, (section, _) in enumerate(writing.answers_by_section(case_study)):
        text = (answers or {}).get(index, f"{title}: what happened in part {index + 1}.")
        writing.save_answer(case_study, section, text, version=0, by=coordinator)
    writing.add_outcome(
        case_study,
        {
            "label": "Savings for every pound invested",
            "value": "4.10",
            "invested": "1",
            "unit": "return",
            "unit_other": "",
            "period": "2015 to 2016",
            "source": "Council evaluation",
        },
        by=coordinator,
    )
    if worked:
        writing.add_worked_outcome(case_study, *worked_fields(), by=coordinator)
    workflow.transition(case_study, "submit", by=coordinator)
    workflow.transition(case_study, "approve", by=coordinator)
    for party in SignOff.Party.values:
        signoff.record(case_study, party, name="Pat", role="Head", method="recorded")
    return case_study


@pytest.fixture
def ready(dpulo, coordinator):
    return [
        signed_off("Reserved advocacy in Northgate", dpulo=dpulo, coordinator=coordinator),
        signed_off(
            "Navigators for older people",
            dpulo=dpulo,
            coordinator=coordinator,
            areas=["health"],
            kinds_of_work=["voice_engagement"],
            region="london",
        ),
    ]


@pytest.fixture
def published(ready, coordinator, django_capture_on_commit_callbacks):
    edition = editions.create("DPULOs making a difference", by=coordinator)
    edition.introduction = "Why these case studies matter.\n\n- One\n- Two"
    edition.save()
    for case_study in ready:
        editions.add(edition, case_study)
    with django_capture_on_commit_callbacks(execute=True):
        editions.publish(edition, by=coordinator)
    edition.refresh_from_db()
    return edition
