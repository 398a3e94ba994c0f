"""Statuses as a table: the states a thing moves between, the steps that move it, and who may
take each. Every status in the portal (an expression of interest, a case study) is changed
through one of these tables, so what is allowed can be read at a glance and is enforced in one
place; a step the table does not have, or one taken from the wrong state, is refused with a
message written for the person who tried."""

from dataclasses import dataclass, field

from .errors import DomainError


@dataclass(frozen=True)
class Step:
    """One step: from any of ``sources`` to ``target``. ``label`` is how the step is recorded
    ("Submitted for review"); ``permission`` is who may take it (a permission checked against
    the object); ``needs_note`` asks for a reason (declining, requesting changes)."""

    action: str
    sources: frozenset
    target: str
    label: str
    permission: str
    needs_note: bool = False


@dataclass(frozen=True)
class Workflow:
    """The table for one kind of thing. ``refusal`` words a step taken from the wrong state,
    with ``{status}`` (the current status, lower case) and ``{step}`` (the step's label, lower
    case); ``error`` is the app's own domain error."""

    noun: str
    steps: tuple
    refusal: str
    error: type = DomainError
    by_action: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        actions = [step.action for step in self.steps]
        if len(set(actions)) != len(actions):
            raise ValueError(f"A step of the {self.noun} workflow is listed twice")
        object.__setattr__(self, "by_action", {step.action: step for step in self.steps})

    def step(self, action):
        try:
            return self.by_action[action]
        except KeyError:
            raise self.error(f"That is not something that can be done to {self.noun}.") from None

    def allowed(self, status):
        """The actions that can be taken from ``status``, in the table's order."""
        return [step.action for step in self.steps if status in step.sources]

    def may(self, user, action, obj):
        """Whether this person may take the step on this object (not whether its state allows
        it: ``check`` says that)."""
        return user.has_perm(self.step(action).permission, obj)

    def check(self, action, status, status_label):
        """The step, if it can be taken from ``status``; otherwise the refusal."""
        step = self.step(action)
        if status not in step.sources:
            raise self.error(
                self.refusal.format(status=status_label.lower(), step=step.label.lower())
            )
        return step

    def take(self, obj, action):
        """Check the step against ``obj.status`` and move it on (the caller saves, under the
        row lock it already holds). Returns the step."""
        step = self.check(action, obj.status, obj.get_status_display())
        obj.status = step.target
        return step

    def rows(self):
        """The table as (step, from, to, who) for documentation and tests."""
        return [
            (step.label, sorted(step.sources), step.target, step.permission) for step in self.steps
        ]
