"""WeasyPrint set-up shared by every PDF the portal makes.

Page counts depend on the font actually used, so the Atkinson Hyperlegible files that ship in
the ``fontpkg-atkinson-hyperlegible`` package are loaded by ``@font-face`` from their paths on
disk; no PDF depends on which fonts the machine happens to have.
"""

import gc
import re
import threading
from contextlib import contextmanager
from functools import cache, wraps
from importlib import resources

from weasyprint import CSS, HTML
from weasyprint import pdf as weasyprint_pdf
from weasyprint.css import PAGE_MARGIN_BOXES
from weasyprint.layout import page as weasyprint_page
from weasyprint.text.fonts import FontConfiguration

FAMILY = "Atkinson Hyperlegible"
_FACES = [
    ("AtkinsonHyperlegible-Regular.ttf", "normal", 400),
    ("AtkinsonHyperlegible-Italic.ttf", "italic", 400),
    ("AtkinsonHyperlegible-Bold.ttf", "normal", 700),
    ("AtkinsonHyperlegible-BoldItalic.ttf", "italic", 700),
]


def font_directory():
    return resources.files("fontpkg_atkinson_hyperlegible").joinpath("files")


@cache
def font_configuration():
    return FontConfiguration()


@cache
def font_stylesheet():
    directory = font_directory()
    rules = []
    for filename, style, weight in _FACES:
        uri = directory.joinpath(filename).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-style: {style}; '
            f'font-weight: {weight}; src: url("{uri}"); }}'
        )
    return CSS(string="\n".join(rules), font_config=font_configuration())


PAUSE_COLLECTOR = True  # the benchmark turns it off for a while, to measure what it saves
_pause_lock = threading.Lock()
_pauses = {"depth": 0, "resume": False}


