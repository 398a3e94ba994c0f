import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from eoi import assessment, exports
from eoi.models import Assignment
from tests.eoi.test_assessment import SECRET_NAME, closed_call  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("Plain text", "Plain text"),
        (3, 3),
        (-2, -2),  # numbers stay numbers
    ],
)
def test_neutralise(value, expected):
    assert exports.neutralise(value) == expected


@pytest.fixture
def scored(closed_call, role_users):  # noqa: F811
    call, (first, second) = closed_call
    manager = role_users[roles.PROGRAMME_MANAGER]
    assessor = role_users[roles.ASSESSOR]
    assessment.assign(call, [assessor.pk], by=manager)
    assessment.open_assessment(call, by=manager)
    assignment = Assignment.objects.get(expression_of_interest=first)
    assessment.declare(assignment, has_conflict=False)
    item = assessment.start_assessment(assignment)
    entries = {c.pk: (2, False, "=cmd|' /C calc'!A0") for c in call.criteria.all()}
    assessment.save_scores(item, entries, submit=True)
    return call, first, second


def test_csv_has_a_row_per_assessment_with_formulas_neutralised(client, scored, role_users):
    call, first, _ = scored
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    response = client.get(reverse("eoi:manage-export", args=[call.slug, "csv"]))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Reference", "Organisation", "Assessor", "Status"]
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == first.reference
    assert row[1] == SECRET_NAME
    assert row[4] == "2"
    assert row[5] == "'=cmd|' /C calc'!A0"
    assert row[-1] == "50.0"


def test_xlsx_has_assessments_and_a_summary(client, scored, role_users):
    call, first, second = scored
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    response = client.get(reverse("eoi:manage-export", args=[call.slug, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Assessments", "Summary"]
    summary = list(workbook["Summary"].values)
    assert summary[0][0] == "Place"
    by_reference = {row[1]: row for row in summary[1:]}
    assert by_reference[first.reference][0] == "1"
    assert by_reference[first.reference][-1] == 50.0
    assert by_reference[second.reference][0] == "Not ranked"
    comment = workbook["Assessments"]["F2"].value
    assert comment.startswith("'=")


def test_an_unknown_format_is_404(client, scored, role_users):
    call, _, _ = scored
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    assert client.get(reverse("eoi:manage-export", args=[call.slug, "exe"])).status_code == 404


def test_assessors_cannot_download_exports(client, scored, role_users):
    call, _, _ = scored
    client.force_login(role_users[roles.ASSESSOR])
    assert client.get(reverse("eoi:manage-export", args=[call.slug, "csv"])).status_code == 403


def test_an_organisation_name_with_a_control_character_still_exports(client, scored, role_users):
    call, first, _ = scored
    first.organisation.name = "Bell\x07 and Tab\x0b DPULO"
    first.organisation.save()
    first.organisation_name = first.organisation.name
    first.save()
    client.force_login(role_users[roles.PROGRAMME_MANAGER])
    response = client.get(reverse("eoi:manage-export", args=[call.slug, "xlsx"]))
    assert response.status_code == 200
    names = {
        row[1]
        for row in list(load_workbook(io.BytesIO(response.content))["Assessments"].values)[1:]
    }
    assert "Bell and Tab DPULO" in names


@pytest.mark.parametrize("hidden", ['\x01=HYPERLINK("http://evil.example")', "\x07\x08+1+1"])
def test_a_control_character_cannot_hide_a_formula(hidden):
    from portal.spreadsheets import cell, xlsx_value

    assert xlsx_value(hidden).startswith("'")
    assert not xlsx_value(hidden).lstrip("'").startswith("\x01")
    assert cell(hidden).startswith("'")
