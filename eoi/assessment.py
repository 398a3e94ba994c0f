"""Rules for assessing expressions of interest: assignment, declarations and scores.

An assessor declares a conflict of interest (or none) before seeing anything of an expression
of interest; a conflicted assessor can never reach it. Assessors score each criterion on its
scale or mark it not applicable, save drafts, then submit; a submitted assessment is locked.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import roles
from audit import log as audit
from portal.stale import fingerprint

from . import audit_actions, scoring
from .errors import EOIError, Missing
from .models import Assessment, Assignment, ExpressionOfInterest, Moderation, Score

DESCRIPTORS = {
    0: "No evidence",
    1: "Weak evidence",
    2: "Adequate evidence",
    3: "Good evidence",
    4: "Excellent evidence",
}


def descriptor(value, max_score):
    """The words beside a score on the radios; the default scale is 0 to 4."""
    if max_score == 4:
        return DESCRIPTORS[value]
    return ""


def assessors():
    return get_user_model().objects.filter(groups__name=roles.ASSESSOR, is_active=True)


def latest_closing_time(call):
    """The call's closing time, or the latest extension if any runs later."""
    latest = call.extensions.order_by("-closes_at").values_list("closes_at", flat=True).first()
    return max(call.closes_at, latest) if latest else call.closes_at


def assign(call, assessor_ids, *, by, eoi_ids=None):
    """Assign assessors to the call's submitted expressions of interest (or chosen ones)."""
    chosen = list(assessors().filter(pk__in=assessor_ids))
    if not chosen:
        raise EOIError("Choose at least one assessor")
    submitted = ExpressionOfInterest.objects.filter(
        call=call, status=ExpressionOfInterest.Status.SUBMITTED
    )
    if eoi_ids is not None:
        if not eoi_ids:
            raise EOIError("Choose at least one expression of interest")
        submitted = submitted.filter(pk__in=eoi_ids)
    created = 0
    with transaction.atomic():
        for eoi in submitted:
            for assessor in chosen:
                _, made = Assignment.objects.get_or_create(
                    expression_of_interest=eoi, assessor=assessor, defaults={"assigned_by": by}
                )
                created += made
    return created


def open_assessment(call, *, by, now=None):
    now = now or timezone.now()
    closes_at = latest_closing_time(call)
    if now < closes_at:
        raise EOIError("Assessment can only open after the call and every extension have closed.")
    if call.assessment_opened_at is None:
        call.assessment_opened_at = now
        call.save(update_fields=["assessment_opened_at", "updated_at"])
    return call


def queue(assessor):
    """The assessor's assignments on calls open for assessment, in reference order."""
    return (
        Assignment.objects.filter(
            assessor=assessor,
            expression_of_interest__status=ExpressionOfInterest.Status.SUBMITTED,
            expression_of_interest__call__assessment_opened_at__isnull=False,
        )
        .select_related("expression_of_interest__call", "assessment")
        .order_by("expression_of_interest__reference")
    )


def declare(assignment, *, has_conflict, reason="", now=None):
    """Record the assessor's declaration. It is made once; only then may they see anything."""
    reason = (reason or "").strip()
    if has_conflict and not reason:
        raise EOIError("Describe the conflict of interest")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.is_declared:
            raise EOIError("You have already made your declaration for this expression of interest")
        locked.has_conflict = has_conflict
        locked.conflict_reason = reason if has_conflict else ""
        locked.declared_at = now or timezone.now()
        locked.save(update_fields=["has_conflict", "conflict_reason", "declared_at"])
    assignment.refresh_from_db()
    return assignment


def start_assessment(assignment):
    if not assignment.may_assess:
        raise EOIError("You cannot assess this expression of interest")
    assessment, _ = Assessment.objects.get_or_create(assignment=assignment)
    return assessment


