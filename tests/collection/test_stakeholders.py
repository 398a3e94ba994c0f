"""Stakeholders: CSV import (all rows or none, every problem by row number), export, the map."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from collection import stakeholders
from collection.models import Stakeholder, StakeholderImport
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HEADER = "name,kind,region,influence,interest,contact_name,email,website,code,notes\n"
GOOD = (
    HEADER
    + "Northgate City Council,Local authority,North West,high,high,"
    + "Pat,pat@northgate.example.gov.uk,,E08000099,\n"
    + "Local Government Association,representative_body,uk_wide,high,low,,,https://www.local.gov.uk,,\n"
    + "Coastway CIL,DPULO or DPULO network,South West,low,high,,info@coastway.example.org,,,\n"
)


def upload(content, name="stakeholders.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def team_client(client):
    client.force_login(make_user("coordinator@st.example", roles.COORDINATOR))
    return client


def test_every_kind_of_bad_row_is_reported_by_number_and_nothing_is_imported(db):
    bad = (
        HEADER
        + ",Local authority,London,high,high,,,,,\n"  # row 2: no name
        + "A council,Local authority,London,high,high,,not-an-email,,,\n"  # row 3
        + "A body,Spaceship,London,high,high,,,,,\n"  # row 4: unknown kind
        + "Council A,Local authority,Atlantis,high,high,,,,E1,\n"  # row 5: unknown region
        + "Council B,Local authority,London,huge,high,,,,E1,\n"  # row 6: bad level, duplicate
        + "Council C,Local authority,London,,,,,ftp://x,,\n"  # row 7: bad website
    )
    checked = stakeholders.check(bad)
    assert checked.problems == [
        (2, "Enter the stakeholder's name"),
        (3, "“not-an-email” is not a valid email address"),
        (4, "Unknown kind “Spaceship”"),
        (5, "Unknown region “Atlantis”"),
        (6, "The influence must be low, medium or high, not “huge”"),
        (6, "The code E1 is also on row 5"),
        (7, "“ftp://x” is not a valid web address"),
    ]
    record = StakeholderImport.objects.create(filename="bad.csv", content=bad)
    with pytest.raises(stakeholders.FileError, match="Correct the problems"):
        stakeholders.run(record)
    assert Stakeholder.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The selected file is empty"),
        ("name,region\nX,London\n", "Missing: kind"),
        (HEADER, "no stakeholders"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(db, content, message):
    with pytest.raises(stakeholders.FileError, match=message):
        stakeholders.upload(upload(content or " "), by=None)


def test_a_file_not_in_utf8_is_refused(db):
    latin = SimpleUploadedFile(
        "s.csv", (HEADER + "Café,Local authority,London,,,,,,,\n").encode("cp1252")
    )
    with pytest.raises(stakeholders.FileError, match="UTF-8"):
        stakeholders.upload(latin, by=None)


def test_a_clean_file_imports_and_importing_it_again_updates(db):
    first = stakeholders.run(stakeholders.upload(upload(GOOD), by=None))
    assert (first.created_count, first.updated_count) == (3, 0)
    council = Stakeholder.objects.get(code="E08000099")
    assert (council.kind, council.region, council.influence) == (
        "local_authority",
        "north_west",
        "high",
    )
    changed = GOOD.replace("Pat,pat@", "Sam,sam@")
    second = stakeholders.run(stakeholders.upload(upload(changed), by=None))
    assert (second.created_count, second.updated_count) == (0, 3)
    assert Stakeholder.objects.count() == 3
    assert Stakeholder.objects.get(code="E08000099").contact_name == "Sam"
    with pytest.raises(stakeholders.FileError, match="already been imported"):
        stakeholders.run(second)


def test_the_import_pages_preview_then_import(team_client):
    response = team_client.post(reverse("collection:stakeholder-import"), {"file": upload(GOOD)})
    check_url = response["Location"]
    page = team_client.get(check_url).content.decode()
    assert "3 stakeholders will be added and 0 updated" in page
    assert Stakeholder.objects.count() == 0  # nothing until confirmed
    team_client.post(check_url)
    assert Stakeholder.objects.count() == 3
    empty = team_client.post(reverse("collection:stakeholder-import"), {})
    assert "Select a CSV file" in empty.content.decode()


def test_the_sample_file_in_the_repository_imports(db):
    from pathlib import Path

    sample = Path(stakeholders.__file__).parent / "samples" / "stakeholders.csv"
    checked = stakeholders.check(sample.read_text())
    assert checked.clean
    assert len(checked.rows) >= 4


def test_export_round_trips_and_neutralises_formulas(team_client):
    stakeholders.run(stakeholders.upload(upload(GOOD), by=None))
    Stakeholder.objects.filter(code="E08000099").update(notes="=cmd|' /C calc'!A0")
    response = team_client.get(reverse("collection:stakeholder-export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    assert next(r for r in rows if r["code"] == "E08000099")["notes"].startswith("'=")
    again = stakeholders.check(response.content.decode())
    assert again.updates == 3  # an export re-imports as updates, not duplicates


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        ("high", "high", "manage_closely"),
        ("medium", "medium", "manage_closely"),
        ("high", "low", "keep_satisfied"),
        ("low", "high", "keep_informed"),
        ("low", "medium", "keep_informed"),
        ("low", "low", "monitor"),
    ],
)
def test_quadrant_placement(influence, interest, quadrant):
    assert Stakeholder(influence=influence, interest=interest).quadrant == quadrant


def test_the_map_lists_each_quadrant_with_counts_and_a_picture(team_client):
    stakeholders.run(stakeholders.upload(upload(GOOD), by=None))
    page = team_client.get(reverse("collection:stakeholder-map")).content.decode()
    assert "Manage closely (1)" in page
    assert "Keep satisfied (1)" in page
    assert "Keep informed (1)" in page
    assert "Monitor (0)" in page
    svg = team_client.get(reverse("collection:stakeholder-map-svg"))
    assert svg["Content-Type"].startswith("image/svg+xml")
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg.content)  # noqa: S314 - our own picture, in a test
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith("Stakeholder map")
    assert "Manage closely: 1." in root.find("{http://www.w3.org/2000/svg}desc").text


def test_filters_on_the_table(team_client):
    stakeholders.run(stakeholders.upload(upload(GOOD), by=None))
    page = team_client.get(reverse("collection:stakeholders"), {"kind": "local_authority"})
    assert [s.name for s in page.context["page"].object_list] == ["Northgate City Council"]


def test_a_duplicate_code_is_refused_on_the_form(team_client):
    Stakeholder.objects.create(name="A", kind="local_authority", region="london", code="E1")
    response = team_client.post(
        reverse("collection:stakeholder-new"),
        {
            "name": "B",
            "kind": "local_authority",
            "region": "london",
            "influence": "high",
            "interest": "high",
            "code": "e1",
            "version": "0",
        },
    )
    assert "A already has the code E1" in response.content.decode()


def test_a_value_over_the_csv_limit_is_refused_with_its_row(team_client):
    huge = HEADER + "A council,Local authority,London,,,,,,," + '"' + "x" * 140_000 + '"\n'
    response = team_client.post(reverse("collection:stakeholder-import"), {"file": upload(huge)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 2 has a value longer than 131,072 characters" in page
    assert not StakeholderImport.objects.exists()


def test_a_nul_byte_after_the_first_4_kb_is_refused_with_its_row(team_client):
    rows = "".join(f"Council {n},Local authority,London,,,,,,,\n" for n in range(2, 200))
    content = HEADER + rows + "Broken\x00 council,Local authority,London,,,,,,,\n"
    assert content.index("\x00") > 4096
    response = team_client.post(reverse("collection:stakeholder-import"), {"file": upload(content)})
    assert response.status_code == 200
    assert "Row 200 contains a character a CSV file cannot hold" in response.content.decode()
    assert not StakeholderImport.objects.exists()


def test_an_upload_over_the_limit_is_dropped_as_it_arrives(team_client, monkeypatch):
    """Past the limit, nothing more of the file is kept: not in memory, not on disk."""
    from django.core.files import uploadhandler

    def never(*args, **kwargs):
        raise AssertionError("a temporary file was written for the upload")

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "new_file", never)
    big = HEADER + ("A council,Local authority,London,,,,,,,\n" * 80_000)
    assert len(big) > stakeholders.MAX_BYTES
    response = team_client.post(reverse("collection:stakeholder-import"), {"file": upload(big)})
    assert response.status_code == 200
    assert "The file must be smaller than 2 MB" in response.content.decode()
    assert not StakeholderImport.objects.exists()


def test_a_body_declared_too_big_is_refused_before_it_is_read(team_client, rf):
    from collection.views import stakeholders as stakeholder_views

    request = rf.post(
        reverse("collection:stakeholder-import"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    request.user = make_user("reader@st.example", roles.COORDINATOR)
    request._dont_enforce_csrf_checks = True
    read = []
    request._stream = type("Stream", (), {"read": lambda self, *a: read.append(a) or b""})()
    response = stakeholder_views.import_upload(request)
    assert response.status_code == 200
    assert "The file must be smaller than 2 MB" in response.content.decode()
    assert read == []


def test_the_upload_page_still_checks_csrf(db):
    """The page turns off the early CSRF check so the upload is bounded first; the check itself
    still runs."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("csrf@st.example", roles.COORDINATOR))
    response = strict.post(reverse("collection:stakeholder-import"), {"file": upload(GOOD)})
    assert response.status_code == 403
    assert not StakeholderImport.objects.exists()
