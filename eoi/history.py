"""A call's audit trail: every change to a score, an assessment, a moderation, a decision or an
outcome letter, with who made it, when, and what it was before and after."""

from dataclasses import dataclass, field
from datetime import datetime

from .models import (
    Assessment,
    Assignment,
    Criterion,
    Decision,
    ExpressionOfInterest,
    Moderation,
    OutcomeLetter,
    Score,
)

# Each tracked model, and the path from its history records to the call.
TRACKED = {
    Score: "assessment__assignment__expression_of_interest__call",
    Assessment: "assignment__expression_of_interest__call",
    Moderation: "expression_of_interest__call",
    Decision: "call",
    OutcomeLetter: "expression_of_interest__call",
}
IGNORED_FIELDS = {"updated_at", "moderated_at", "body"}


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    action: str
    changes: list = field(default_factory=list)  # (field label, before, after)


@dataclass
class _Names:
    """Who and what the history records point at, read once for the whole call."""

    positions: dict  # criterion id -> position
    references: dict  # expression of interest id -> reference
    assignments: dict  # assignment id -> (assessor's name, reference)
    assessments: dict  # assessment id -> assignment id


def _names(call):
    assignments = Assignment.objects.filter(expression_of_interest__call=call).select_related(
        "assessor", "expression_of_interest"
    )
    return _Names(
        positions=dict(Criterion.objects.filter(call=call).values_list("pk", "position")),
        references=dict(
            ExpressionOfInterest.objects.filter(call=call).values_list("pk", "reference")
        ),
        assignments={
            a.pk: (a.assessor.full_name, a.expression_of_interest.reference) for a in assignments
        },
        assessments=dict(
            Assessment.objects.filter(assignment__expression_of_interest__call=call).values_list(
                "pk", "assignment_id"
            )
        ),
    )


def _describe(model, record, names):
    if model is Score:
        assignment = names.assignments.get(names.assessments.get(record.assessment_id))
        if assignment is None:
            return "A score"
        assessor, reference = assignment
        position = names.positions.get(record.criterion_id, "?")
        return f"{assessor}'s score on criterion {position} of {reference}"
    if model is Assessment:
        assessor, reference = names.assignments.get(record.assignment_id, ("An assessor", "?"))
        return f"{assessor}'s assessment of {reference}"
    reference = names.references.get(record.expression_of_interest_id, "?")
    if model is Moderation:
        position = names.positions.get(record.criterion_id, "?")
        return f"Agreed score on criterion {position} of {reference}"
    if model is Decision:
        return f"Decision on {reference}"
    return f"Outcome letter for {reference}"


def call_history(call, limit=500):
    """Newest first. A fixed number of queries whatever the call's size: each model's records
    are read once, and each record's previous version is found among them."""
    names = _names(call)
    entries = []
    for model, call_path in TRACKED.items():
        records = list(
            model.history.filter(**{call_path: call})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        previous_of, latest = {}, {}
        for record in records:
            previous_of[record.history_id] = latest.get(record.id)
            latest[record.id] = record
        for record in reversed(records[-limit:]):
            changes = []
            previous = previous_of[record.history_id]
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in IGNORED_FIELDS:
                        continue
                    label = model._meta.get_field(change.field).verbose_name
                    changes.append((label, change.old, change.new))
                if not changes and record.history_type == "~":
                    continue  # saved with nothing changed that matters
            entries.append(
                Entry(
                    when=record.history_date,
                    who=record.history_user.full_name if record.history_user else "The system",
                    what=_describe(model, record, names),
                    action={"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
