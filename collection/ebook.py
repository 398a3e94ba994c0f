"""The edition as an EPUB 3 ebook: one chapter per case study, from the same frozen text and the
same body template as the web pages and the PDFs.

An ebook is for readers who set their own font, size, colours or voice, so its stylesheet fixes
none of them. It declares what it is in schema.org accessibility metadata (EPUB Accessibility
1.1), which is what reading systems and library catalogues show before someone opens it; EPUBCheck
and DAISY Ace check it in the tests. Like the printing functions, these take plain objects and
never touch the database.
"""

import io

from django.template.loader import render_to_string
from ebooklib import epub

LANGUAGE = "en-GB"
STYLESHEET = "collection/epub/style.css"

# What the book offers and needs, in the schema.org vocabulary the EPUB Accessibility
# specification uses. Everything here is true of every edition: text only, headings and a
# contents list to move by, tables with headers, nothing that flashes or moves.
ACCESSIBILITY = [
    ("schema:accessMode", "textual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "Text only, in reading order, with a heading for every case study and each of its "
        "sections, a contents list, and tables of figures with row and column headers. No "
        "fonts, sizes or colours are fixed, so a reading system can show it however the reader "
        "chooses. Nothing flashes, moves or plays sound.",
    ),
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
    ("a11y:certifiedBy", "The programme team of the DPULO Case Studies portal"),
]


class _Writer(epub.EpubWriter):
    """ebooklib's writer, also giving the package document its language (``xml:lang``), which
    ebooklib sets on every content document but not on the package, and which Ace requires."""

    def _write_opf_file(self, root):
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_file(root)


def _chapter(file_name, title, body):
    chapter = epub.EpubHtml(file_name=file_name, title=title, lang=LANGUAGE)
    chapter.content = body
    return chapter


def edition_epub(edition, case_studies) -> bytes:
    """The edition as an EPUB 3 file: a title page, the introduction, a chapter for each case
    study in the edition's order, and the conclusion, with a navigation document listing them."""
    case_studies = list(case_studies)
    book = epub.EpubBook()
    book.set_identifier(f"urn:dpulo-case-studies:edition:{edition.slug}")
    book.set_title(edition.title)
    book.set_language(LANGUAGE)
    book.add_author("DPULO Case Studies programme")
    book.add_metadata("DC", "publisher", "DPULO Case Studies programme")
    if edition.published_at:
        book.add_metadata("DC", "date", edition.published_at.date().isoformat())
    if edition.subtitle:
        book.add_metadata("DC", "description", edition.subtitle)
    for name, value in ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": name})

    style = epub.EpubItem(
        uid="style",
        file_name="style.css",
        media_type="text/css",
        content=render_to_string(STYLESHEET).encode(),
    )
    book.add_item(style)

    chapters = [
        _chapter(
            "title.xhtml",
            edition.title,
            render_to_string(
                "collection/epub/title_page.html",
                {"edition": edition, "case_studies": case_studies},
            ),
        )
    ]
    if edition.introduction:
        chapters.append(_part("introduction", "Introduction", edition.introduction))
    for case_study in case_studies:
        chapters.append(
            _chapter(
                f"{case_study.slug}.xhtml",
                case_study.title,
                render_to_string("collection/epub/case_study.html", {"case_study": case_study}),
            )
        )
    if edition.conclusion:
        chapters.append(_part("conclusion", "Conclusion", edition.conclusion))
    by_file = {f"{case_study.slug}.xhtml": case_study for case_study in case_studies}
    for chapter in chapters:
        chapter.add_item(style)
        book.add_item(chapter)

    book.toc = [
        _contents_entry(chapter, by_file.get(chapter.file_name)) for chapter in chapters[1:]
    ]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title="Contents"))
    # The title page opens the book, then the contents, as in print.
    book.spine = [chapters[0], "nav", *chapters[1:]]
    buffer = io.BytesIO()
    writer = _Writer(buffer, book, {"epub3_pages": False, "play_order": {"enabled": False}})
    writer.process()
    writer.write()  # ebooklib's write_epub would swallow a failure here
    return buffer.getvalue()


def _contents_entry(chapter, case_study):
    """A chapter in the contents list; a case study's with its sections and its figures
    beneath, so a reader can go straight to "What changed" in any of them."""
    if case_study is None:
        return chapter
    headings = [section["heading"] for section in case_study.sections] + ["Outcomes in figures"]
    anchors = [f"{case_study.slug}-section-{n}" for n in range(1, len(headings))]
    anchors.append(f"{case_study.slug}-outcomes")
    return (
        epub.Section(case_study.title, href=chapter.file_name),
        [
            # The uid becomes an XML id in the NCX, which may not start with a digit as a
            # slug may ("2024-review").
            epub.Link(f"{chapter.file_name}#{anchor}", heading, f"nav-{anchor}")
            for heading, anchor in zip(headings, anchors, strict=True)
        ],
    )


def _part(kind, heading, text):
    return _chapter(
        f"{kind}.xhtml",
        heading,
        render_to_string(
            "collection/epub/part.html", {"kind": kind, "heading": heading, "text": text}
        ),
    )
