"""The printed collection: an edition of case studies, or one case study, as a tagged A4 PDF.

Print comes from the same template readers see on the web (the body of a case study is
``collection/includes/case_study_body.html`` in both), laid out by WeasyPrint with the shipped
font. The functions here take plain objects with the attributes the templates use and never
touch the database, so the publish step can call them with model instances and the tests with
``types.SimpleNamespace``.

A rendering is laid out once: the page count reported alongside the PDF comes from the very
layout that was written, never from a second pass that could differ.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from weasyprint import HTML

from portal import pdf

EDITION_TEMPLATE = "collection/pdf/edition.html"
CASE_STUDY_TEMPLATE = "collection/pdf/case_study.html"


@dataclass(frozen=True)
class Rendered:
    """A PDF and the number of pages it has."""

    pdf: bytes
    pages: int


def edition_html(edition, case_studies, *, large_print=False) -> str:
    """The whole edition as HTML for print: cover, contents, introduction, case studies.
    ``large_print`` lays the large-print rules over the standard ones: the same document,
    in 18 pt and more."""
    return render_to_string(
        EDITION_TEMPLATE,
        {"edition": edition, "case_studies": list(case_studies), "large_print": large_print},
    )


def case_study_html(case_study, edition, *, large_print=False) -> str:
    """One case study on its own as HTML for print, naming the edition it appeared in."""
    return render_to_string(
        CASE_STUDY_TEMPLATE,
        {"case_study": case_study, "edition": edition, "large_print": large_print},
    )


EVIDENCE_PACK_TEMPLATE = "collection/pdf/evidence_pack.html"


def evidence_pack_html(edition, choices, case_studies) -> str:
    """An evidence pack as HTML for print: what was chosen, then each case study's summary,
    outcomes and citation, from the same include as the web page."""
    return render_to_string(
        EVIDENCE_PACK_TEMPLATE,
        {"edition": edition, "choices": choices, "case_studies": list(case_studies)},
    )


def render_evidence_pack(edition, choices, case_studies) -> Rendered:
    """An evidence pack as a tagged PDF/UA-1 file."""
    return _rendered(evidence_pack_html(edition, choices, case_studies))


def _rendered(html: str, *, clear_print=False) -> Rendered:
    """``clear_print`` (large print and Easy Read): no line breaks inside hyphenated words."""
    document = pdf.render(html, whole_hyphenated_words=clear_print)
    return Rendered(pdf=pdf.write_pdf(document), pages=len(document.pages))


def render_edition(edition, case_studies, *, large_print=False) -> Rendered:
    """The edition as a tagged PDF/UA-1 file with bookmarks for each case study."""
    return _rendered(
        edition_html(edition, case_studies, large_print=large_print), clear_print=large_print
    )


def render_case_study(case_study, edition, *, large_print=False) -> Rendered:
    """One case study as a tagged PDF/UA-1 file."""
    return _rendered(
        case_study_html(case_study, edition, large_print=large_print), clear_print=large_print
    )


def weasyprint_alone(html: str) -> bytes:
    """WeasyPrint's one-call API on the same HTML, fonts and PDF variant, for benchmarks.

    It is what the publish path would cost with nothing of ours around WeasyPrint, so the
    benchmark can tell our overhead (templates, page counting) from WeasyPrint's own time. The
    cycle collector is paused here as it is in ``portal.pdf``, so that pause, which speeds up
    both alike, is not counted as ours.
    """
    with pdf.collector_paused():
        return HTML(string=html, base_url=str(pdf.font_directory())).write_pdf(
            stylesheets=[pdf.font_stylesheet()],
            font_config=pdf.font_configuration(),
            pdf_variant="pdf/ua-1",
        )


EASY_READ_TEMPLATE = "collection/pdf/easy_read.html"


def easy_read_points(case_study, picture_src):
    """A published case study's Easy Read points as the templates show them:
    [{"text", "alt", "src"}], where ``picture_src(sha256)`` gives a picture's address (a URL on
    the web, the picture itself as a data URI in print) or "" for none."""
    return [
        {
            "text": point["text"],
            "alt": point["picture_alt"],
            "src": picture_src(point["picture_sha256"]) if point["picture_sha256"] else "",
        }
        for point in case_study.easy_read
    ]


def easy_read_html(edition, case_studies, picture_src, *, single=False) -> str:
    """Easy Read for print: one case study on its own (``single``), or every case study of the
    edition that has an Easy Read version."""
    chapters = [
        {
            "case_study": case_study,
            "points": easy_read_points(case_study, picture_src),
            "glossary": case_study.glossary,
        }
        for case_study in case_studies
        if case_study.easy_read
    ]
    return render_to_string(
        EASY_READ_TEMPLATE, {"edition": edition, "chapters": chapters, "single": single}
    )


def render_easy_read(edition, case_studies, picture_src, *, single=False) -> Rendered:
    """Easy Read as a tagged PDF/UA-1 file."""
    return _rendered(
        easy_read_html(edition, case_studies, picture_src, single=single), clear_print=True
    )
