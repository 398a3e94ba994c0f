"""Every PDF's page number sits in a margin box of a set width, right-aligned against the page
area's right edge. With its width left to ``auto``, WeasyPrint measures the number's text on
every page to size the box, a cost every page pays whatever is on it (the benchmark's "as wide
as its text" figure); the set width leaves the number where ``auto`` would put it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

from portal import pdf

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
PAGE_NUMBER = re.compile(r"Page \d+")


def _templates_with_page_numbers():
    """Every template whose own style sheet numbers its pages: a new PDF template is checked
    without being listed here."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        style = STYLE.search(path.read_text())
        if style and "counter(page)" in style.group(1):
            name = str(path.relative_to(TEMPLATES))
            found.append(pytest.param(name, False, id=name))
            if "large_print" in style.group(1):
                found.append(pytest.param(name, True, id=f"{name} large print"))
    return found


def _page_rules(name, large_print):
    """The template's style sheet as it renders (its includes and the large-print rules laid
    over it), around a few pages of text."""
    style = STYLE.search((TEMPLATES / name).read_text()).group(1)
    css = engines["django"].from_string(style).render({"large_print": large_print})
    pages = "".join(f"<p style='break-before: page'>Page text {n}</p>" for n in range(3))
    return (
        f'<!DOCTYPE html><html lang="en-GB"><head><title>Numbers</title><style>{css}</style>'
        f"</head><body>{pages}</body></html>"
    )


def _text(box):
    if hasattr(box, "text"):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", ()))


def _right_edge(box):
    """Where the rightmost text inside ``box`` ends."""
    if hasattr(box, "text"):
        return box.position_x + box.width
    return max((_right_edge(child) for child in getattr(box, "children", ())), default=None)


def test_every_pdf_template_with_a_page_number_is_found():
    names = {param.values[0] for param in _templates_with_page_numbers()}
    assert {
        "collection/pdf/edition.html",
        "collection/pdf/case_study.html",
        "collection/pdf/easy_read.html",
        "collection/pdf/evidence_pack.html",
        "eoi/pdf/question_set.html",
        "pdf/eoi.html",
    } <= names


@pytest.mark.parametrize(("name", "large_print"), _templates_with_page_numbers())
def test_the_page_number_box_has_a_set_width_and_ends_at_the_page_areas_right_edge(
    name, large_print
):
    document = pdf.render(_page_rules(name, large_print))
    numbered = 0
    for page in document.pages:
        area = page._page_box
        right = area.content_box_x() + area.width
        for box in area.children:
            if not getattr(box, "at_keyword", None) or not PAGE_NUMBER.search(_text(box)):
                continue
            numbered += 1
            assert box.style["width"] != "auto", f"{box.at_keyword} is as wide as its text"
            assert box.width == pytest.approx(area.width / 2)
            assert _right_edge(box) == pytest.approx(right, abs=0.01)
    # The cover of an edition has no number; every other page has one.
    assert numbered >= len(document.pages) - 1 >= 2