def save_scores(assessment, entries, *, submit=False, now=None):
    """Save scores as a draft, or submit them, which needs every criterion scored or N/A.

    ``entries`` maps criterion id to (value or None, not_applicable, comment).
    """
    criteria = list(assessment.assignment.expression_of_interest.call.criteria.all())
    # Save what was entered first, so a refused submission still keeps the draft.
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_submitted:
            raise EOIError("This assessment has been submitted and cannot be changed")
        for criterion in criteria:
            value, not_applicable, comment = entries.get(criterion.pk, (None, False, ""))
            if value is not None and not 0 <= value <= criterion.max_score:
                raise EOIError(f"Scores for {criterion.title} run from 0 to {criterion.max_score}")
            Score.objects.update_or_create(
                assessment=locked,
                criterion=criterion,
                defaults={
                    "value": None if not_applicable else value,
                    "not_applicable": bool(not_applicable),
                    "comment": (comment or "").strip(),
                },
            )
    if submit:
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if locked.is_submitted:
                raise EOIError("This assessment has been submitted and cannot be changed")
            missing = missing_scores(locked)
            if missing:
                error = EOIError("Score every criterion, or mark it not applicable, to submit")
                error.missing = missing
                raise error
            locked.status = Assessment.Status.SUBMITTED
            locked.submitted_at = now or timezone.now()
            locked.save(update_fields=["status", "submitted_at", "updated_at"])
            assignment = locked.assignment
            audit.record(
                audit_actions.ASSESSMENT_SUBMITTED,
                f"Assessment of {assignment.expression_of_interest.reference} submitted",
                user=assignment.assessor,
                obj=locked,
            )
    assessment.refresh_from_db()
    return assessment


def missing_scores(assessment):
    reference = assessment.assignment.expression_of_interest.reference
    scored = {
        score.criterion_id
        for score in assessment.scores.all()
        if score.not_applicable or score.value is not None
    }
    return [
        Missing(criterion.title, "eoi:assess", {"reference": reference})
        for criterion in assessment.assignment.expression_of_interest.call.criteria.all()
        if criterion.pk not in scored
    ]


def criterion_scores(assessment, scores=None):
    """The assessment's scores in the form the arithmetic takes. Pass ``scores`` when they
    were prefetched (with their criteria), so a page of many assessments reads them once."""
    if scores is None:
        scores = assessment.scores.select_related("criterion")
    return [
        scoring.CriterionScore(
            criterion_id=score.criterion_id,
            value=None if score.not_applicable else score.value,
            max_score=score.criterion.max_score,
            weight=score.criterion.weight,
        )
        for score in scores
        if score.not_applicable or score.value is not None
    ]


def total(assessment):
    return scoring.weighted_total(criterion_scores(assessment))


def submitted_content(eoi):
    """What the applicant submitted last: the frozen copy assessors read."""
    submission = eoi.submissions.order_by("-number").first()
    return submission.content if submission else None


