"""Case studies in every state, with the people who work on them."""

import pytest

from accounts import roles
from accounts.models import Organisation
from casestudies import scoping, workflow, writing
from casestudies.models import AreaOfService, KindOfWork
from demo import case_study_template as demo
from tests.conftest import make_organisation, make_user


def scope(dpulo, **overrides):
    fields = {
        "title": "Reserved contracts for advocacy in Northgate",
        "dpulo": dpulo,
        "commissioner_name": "Northgate City Council",
        "commissioner_contact_name": "Pat Jones",
        "commissioner_contact_role": "Head of commissioning",
        "commissioner_contact_email": "pat.jones@northgate.example.gov.uk",
        "region": Organisation.Region.NORTH_WEST,
        "areas": [AreaOfService.SOCIAL_CARE, AreaOfService.HEALTH],
        "kinds_of_work": [KindOfWork.RESERVED_CONTRACTS],
        "summary": "The council reserved its advocacy contract for a DPULO.",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def template(db):
    return demo.seed()


@pytest.fixture
def dpulo(db):
    return make_organisation("Northgate Disabled People's Forum")


@pytest.fixture
def coordinator(db):
    return make_user("coordinator@cs.example", roles.COORDINATOR)


@pytest.fixture
def author(dpulo):
    return make_user("author@cs.example", roles.AUTHOR, dpulo, full_name="Alex Morgan")


@pytest.fixture
def proposed(template, dpulo, coordinator):
    return scoping.propose(scope(dpulo), template=template, by=coordinator)


@pytest.fixture
def drafting(proposed, coordinator, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scoping.agree(
            proposed, author_name="Alex Morgan", author_email=author.email, by=coordinator
        )
    proposed.author = author
    proposed.save(update_fields=["author"])
    return proposed


def write_everything(case_study, by):
    for section, _ in writing.answers_by_section(case_study):
        writing.save_answer(
            case_study, section, f"Our answer about {section.heading.lower()}.", version=0, by=by
        )


@pytest.fixture
def in_review(drafting, author):
    write_everything(drafting, author)
    workflow.transition(drafting, "submit", by=author)
    return drafting


@pytest.fixture
def approved(in_review, coordinator):
    workflow.transition(in_review, "approve", by=coordinator)
    return in_review


# An outcome with its working, as the form posts it: the second worked example of
# tests/casestudies/test_value.py, so its figure is £2.08 of value for every £1 invested.
WORKED = {
    "label": "Disabled people stayed living at home",
    "period": "2015 to 2018",
    "investment": "25000",
    "paid_by": "Northgate City Council",
    "people": "40",
    "indicator": "People still living at home a year later",
    "measured_how": "The council's care records, checked a year later",
    "proxy_kind": "fiscal",
    "proxy": "900",
    "proxy_source": "Published table of unit costs",
    "proxy_year": "2015",
    "deadweight": "25",
    "deadweight_why": "A quarter would have stayed at home without the service",
    "displacement": "5",
    "displacement_why": "A few places went to people from elsewhere",
    "attribution": "20",
    "attribution_why": "The health service's home visits helped too",
    "drop_off": "10",
    "drop_off_why": "Some people's needs grow each year",
    "duration": "3",
    "discount_rate": "3.5",
    "evidence": "2",
}


def worked_fields():
    """``WORKED`` typed and split as the services take it: the outcome's words, the working."""
    from decimal import Decimal

    whole = {"people", "proxy_year", "duration", "evidence"}
    money_and_percent = {"investment", "proxy", "deadweight", "displacement", "attribution"}
    money_and_percent |= {"drop_off", "discount_rate"}
    typed = {
        name: int(text) if name in whole else Decimal(text) if name in money_and_percent else text
        for name, text in WORKED.items()
    }
    outcome = {name: typed.get(name, False) for name in writing.WORKED_OUTCOME_FIELDS}
    return outcome, {name: typed[name] for name in writing.WORKING_FIELDS}
