"""A call's audit trail: every change to a score, an assessment, a moderation, a decision or an
outcome letter, with who made it, when, and what it was before and after."""

from dataclasses import dataclass, field
from datetime import datetime

from .models import Assessment, Decision, Moderation, OutcomeLetter, Score

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


def _describe(model, record):
    if model is Score:
        assessment = (
            Assessment.objects.select_related(
                "assignment__expression_of_interest", "assignment__assessor"
            )
            .filter(pk=record.assessment_id)
            .first()
        )
        if assessment is None:
            return "A score"
        assignment = assessment.assignment
        return (
            f"{assignment.assessor.full_name}'s score on criterion "
            f"{record.criterion.position} of {assignment.expression_of_interest.reference}"
        )
    if model is Assessment:
        assignment = record.assignment
        return (
            f"{assignment.assessor.full_name}'s assessment of "
            f"{assignment.expression_of_interest.reference}"
        )
    if model is Moderation:
        return (
            f"Agreed score on criterion {record.criterion.position} of "
            f"{record.expression_of_interest.reference}"
        )
    if model is Decision:
        return f"Decision on {record.expression_of_interest.reference}"
    return f"Outcome letter for {record.expression_of_interest.reference}"


def call_history(call, limit=500):
    entries = []
    for model, call_path in TRACKED.items():
        records = model.history.filter(**{call_path: call}).select_related("history_user")
        for record in records.order_by("-history_date")[:limit]:
            changes = []
            previous = record.prev_record
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
                    what=_describe(model, record),
                    action={"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                    changes=changes,
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