def reopen(assessment, *, by):
    """Let an assessor change a submitted assessment. Recorded in its history with who did it."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not locked.is_submitted:
            raise EOIError("This assessment has not been submitted, so there is nothing to reopen")
        locked.status = Assessment.Status.DRAFT
        locked.submitted_at = None
        locked._history_user = by
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        audit.record(
            audit_actions.ASSESSMENT_REOPENED,
            f"{locked.assignment.assessor}'s assessment of "
            f"{locked.assignment.expression_of_interest.reference} reopened",
            user=by,
            obj=locked,
        )
    assessment.refresh_from_db()
    return assessment


MODERATION_FIELDS = ["value", "not_applicable", "reason"]


def moderation_fingerprint(moderation):
    """What an agreed score was when a page showed it ("" when there was none yet)."""
    return fingerprint(moderation, MODERATION_FIELDS) if moderation else ""


def moderate(eoi, criterion, *, value, not_applicable=False, reason, by, opened_as=None):
    """Record the agreed score for one criterion, with the reason; replaces an earlier one,
    unless (``opened_as``) someone else agreed a different one since the page was opened."""
    reason = (reason or "").strip()
    if not reason:
        raise EOIError("Enter the reason for the agreed score")
    if criterion.call_id != eoi.call_id:
        raise EOIError("That criterion belongs to another call.")
    if not not_applicable and (value is None or not 0 <= value <= criterion.max_score):
        raise EOIError(f"The agreed score must be from 0 to {criterion.max_score}")
    with transaction.atomic():
        moderation = (
            Moderation.objects.select_for_update()
            .filter(expression_of_interest=eoi, criterion=criterion)
            .first()
        )
        if opened_as is not None and opened_as != moderation_fingerprint(moderation):
            raise EOIError(
                f"Someone else changed the agreed score for criterion {criterion.position} since "
                "you opened this page. Yours has not been saved. Reload the page to see theirs, "
                "then save yours again if it should replace it."
            )
        moderation = moderation or Moderation(expression_of_interest=eoi, criterion=criterion)
        moderation.value = None if not_applicable else value
        moderation.not_applicable = not_applicable
        moderation.reason = reason
        moderation.moderated_by = by
        moderation._history_user = by
        moderation.save()
        agreed = "not applicable" if not_applicable else f"{value} out of {criterion.max_score}"
        audit.record(
            audit_actions.SCORE_MODERATED,
            f"Agreed score for {eoi.reference}, criterion {criterion.position}: {agreed}",
            user=by,
            obj=moderation,
        )
    return moderation


@dataclass
class CriterionRow:
    criterion: object
    scores: list  # (assessor, value or None for N/A) from submitted assessments
    disagreement: bool
    moderation: object

    @property
    def moderation_fingerprint(self):
        return moderation_fingerprint(self.moderation)


@dataclass
class SummaryRow:
    eoi: object
    criteria: list
    agreement: object
    total: object
    ranked: object = None
    assessments_submitted: int = 0


def call_summary(call):
    """Every submitted expression of interest with its assessors' scores, agreement, the
    moderated total and its place; what the programme manager moderates and decides from."""
    criteria = list(call.criteria.all())
    scales = [scoring.CriterionScale(c.pk, c.max_score, c.weight) for c in criteria]
    eois = list(
        ExpressionOfInterest.objects.filter(
            call=call, status=ExpressionOfInterest.Status.SUBMITTED
        ).order_by("reference")
    )
    submitted = (
        Assessment.objects.filter(
            assignment__expression_of_interest__in=eois, status=Assessment.Status.SUBMITTED
        )
        .select_related("assignment__assessor", "assignment__expression_of_interest")
        .prefetch_related("scores__criterion")
    )
    by_eoi = {}
    for item in submitted:
        by_eoi.setdefault(item.assignment.expression_of_interest_id, []).append(item)
    moderations = {
        (m.expression_of_interest_id, m.criterion_id): m
        for m in Moderation.objects.filter(expression_of_interest__in=eois)
    }
    rows = []
    for eoi in eois:
        assessments = by_eoi.get(eoi.pk, [])
        result = scoring.agreement([criterion_scores(a, a.scores.all()) for a in assessments])
        values = {}
        criterion_rows = []
        by_criterion = [
            (item, {score.criterion_id: score for score in item.scores.all()})
            for item in assessments
        ]
        for criterion in criteria:
            scores = []
            for item, item_scores in by_criterion:
                score = item_scores.get(criterion.pk)
                if score is None or (score.value is None and not score.not_applicable):
                    continue
                value = None if score.not_applicable else score.value
                scores.append((item.assignment.assessor, value))
                values.setdefault(criterion.pk, []).append(value)
            criterion_rows.append(
                CriterionRow(
                    criterion=criterion,
                    scores=scores,
                    disagreement=criterion.pk in result.disagreements,
                    moderation=moderations.get((eoi.pk, criterion.pk)),
                )
            )
        agreed = {
            row.criterion.pk: (None if row.moderation.not_applicable else row.moderation.value)
            for row in criterion_rows
            if row.moderation is not None
        }
        total = scoring.combined_total(scales, values, agreed) if (values or agreed) else None
        rows.append(SummaryRow(eoi, criterion_rows, result, total, None, len(assessments)))
    for ranked in scoring.rank([(row, row.total) for row in rows]):
        ranked.key.ranked = ranked
    return sorted(rows, key=lambda row: (row.ranked.rank is None, row.ranked.rank or 0))


def others_scores(assignment):
    """Other assessors' submitted scores, by criterion id, for an assessor who has submitted
    their own, and only if the call allows it; otherwise nothing. Conflicted and unsubmitted
    assessments are never included."""
    own = getattr(assignment, "assessment", None)
    call = assignment.expression_of_interest.call
    if not call.assessors_see_each_other or own is None or not own.is_submitted:
        return {}
    others = Score.objects.filter(
        assessment__assignment__expression_of_interest=assignment.expression_of_interest,
        assessment__status=Assessment.Status.SUBMITTED,
    ).exclude(assessment__assignment=assignment)
    shown = {}
    for score in others.select_related("assessment__assignment__assessor"):
        value = "N/A" if score.not_applicable else score.value
        shown.setdefault(score.criterion_id, []).append(value)
    return shown
