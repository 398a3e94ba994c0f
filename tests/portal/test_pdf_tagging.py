"""The tagging workaround in portal/pdf.py changes how fast a tagged PDF is written, never what
is written."""

import io
import re

from pypdf import PdfReader
from weasyprint import pdf as weasyprint_pdf

from portal import pdf

BODY = "".join(
    f"<h2>Section {n}</h2>"
    + "".join(f"<p>Paragraph {p}: " + "words " * 50 + "</p>" for p in range(4))
    for n in range(12)
)
HTML = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Tagged</title></head>'
    f"<body>{BODY}</body></html>"
)


def _without_dates(data):
    return re.sub(rb"/(CreationDate|ModDate) \([^)]*\)", b"", data)


def test_the_workaround_is_installed_once():
    assert weasyprint_pdf.add_tags.reads_page_references_once
    assert not getattr(weasyprint_pdf.add_tags.__wrapped__, "reads_page_references_once", False)


def test_tagged_output_is_the_same_with_and_without_the_workaround(monkeypatch):
    document = pdf.render(HTML)
    assert len(document.pages) > 3
    faster = pdf.write_pdf(document)
    monkeypatch.setattr(weasyprint_pdf, "add_tags", weasyprint_pdf.add_tags.__wrapped__)
    plain = pdf.write_pdf(document)
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(faster)).trailer["/Root"]
    assert _without_dates(faster) == _without_dates(plain)
