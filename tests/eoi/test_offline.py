"""A call's question set to work on offline: a Word document that opens (read back with
python-docx) with real headings, lists and British English, and a PDF that passes the tagging
checks; both say the same, and both change when the call does."""

import io
from decimal import Decimal

import pdfua
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from eoi import offline
from tests.eoi.conftest import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    call = make_call("offline", criteria=2)
    call.guidance = "Read this first.\n\n- Be specific\n- Say who was involved"
    call.blind_assessment = True
    call.save()
    first = call.criteria.get(position=1)
    first.guidance = "Tell us about your work with commissioners.\n\n- One example is enough"
    first.weight = Decimal("2.0")
    first.save()
    return call


def download(client, call, fmt):
    response = client.get(reverse("eoi:call-questions", args=[call.slug, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{call.slug}-questions.{fmt}"'
    )
    return response


def test_the_word_document_opens_with_every_question_as_a_heading(client, call):
    response = download(client, call, "docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Call offline: questions to answer"),
        ("Heading 2", "About this call"),
        ("Heading 2", "The questions"),
        ("Heading 3", "1. Criterion number 1"),
        ("Heading 3", "2. Criterion number 2"),
        ("Heading 3", "3. Proposed daily rate"),
        ("Heading 2", "Questions or another way to apply"),
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Be specific", "Say who was involved", "One example is enough"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "No more than 3 sides of A4" in text
    assert "Scored from 0 to 4, weighted 2 times." in text
    assert "about 200 words" in text
    assert "Your proposed daily rate, in pounds" in text
    assert "Assessors will not see your organisation's name." in text
    assert "programme@test.example" in text
    assert text.count("Your answer:") == 3
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title == "Call offline: questions"
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert run_defaults.find(qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_the_pdf_is_tagged_and_says_the_same(client, call, tmp_path):
    data = download(client, call, "pdf").content
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Call offline: questions to answer"
    # The outline nests the questions under "The questions".
    outline = reader.outline
    assert [item.title for item in outline if not isinstance(item, list)] == [
        "Call offline: questions to answer"
    ]
    path = tmp_path / "questions.pdf"
    path.write_bytes(data)
    report = pdfua.validate(str(path))
    assert report.findings == ()
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "1. Criterion number 1",
        "3. Proposed daily rate",
        "One example is enough",
        "Scored from 0 to 4, weighted 2 times.",
        "No more than 3 sides of A4",
    ):
        assert expected in text


def test_a_changed_call_is_never_served_from_an_old_copy(client, call):
    before = download(client, call, "pdf").content
    criterion = call.criteria.get(position=2)
    criterion.title = "A question added later"
    criterion.save()
    after = download(client, call, "pdf").content
    assert before != after
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(after)).pages)
    assert "A question added later" in text


def test_no_guidance_leaves_no_empty_heading(call):
    call.guidance = ""
    call.save()
    questions = offline.question_set(call)
    assert questions.guidance == []
    assert "About this call" not in offline.html(questions)


def test_an_unknown_call_or_format_is_not_found(client, call):
    assert client.get("/calls/no-such-call/questions.pdf").status_code == 404
    assert client.get(f"/calls/{call.slug}/questions.odt").status_code == 404
