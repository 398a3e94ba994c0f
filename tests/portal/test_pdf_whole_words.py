"""Large print and Easy Read never break a line inside a hyphenated word: a word joiner after
each hyphen in the body's text, nowhere else, and nothing of it in the PDF's text or bookmarks."""

import io
import re

from pypdf import PdfReader
from weasyprint import HTML

from portal import pdf

NARROW = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Whole words</title><style>'
    '@page { size: A4; } h2 { bookmark-level: 1; } p { font-family: "Atkinson Hyperlegible"; '
    "font-size: 18pt; width: 9cm; hyphens: manual; overflow-wrap: break-word; }"
    "</style></head><body><h2>User-led work</h2><p>"
    + " ".join(["Disabled people's user-led organisations co-produce part-time services"] * 8)
    + "</p></body></html>"
)
BROKEN_AT_A_HYPHEN = re.compile(r"\w-\n\w")


def _lines(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_only_the_bodys_text_gets_word_joiners():
    source = HTML(
        string=(
            "<html><head><title>A user-led title</title><style>p { font-size: 1px }</style>"
            "</head><body><p>A user-led group, <a href='https://example.org/a-b'>read-more</a>"
            " part-time - and 2017-2019.<img alt='co-production' src='x-y.png'></p>"
            "<style>h2 { margin-top: 0 }</style></body></html>"
        )
    )
    pdf.keep_hyphenated_words_whole(source.etree_element)
    root = source.etree_element
    joined = pdf.WORD_JOINER
    paragraph = next(e for e in root.iter() if e.tag.endswith("p") and e.text)
    link = next(e for e in root.iter() if e.tag.endswith("}a") or e.tag == "a")
    image = next(e for e in root.iter() if e.tag.endswith("img"))
    styles = [e.text for e in root.iter() if e.tag.endswith("style")]
    title = next(e for e in root.iter() if e.tag.endswith("title"))
    assert paragraph.text == f"A user-{joined}led group, "
    assert link.text == f"read-{joined}more"
    assert link.tail == f" part-{joined}time - and 2017-{joined}2019."
    assert link.get("href") == "https://example.org/a-b"
    assert image.get("alt") == "co-production"
    assert image.get("src") == "x-y.png"
    assert styles == ["p { font-size: 1px }", "h2 { margin-top: 0 }"]
    assert title.text == "A user-led title"


def test_lines_break_between_words_never_inside_one():
    plain = pdf.write_pdf(pdf.render(NARROW))
    whole = pdf.write_pdf(pdf.render(NARROW, whole_hyphenated_words=True))
    # Without the joiners WeasyPrint breaks at hyphens here, so the check below can fail.
    assert BROKEN_AT_A_HYPHEN.search(_lines(plain))
    text = _lines(whole)
    assert not BROKEN_AT_A_HYPHEN.search(text)
    assert text.count("user-led") == 8
    assert text.count("part-time") == 8
    assert pdf.WORD_JOINER not in text


def test_bookmarks_keep_the_words_as_written():
    whole = pdf.write_pdf(pdf.render(NARROW, whole_hyphenated_words=True))
    reader = PdfReader(io.BytesIO(whole))
    assert [item.title for item in reader.outline] == ["User-led work"]