@contextmanager
def collector_paused():
    """Python's cycle collector paused while WeasyPrint lays out or writes a document.

    Layout makes hundreds of thousands of short-lived objects, most of them freed by reference
    counting anyway, and the collector's passes over them took 17 to 23 % of a render's time
    (the benchmark's 50-case-study edition, in every format). The few cycles wait until the
    render ends; the peak memory measured was no higher for it (``make bench`` reports both
    ways). Renders in other threads share the pause: the collector runs again when the last one
    ends, and only if it was running before the first began."""
    if not PAUSE_COLLECTOR:
        yield
        return
    with _pause_lock:
        if _pauses["depth"] == 0:
            _pauses["resume"] = gc.isenabled()
            gc.disable()
        _pauses["depth"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses["depth"] -= 1
            if _pauses["depth"] == 0 and _pauses["resume"]:
                gc.enable()


WORD_JOINER = "\u2060"
_HYPHEN_IN_A_WORD = re.compile(r"(?<=\w)([-\u2010])(?=\w)")
_NOT_TEXT = {"style", "script"}


def _tag(element):
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def keep_hyphenated_words_whole(root):
    """Never break a line inside a hyphenated word ("user-led", "part-time"): clear-print
    guidance asks for words whole on a line, and a reader's text extraction takes "part-" at a
    line's end for a broken word and joins it to "parttime". A word joiner goes after each such
    hyphen in the body's text (never in attributes, styles or the title). It draws nothing and is
    not in the PDF's text; a word too long for its line still wraps (``overflow-wrap``)."""
    body = next((element for element in root.iter() if _tag(element) == "body"), None)
    if body is None:
        return
    for element in body.iter():
        if element.text and _tag(element) not in _NOT_TEXT and isinstance(element.tag, str):
            element.text = _HYPHEN_IN_A_WORD.sub(r"\1" + WORD_JOINER, element.text)
        if element.tail and element is not body:
            element.tail = _HYPHEN_IN_A_WORD.sub(r"\1" + WORD_JOINER, element.tail)


def render(html, extra_stylesheets=(), *, whole_hyphenated_words=False):
    """Lay out HTML into pages (enough to count them) without writing a PDF.
    ``whole_hyphenated_words`` for large print and Easy Read (see
    ``keep_hyphenated_words_whole``); bookmarks keep the words as written."""
    with collector_paused():
        source = HTML(string=html, base_url=str(font_directory()))
        if whole_hyphenated_words:
            keep_hyphenated_words_whole(source.etree_element)
        document = source.render(
            stylesheets=[font_stylesheet(), *extra_stylesheets], font_config=font_configuration()
        )
    if whole_hyphenated_words:
        for page in document.pages:
            page.bookmarks = [
                (level, label.replace(WORD_JOINER, ""), position, state)
                for level, label, position, state in page.bookmarks
            ]
    return document


def _tag_with_page_references_read_once(add_tags):
    """WeasyPrint's tagging step asks pydyf for ``page_references`` for every tagged element,
    and pydyf rebuilds the tuple of every page's reference on each call, so tagging grows with
    pages times elements (7.9 s of a 610-page edition's 16 s write; 1.1 s at 155 pages). No page
    is added while tagging, so the tuple is read once and the PDF object is given a subclass
    that returns it; the output is the same (tested), only faster."""

    @wraps(add_tags)
    def tag(pdf, *args, **kwargs):
        references = pdf.page_references
        plain = pdf.__class__
        pdf.__class__ = type("TaggingPDF", (plain,), {"page_references": references})
        try:
            return add_tags(pdf, *args, **kwargs)
        finally:
            pdf.__class__ = plain

    tag.reads_page_references_once = True
    return tag


_MARGIN_BOXES = tuple(f"@{name}" for name in sorted(PAGE_MARGIN_BOXES))
_PAGE_AND_MARGIN_BOXES = (None, *_MARGIN_BOXES)


def _declared(cascaded, page_type):
    """Which declarations a page type and its margin boxes were given: each as its property and
    the parsed value's identity. A parsed value belongs to one rule of one style sheet, so it
    also fixes the declaration's weight; the sheets outlive the render, so an identity is never
    reused within one."""
    return tuple(
        tuple((name, id(value)) for name, (value, _weight) in declarations.items())
        if (declarations := cascaded.get((page_type, pseudo_type))) is not None
        else None
        for pseudo_type in _PAGE_AND_MARGIN_BOXES
    )


def _page_type_styles(page_type, html, style_for):
    """The styles of a page and of its margin boxes, as WeasyPrint's
    ``set_page_type_computed_styles`` sets them, found without walking the whole document and
    computed once for every page given the same declarations.

    WeasyPrint's version looks for the page's margin boxes among every cascaded style of the
    document (each element and pseudo-element) on every page, so laying out grew with pages times
    elements: the benchmark's 610-page edition took 16.2 s to lay out, 13.7 s this way, and the
    look-ups alone took 6.6 s of a 1,221-page large-print render, 0.4 s this way. A page type's
    only cascaded styles are its ``@page`` rules' own and those of its margin boxes, which are
    the at-rules WeasyPrint knows (``PAGE_MARGIN_BOXES``), so each is looked up directly.

    Every page is a page type of its own (its number is part of it), so WeasyPrint computes the
    page's style and its 18 margin boxes' (16, the footnote area and the note area, each of which
    its default style sheet declares) afresh on every page, property by property as layout asks:
    most of what a page costs whatever is on it. A computed style depends only on its
    declarations and its parent's style, so pages whose rules declare the same share one set of
    styles, as elements with the same rules already do. What layout writes into a page's styles
    is the same on every page (the root's overflow, and page counters made explicit, which a
    second time leaves as they are). The styles set are the same, and so is every PDF
    (tested)."""
    style_for.add_page_declarations(page_type)
    cascaded = style_for.get_cascaded_styles()
    computed = style_for.get_computed_styles()
    declared = _declared(cascaded, page_type)
    shared = style_for.__dict__.setdefault("_styles_by_declarations", {})
    if (styles := shared.get(declared)) is not None:
        for pseudo_type, style in zip(_PAGE_AND_MARGIN_BOXES, styles, strict=True):
            if style is not None:
                computed[page_type, pseudo_type] = style
        return
    root = html.etree_element
    # @page inherits from the root element; a margin box inherits from its page.
    style_for.set_computed_styles(page_type, root=root, parent=root, base_url=html.base_url)
    for pseudo_type in _MARGIN_BOXES:
        if (page_type, pseudo_type) in cascaded:
            style_for.set_computed_styles(
                page_type,
                pseudo_type=pseudo_type,
                root=root,
                parent=page_type,
                base_url=html.base_url,
            )
    shared[declared] = tuple(
        computed.get((page_type, pseudo_type)) for pseudo_type in _PAGE_AND_MARGIN_BOXES
    )


def speed_up_weasyprint():
    """Give WeasyPrint the faster tagging step and the direct look-up of each page's margin
    boxes (once; called from the core app's ``ready``)."""
    if not getattr(weasyprint_pdf.add_tags, "reads_page_references_once", False):
        weasyprint_pdf.add_tags = _tag_with_page_references_read_once(weasyprint_pdf.add_tags)
    if weasyprint_page.set_page_type_computed_styles is not _page_type_styles:
        _page_type_styles.__wrapped__ = weasyprint_page.set_page_type_computed_styles
        weasyprint_page.set_page_type_computed_styles = _page_type_styles


def write_pdf(document):
    """A tagged PDF/UA-1 file: language from <html lang>, title from <title>."""
    with collector_paused():
        return document.write_pdf(pdf_variant="pdf/ua-1")
