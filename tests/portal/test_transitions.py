"""One transition table type for every status: it refuses steps from the wrong state or that do
not exist, in the app's own words and error, and the portal's tables name real statuses and
real permissions."""

from types import SimpleNamespace

import pytest
import rules

from casestudies import workflow
from casestudies.models import CaseStudy
from eoi import application
from eoi.errors import InvalidTransition
from eoi.models import ExpressionOfInterest
from portal.errors import DomainError
from portal.transitions import Step, Workflow


class Refused(DomainError):
    pass


DOOR = Workflow(
    noun="a door",
    refusal="The door is {status}, so it cannot be {step}.",
    error=Refused,
    steps=(
        Step("open", frozenset({"shut"}), "open", "Opened", "doors.use"),
        Step("shut", frozenset({"open"}), "shut", "Shut", "doors.use"),
    ),
)


def door(status):
    return SimpleNamespace(status=status, get_status_display=lambda: status.title())


def test_a_step_moves_the_thing_from_an_allowed_state():
    thing = door("shut")
    assert DOOR.allowed("shut") == ["open"]
    assert DOOR.take(thing, "open").label == "Opened"
    assert thing.status == "open"


def test_a_step_from_the_wrong_state_is_refused_in_the_tables_words():
    thing = door("open")
    with pytest.raises(Refused, match=r"^The door is open, so it cannot be opened\.$"):
        DOOR.take(thing, "open")
    assert thing.status == "open"


def test_a_step_the_table_does_not_have_is_refused():
    with pytest.raises(Refused, match="That is not something that can be done to a door"):
        DOOR.step("paint")


def test_a_step_listed_twice_is_a_mistake_in_the_table():
    with pytest.raises(ValueError, match="listed twice"):
        Workflow("a door", DOOR.steps + DOOR.steps[:1], "{status}{step}")


@pytest.mark.parametrize(
    ("table", "statuses"),
    [
        (workflow.WORKFLOW, CaseStudy.Status.values),
        (application.WORKFLOW, ExpressionOfInterest.Status.values),
    ],
)
def test_the_portals_tables_name_real_statuses_and_permissions(table, statuses):
    for label, sources, target, permission in table.rows():
        assert label
        assert set(sources) <= set(statuses)
        assert target in statuses
        assert rules.perm_exists(permission), permission


def test_an_expression_of_interest_is_refused_in_its_own_error():
    eoi = ExpressionOfInterest(status=ExpressionOfInterest.Status.WITHDRAWN)
    with pytest.raises(InvalidTransition, match="that is withdrawn cannot be withdrawn"):
        application.WORKFLOW.take(eoi, "withdraw")
