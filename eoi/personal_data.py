"""What the personal-data download holds from expressions of interest and assessment."""

from portal.dates import iso

from .models import Assessment, ExpressionOfInterest


def sections(user):
    return {
        "expressions_of_interest_submitted": [
            {
                "reference": eoi.reference,
                "call": eoi.call.title,
                "organisation": eoi.organisation.name,
                "submitted_at": iso(eoi.submitted_at),
                "status": eoi.get_status_display(),
            }
            for eoi in ExpressionOfInterest.objects.filter(submitted_by=user).select_related(
                "call", "organisation"
            )
        ],
        "assessments": [
            {
                "expression_of_interest": a.assignment.expression_of_interest.reference,
                "status": a.get_status_display(),
                "submitted_at": iso(a.submitted_at),
                "scores": [
                    {
                        "criterion": s.criterion.title,
                        "score": s.value,
                        "not_applicable": s.not_applicable,
                        "comment": s.comment,
                    }
                    for s in a.scores.select_related("criterion")
                ],
            }
            for a in Assessment.objects.filter(assignment__assessor=user).select_related(
                "assignment__expression_of_interest"
            )
        ],
    }
