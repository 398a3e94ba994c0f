"""Where each call has got to, and what each person has to do next (read only).

A call moves through stages the programme manager can name: upcoming, open, closed (waiting
for assessment to be opened), assessing, moderating, decided (letters still to send) and
letters sent. The home pages and the list of calls say the stage and the count of each thing
outstanding, so nobody has to open every page to find what is waiting for them.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone

from portal.next_steps import NextStep, plural

from .assessment import call_summary, queue
from .models import (
    Assessment,
    Assignment,
    Call,
    Decision,
    ExpressionOfInterest,
    Extension,
    OutcomeLetter,
)

STAGES = {
    "upcoming": "Not open yet",
    "open": "Open",
    "closed": "Closed, assessment not opened",
    "assessing": "Assessing",
    "moderating": "Moderating",
    "decided": "Decided, letters to send",
    "letters_sent": "Letters sent",
}


@dataclass
class CallProgress:
    call: Call
    stage: str
    submitted: int = 0
    declarations_outstanding: int = 0
    assessments_outstanding: int = 0
    to_moderate: int = 0
    decided: bool = False
    letters_to_send: int = 0
    tasks: list = field(default_factory=list)
    # (reference, criterion title, the assessors' scores) for each disagreement not moderated
    disagreements: list = field(default_factory=list)

    @property
    def stage_label(self):
        return STAGES[self.stage]

    @property
    def decision_due(self):
        return self.stage == "moderating" and not self.to_moderate

    @property
    def has_closed(self):
        return self.stage not in ("upcoming", "open")

    @property
    def before_deciding(self):
        """What is still outstanding, in words, for the decision page to say before the
        programme manager decides without it."""
        said = []
        if self.declarations_outstanding:
            said.append(
                plural(
                    self.declarations_outstanding,
                    "declaration of interest",
                    "declarations of interest",
                )
                + " not yet made"
            )
        if self.assessments_outstanding:
            said.append(plural(self.assessments_outstanding, "assessment") + " not yet submitted")
        for reference, criterion, scores in self.disagreements:
            shown = ["N/A" if value is None else str(value) for value in scores]
            listed = ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else shown[0]
            said.append(
                f"{reference}, “{criterion}”: the assessors disagree (scores {listed}) and no "
                "score has been agreed"
            )
        return said


def _progress(call, now, counts, latest_extension):
    """The stage of one call from the counts ``progress`` gathered for every call at once."""
    found = CallProgress(call=call, stage="upcoming", **counts)
    if now < call.opens_at:
        return found
    closes_at = max(call.closes_at, latest_extension) if latest_extension else call.closes_at
    if now < closes_at:
        found.stage = "open"
        return found
    if call.assessment_opened_at is None:
        found.stage = "closed"
    elif found.decided:
        found.stage = "decided" if found.letters_to_send else "letters_sent"
    elif found.declarations_outstanding or found.assessments_outstanding:
        found.stage = "assessing"
    else:
        found.stage = "moderating"
    if found.stage in ("assessing", "moderating"):
        found.disagreements = [
            (
                row.eoi.reference,
                criterion.criterion.title,
                [value for _, value in criterion.scores],
            )
            for row in call_summary(call)
            for criterion in row.criteria
            if criterion.disagreement and criterion.moderation is None
        ]
        found.to_moderate = len(found.disagreements)
    return found


def progress(calls=None, now=None):
    """Each call's stage and what is outstanding, in a few queries for all calls together
    (plus the moderation summary of each call being assessed or moderated)."""
    now = now or timezone.now()
    calls = list(calls if calls is not None else Call.objects.all())
    ids = [call.pk for call in calls]
    submitted = dict(
        ExpressionOfInterest.objects.filter(
            call__in=ids, status=ExpressionOfInterest.Status.SUBMITTED
        )
        .values_list("call")
        .annotate(n=Count("pk"))
    )
    live = Assignment.objects.filter(
        expression_of_interest__call__in=ids,
        expression_of_interest__status=ExpressionOfInterest.Status.SUBMITTED,
    )
    undeclared = dict(
        live.filter(declared_at__isnull=True)
        .values_list("expression_of_interest__call")
        .annotate(n=Count("pk"))
    )
    unscored = dict(
        live.filter(declared_at__isnull=False, has_conflict=False)
        .exclude(assessment__status="submitted")
        .values_list("expression_of_interest__call")
        .annotate(n=Count("pk"))
    )
    decided = set(Decision.objects.filter(call__in=ids).values_list("call", flat=True))
    extended = dict(
        Extension.objects.filter(call__in=ids).values_list("call").annotate(latest=Max("closes_at"))
    )
    letters = dict(
        OutcomeLetter.objects.filter(
            expression_of_interest__call__in=ids, status=OutcomeLetter.Status.DRAFT
        )
        .values_list("expression_of_interest__call")
        .annotate(n=Count("pk"))
    )
    return [
        _progress(
            call,
            now,
            {
                "submitted": submitted.get(call.pk, 0),
                "declarations_outstanding": undeclared.get(call.pk, 0),
                "assessments_outstanding": unscored.get(call.pk, 0),
                "decided": call.pk in decided,
                "letters_to_send": letters.get(call.pk, 0),
            },
            extended.get(call.pk),
        )
        for call in calls
    ]


def manager_tasks(now=None):
    """For the programme manager: each call that needs something, with what and where."""
    rows = []
    for found in progress(now=now):
        found.tasks = steps_for(found)
        if found.tasks:
            rows.append(found)
    return rows


def steps_for(found):
    """What the programme manager has to do next for one call, given its ``progress``."""
    call, slug = found.call, found.call.slug
    tasks = []
    if found.stage == "closed" and found.submitted:
        tasks.append(
            NextStep(
                "Assign assessors and open assessment",
                reverse("eoi:manage-assessors", args=[slug]),
                plural(found.submitted, "expression of interest", "expressions of interest")
                + " submitted",
                count=found.submitted,
            )
        )
    if found.declarations_outstanding:
        tasks.append(
            NextStep(
                "Declarations of interest outstanding",
                reverse("eoi:manage-assessors", args=[slug]),
                "Assessors who have not yet declared a conflict of interest, or none",
                count=found.declarations_outstanding,
                due=call.assessment_due_at,
            )
        )
    if found.assessments_outstanding:
        tasks.append(
            NextStep(
                "Assessments not yet submitted",
                reverse("eoi:manage-assessors", args=[slug]),
                count=found.assessments_outstanding,
                due=call.assessment_due_at,
            )
        )
    if found.to_moderate:
        tasks.append(
            NextStep(
                "Scores to moderate",
                reverse("eoi:manage-moderation", args=[slug]),
                "Criteria where the assessors disagree and no score has been agreed",
                count=found.to_moderate,
            )
        )
    if found.decision_due:
        tasks.append(
            NextStep(
                "Record the decision",
                reverse("eoi:manage-decision", args=[slug]),
                "Every assessment is in and every disagreement moderated",
                count=1,
            )
        )
    if found.letters_to_send:
        tasks.append(
            NextStep(
                "Outcome letters to send",
                reverse("eoi:manage-outbox", args=[slug]),
                count=found.letters_to_send,
            )
        )
    return tasks


def assessor_tasks(assessor):
    """For an assessor: declarations to make and assessments to score, and by when."""
    mine = queue(assessor)
    counts = mine.aggregate(
        to_declare=Count("pk", filter=Q(declared_at__isnull=True)),
        to_score=Count(
            "pk",
            filter=Q(declared_at__isnull=False, has_conflict=False)
            & ~Q(assessment__status="submitted"),
        ),
        due=Min(
            "expression_of_interest__call__assessment_due_at",
            filter=Q(declared_at__isnull=True)
            | (Q(has_conflict=False) & ~Q(assessment__status="submitted")),
        ),
    )
    url = reverse("eoi:assessor-queue")
    return [
        NextStep(
            "Declarations to make",
            url,
            "Say whether you have a conflict of interest before you see an expression of interest",
            count=counts["to_declare"],
            due=counts["due"],
        ),
        NextStep(
            "Expressions of interest to score",
            url,
            "Score each criterion, then submit your assessment",
            count=counts["to_score"],
            due=counts["due"],
        ),
    ]


@dataclass
class AssessorLoad:
    assessor: object
    assigned: int = 0
    to_declare: int = 0
    to_score: int = 0
    conflicts: int = 0

    @property
    def outstanding(self):
        return self.to_declare + self.to_score


def _submitted(assignment):
    try:
        return assignment.assessment.is_submitted
    except Assessment.DoesNotExist:  # not started
        return False


def assignment_summary(assignments):
    """What the assessors page leads with: the totals, and each assessor with what they have
    still to do (those with something outstanding first)."""
    loads = {}
    for assignment in assignments:
        load = loads.setdefault(assignment.assessor_id, AssessorLoad(assignment.assessor))
        load.assigned += 1
        if not assignment.is_declared:
            load.to_declare += 1
        elif assignment.has_conflict:
            load.conflicts += 1
        elif not _submitted(assignment):
            load.to_score += 1
    people = sorted(loads.values(), key=lambda load: (-load.outstanding, load.assessor.full_name))
    return {
        "assignments": len(assignments),
        "declared": sum(1 for a in assignments if a.is_declared),
        "expected": sum(1 for a in assignments if not (a.is_declared and a.has_conflict)),
        "submitted": sum(1 for a in assignments if _submitted(a)),
        "people": people,
        "outstanding": [load for load in people if load.outstanding],
    }
