import io
import re
from decimal import Decimal

import pdfua
import pytest
from django.core import mail
from django.core.cache import cache
from pypdf import PdfReader

from eoi import application, printing
from tests.eoi.conftest import fill, words

pytestmark = pytest.mark.django_db


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


def distinctive(criterion):
    return (
        f"Our answer about {criterion.title.lower()} mentions the Harbourside pilot {criterion.pk}"
    )


def test_the_receipt_email_carries_a_pdf_of_every_answer(
    draft, applicant, django_capture_on_commit_callbacks
):
    fill(draft, applicant, text_for=distinctive, amount=Decimal("412.50"))
    with django_capture_on_commit_callbacks(execute=True):
        submission = application.submit(draft, by=applicant)
    draft.refresh_from_db()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.subject == f"Expression of interest received: {draft.reference}"
    assert draft.reference in message.body
    assert "A PDF copy of exactly what you submitted is attached." in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"{draft.reference}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    assert content == bytes(submission.pdf)

    text, reader = pdf_text(content)
    for criterion in draft.call.criteria.all():
        assert criterion.title in text
        if not criterion.is_money:
            assert distinctive(criterion) in text
    assert "£412.50 a day" in text
    assert "£4,125.00 for 10 days and £6,187.50 for 15 days" in text
    assert draft.reference in text
    assert len(reader.pages) == submission.pages


def test_the_pdf_is_tagged_and_passes_the_pdf_ua_checks(complete_draft, tmp_path):
    data = printing.render_pdf(complete_draft)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Expression of interest")
    path = tmp_path / "eoi.pdf"
    path.write_bytes(data)
    report = pdfua.validate(str(path))
    assert report.findings == ()
    assert report.exit_code == 0


def test_the_pdf_uses_the_shipped_typeface(complete_draft):
    reader = PdfReader(io.BytesIO(printing.render_pdf(complete_draft)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all(re.search(r"Atkinson-Hyperlegible", name) for name in fonts), fonts


def test_what_is_counted_is_what_is_previewed(draft, applicant):
    fill(draft, applicant, text_for=lambda criterion: "word " * 450)
    count = printing.count_pages(draft)
    reader = PdfReader(io.BytesIO(printing.render_pdf(draft)))
    assert count.pages == len(reader.pages)


@pytest.mark.parametrize("words_each", [100, 105, 108, 110, 115, 290, 295, 298, 300, 305])
def test_the_check_without_page_numbers_counts_the_pages_that_are_sent(
    draft, applicant, words_each
):
    """The check-answers page lays out without the page-number footer (it sits in the page
    margin); around every page boundary its count equals the pages of the PDF that is sent."""
    fill(draft, applicant, text_for=lambda criterion: words(words_each))
    cache.clear()
    assert printing.count_pages(draft).pages == len(printing.render_document(draft).pages)


def test_the_answers_and_their_criteria_are_read_in_two_queries(
    complete_draft, django_assert_num_queries
):
    """Whether an answer is complete depends on its criterion, which the rows already hold:
    asking each answer for it again cost a query an answer on every page that lists them."""
    complete_draft = type(complete_draft).objects.select_related("call").get(pk=complete_draft.pk)
    with django_assert_num_queries(2):  # the answers, the criteria
        rows = printing.answer_rows(complete_draft)
    assert len(rows) >= 3
    assert all(row["complete"] for row in rows)
