"""The direct look-up of each page's margin boxes in portal/pdf.py changes how fast pages are
laid out, never what is laid out: every kind of page rule WeasyPrint knows gives the same PDF
either way."""

import io
import re

import pytest
from pypdf import PdfReader
from weasyprint.layout import page as weasyprint_page

from portal import pdf

# Named pages, :first, :left and :right, :blank (a right-hand break leaves one), nth(), page
# groups, running strings, the page counters, every side's margin boxes, corners, and a
# footnote area: each selects its own page types and margin boxes. The page's own font size and
# colour are what its margin boxes inherit.
STYLE = """
@page { size: A5; margin: 2cm; font-size: 8pt; color: #505a5f;
  @top-left { content: string(chapter); }
  @top-center { content: "Centre"; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); }
  @left-middle { content: "L"; }
  @footnote { border-top: 1pt solid black; }
}
@page :first { @top-left { content: none; } @bottom-left-corner { content: "first"; } }
@page :left { @bottom-left { content: "left " counter(page); } }
@page :right { @right-top { content: "R"; } @top-right-corner { content: "corner"; } }
@page :blank { @top-center { content: "This page is left blank"; } }
@page :nth(3) { @bottom-center { content: "third"; } }
@page appendix { margin: 3cm; @top-right { content: "Appendix"; } }
@page appendix:nth(1 of appendix) { @bottom-center { content: "appendix begins"; } }
h2 { string-set: chapter content(text); break-before: right; }
.appendix { page: appendix; }
.note { float: footnote; }
"""
BODY = "".join(
    f"<h2>Chapter {n}</h2>"
    + "".join(
        f"<p>Paragraph {p}<span class='note'>Note {n}.{p}</span>: " + "words " * 40 + "</p>"
        for p in range(2)
    )
    for n in range(5)
) + "".join(f"<section class='appendix'><p>{'more ' * 300}</p></section>" for _ in range(2))
HTML = (
    f'<!DOCTYPE html><html lang="en-GB"><head><title>Pages</title><style>{STYLE}</style></head>'
    f"<body>{BODY}</body></html>"
)


def _without_dates(data):
    return re.sub(rb"/(CreationDate|ModDate) \([^)]*\)", b"", data)


def test_the_look_up_is_installed_once():
    pdf.speed_up_weasyprint()
    assert weasyprint_page.set_page_type_computed_styles is pdf._page_type_styles
    # WeasyPrint's own is kept beside it, for the benchmark and the comparison below.
    assert pdf._page_type_styles.__wrapped__.__module__ == "weasyprint.layout.page"
    assert pdf._page_type_styles.__wrapped__.__name__ == "set_page_type_computed_styles"


@pytest.fixture
def weasyprints_own(monkeypatch):
    def use():
        monkeypatch.setattr(
            weasyprint_page,
            "set_page_type_computed_styles",
            pdf._page_type_styles.__wrapped__,
        )

    return use


def test_every_kind_of_page_rule_gives_the_same_pdf_either_way(weasyprints_own):
    document = pdf.render(HTML)
    faster = pdf.write_pdf(document)
    weasyprints_own()
    plain_document = pdf.render(HTML)
    plain = pdf.write_pdf(plain_document)
    # The document does reach each kind of page: blank ones, the appendix's, and past the third.
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(faster)).pages)
    for expected in ("This page is left blank", "appendix begins", "third", "corner", "first"):
        assert expected in text
    assert len(document.pages) == len(plain_document.pages) > 10
    assert _without_dates(faster) == _without_dates(plain)


def test_the_large_print_edition_is_the_same_either_way(weasyprints_own):
    """The portal's own page rules (large print's over the standard ones) on an edition."""
    from collection import printing
    from tests.collection.test_printing import CASES, EDITION, make_case_study

    html = printing.edition_html(EDITION, [make_case_study(CASES[0])], large_print=True)
    faster = pdf.write_pdf(pdf.render(html, whole_hyphenated_words=True))
    weasyprints_own()
    plain = pdf.write_pdf(pdf.render(html, whole_hyphenated_words=True))
    assert _without_dates(faster) == _without_dates(plain)


def _page_styles(document):
    return [page._page_box.style for page in document.pages]


def test_pages_given_the_same_rules_share_one_style():
    """Every page is a page type of its own, but the page's style and its margin boxes' are
    computed once for all the pages their rules select alike."""
    document = pdf.render(HTML)
    styles = _page_styles(document)
    by_identity = {id(style): style for style in styles}
    assert len(styles) > 10
    # The first page, left pages, right pages, blank pages, the third page and the appendix's
    # pages (its first and the rest, left and right) each select other rules...
    assert 6 <= len(by_identity) < len(styles) - 3
    # ...and pages that select the same rules are given one and the same style: every blank
    # page, and every chapter's right-hand page after the third page.
    types = [page._page_box.page_type for page in document.pages]
    blank = [style for kind, style in zip(types, styles, strict=True) if kind.blank]
    right = [
        style
        for kind, style in zip(types, styles, strict=True)
        if kind.side == "right" and not kind.blank and not kind.name and kind.index > 2
    ]
    for alike in (blank, right):
        assert len(alike) >= 3
        assert all(style is alike[0] for style in alike)
    assert blank[0] is not right[0]


def test_weasyprints_own_computes_them_for_every_page(weasyprints_own):
    """What the test above measures against: WeasyPrint alone gives each page its own."""
    weasyprints_own()
    styles = _page_styles(pdf.render(HTML))
    assert len({id(style) for style in styles}) == len(styles)
