"""Score exports for the programme team, as CSV and XLSX.

One row per assessment, and a summary row per expression of interest. Every cell that starts
with a character a spreadsheet would read as a formula (=, +, -, @, tab or carriage return) is
neutralised with a leading apostrophe, so an applicant's or assessor's text can never run as a
formula when the file is opened.
"""

import csv
import io

from openpyxl import Workbook

from portal.spreadsheets import neutralise, xlsx_value

from . import assessment
from .models import Assessment


def _organisation(eoi, include_names):
    return [eoi.organisation_name] if include_names else []


def assessment_sheet(call, *, include_names=True):
    criteria = list(call.criteria.all())
    header = ["Reference", *(["Organisation"] if include_names else []), "Assessor", "Status"]
    for criterion in criteria:
        header += [f"{criterion.position}. score", f"{criterion.position}. comment"]
    header.append("Weighted total (%)")
    rows = [header]
    assessments = (
        Assessment.objects.filter(assignment__expression_of_interest__call=call)
        .select_related("assignment__expression_of_interest", "assignment__assessor")
        .prefetch_related("scores")
        .order_by(
            "assignment__expression_of_interest__reference", "assignment__assessor__full_name"
        )
    )
    for item in assessments:
        eoi = item.assignment.expression_of_interest
        scores = {score.criterion_id: score for score in item.scores.all()}
        row = [
            eoi.reference,
            *_organisation(eoi, include_names),
            item.assignment.assessor.full_name,
            item.get_status_display(),
        ]
        for criterion in criteria:
            score = scores.get(criterion.pk)
            if score is None:
                row += ["", ""]
            else:
                shown = (
                    "N/A" if score.not_applicable else ("" if score.value is None else score.value)
                )
                row += [shown, score.comment]
        total = assessment.total(item)
        row.append(float(total) if total is not None else "")
        rows.append([neutralise(cell) for cell in row])
    return rows


def summary_sheet(call, *, include_names=True):
    header = [
        "Place",
        "Reference",
        *(["Organisation"] if include_names else []),
        "Assessments submitted",
        "Mean (%)",
        "Median (%)",
        "Spread",
        "Assessors disagree",
        "Total for ranking (%)",
    ]
    rows = [header]
    for row in assessment.call_summary(call):
        figures = row.agreement
        rows.append(
            [
                neutralise(cell)
                for cell in [
                    row.ranked.label,
                    row.eoi.reference,
                    *_organisation(row.eoi, include_names),
                    row.assessments_submitted,
                    float(figures.mean) if figures.mean is not None else "",
                    float(figures.median) if figures.median is not None else "",
                    float(figures.spread) if figures.spread is not None else "",
                    "Yes" if figures.has_disagreement else "No",
                    float(row.total) if row.total is not None else "",
                ]
            ]
        )
    return rows


def to_csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def to_xlsx(sheets):
    """``sheets`` is a list of (title, rows). Returns the workbook's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows:
            sheet.append([xlsx_value(value) for value in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
