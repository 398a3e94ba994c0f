"""PDF figures: the edition's publish render against WeasyPrint alone, a second download, the
A4 check, and how WeasyPrint's tagging step grows with the number of pages."""

import base64
import io
import random
import statistics
import time
import tracemalloc
from contextlib import contextmanager, nullcontext
from datetime import timedelta

from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from weasyprint import pdf as weasyprint_pdf
from weasyprint.layout import page as weasyprint_page

from collection import ebook, printing, tasks
from collection.models import Edition
from eoi import application
from eoi import printing as eoi_printing
from portal import pdf

from . import data
from .measure import summary, timed


def _edition(slug, case_studies):
    edition = Edition.objects.create(
        title=f"Benchmark edition of {case_studies}",
        slug=slug,
        status=Edition.Status.DRAFT,  # never the public pages' current edition
        introduction=data.answer_text(random.Random("intro"), 300),
        conclusion=data.answer_text(random.Random("end"), 200),
    )
    data.grow_collection(edition, case_studies, section_words=120)
    return edition


def edition_render(case_studies=50, runs=3):
    """Our publish path against WeasyPrint alone on the identical HTML, alternating."""
    edition = _edition(f"render-{case_studies}", case_studies)
    items = list(edition.case_studies.all())
    html = printing.edition_html(edition, items)
    printing.weasyprint_alone(html)  # warm: fonts loaded, templates compiled
    ours, alone = [], []
    rendered = None
    for _ in range(runs):
        start = time.perf_counter()
        rendered = printing.render_edition(edition, items)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        printing.weasyprint_alone(html)
        alone.append(time.perf_counter() - start)
    peak = _peak_mb(lambda: printing.render_edition(edition, items))
    # The same with the cycle collector left running: what portal.pdf's pause saves.
    running = []
    pdf.PAUSE_COLLECTOR = False
    try:
        for _ in range(runs):
            start = time.perf_counter()
            printing.render_edition(edition, items)
            running.append(time.perf_counter() - start)
        peak_running = _peak_mb(lambda: printing.render_edition(edition, items))
    finally:
        pdf.PAUSE_COLLECTOR = True

    # The published edition's stored PDF, downloaded a second time through the view.
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now() - timedelta(days=365)  # never the newest
    edition.save()
    start = time.perf_counter()
    tasks.render_edition.call(edition.pk)
    full_task = time.perf_counter() - start
    edition.refresh_from_db()
    client = Client()
    url = reverse("collection:edition-pdf", args=[edition.slug])
    b"".join(client.get(url).streaming_content)

    def download():
        body = b"".join(client.get(url).streaming_content)
        if len(body) != edition.pdf_size:
            raise RuntimeError("the download is not the stored file")

    downloads = timed(download, 30)
    edition.status = Edition.Status.DRAFT
    edition.save()
    ours_ms, alone_ms = statistics.median(ours) * 1000, statistics.median(alone) * 1000
    return {
        "case_studies": case_studies,
        "pages": rendered.pages,
        "bytes": len(rendered.pdf),
        "publish_render_median_ms": round(ours_ms, 1),
        "weasyprint_alone_median_ms": round(alone_ms, 1),
        "ratio": round(ours_ms / alone_ms, 3),
        "pages_per_second": round(rendered.pages / (ours_ms / 1000), 1),
        "peak_python_memory_mb": peak,
        "collector_running_median_ms": round(statistics.median(running) * 1000, 1),
        "collector_running_peak_python_memory_mb": peak_running,
        "full_task_seconds": round(full_task, 1),
        "second_download": summary(downloads),
        "render_over_download": round(ours_ms / statistics.median(downloads)),
    }


def _peak_mb(make):
    tracemalloc.start()
    make()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def _easy_read_for(items):
    """Give every case study an Easy Read version (in memory): 8 points of about 12 words,
    each with a 400 by 300 picture, and 3 glossary words. Returns the pictures' source."""
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (29, 112, 184)).save(out, format="PNG")
    src = f"data:image/png;base64,{base64.b64encode(out.getvalue()).decode()}"
    for number, item in enumerate(items):
        item.easy_read = [
            {
                "text": f"Point {point} of case study {number}. We met the council every month.",
                "picture_sha256": "bench",
                "picture_alt": "A picture",
            }
            for point in range(8)
        ]
        item.glossary = [{"word": f"word {n}", "explanation": "What it means."} for n in range(3)]
    return lambda sha: src


def formats_render(case_studies=50, runs=3):
    """Every format of the edition against the standard PDF alone, in one run: the standard
    PDF, the large-print PDF, the Easy Read PDF (every case study given one) and the EPUB,
    each timed (median) with its peak Python memory."""
    edition = _edition(f"formats-{case_studies}", case_studies)
    items = list(edition.case_studies.all())
    picture = _easy_read_for(items)
    makers = {
        "standard_pdf": lambda: printing.render_edition(edition, items),
        "large_print_pdf": lambda: printing.render_edition(edition, items, large_print=True),
        "easy_read_pdf": lambda: printing.render_easy_read(edition, items, picture),
        "epub": lambda: ebook.edition_epub(edition, items),
    }
    for make in makers.values():
        make()  # warm: fonts loaded, templates compiled
    timings = {name: [] for name in makers}
    made = {}
    for _ in range(runs):
        for name, make in makers.items():  # interleaved, so a slow moment falls on all alike
            start = time.perf_counter()
            made[name] = make()
            timings[name].append(time.perf_counter() - start)
    rows = {}
    for name, make in makers.items():
        result = made[name]
        data_ = result.pdf if hasattr(result, "pdf") else result
        rows[name] = {
            "median_ms": round(statistics.median(timings[name]) * 1000, 1),
            "pages": getattr(result, "pages", None),
            "ms_per_page": (
                round(statistics.median(timings[name]) * 1000 / result.pages, 1)
                if getattr(result, "pages", None)
                else None
            ),
            "bytes": len(data_),
            "peak_python_memory_mb": _peak_mb(make),
        }
    standard = rows["standard_pdf"]["median_ms"]
    every = sum(row["median_ms"] for row in rows.values())
    # The same ratio for each round alone: how far the machine's noise moves it.
    each_round = [
        round(sum(times[run] for times in timings.values()) / timings["standard_pdf"][run], 2)
        for run in range(runs)
    ]
    return {
        "case_studies": case_studies,
        "runs": runs,
        "formats": rows,
        "every_format_ms": round(every, 1),
        "every_format_over_standard": round(every / standard, 2),
        "every_format_over_standard_each_round": each_round,
        "a_page_alone": _a_page_alone(pages=200 if runs > 1 else 20, runs=runs),
    }


def _a_page_alone(pages, runs):
    """What WeasyPrint spends on a page whatever is on it (one word each): with "Page X of Y"
    as every PDF format has it (in a box of a set width), with the box as wide as its text
    (which WeasyPrint measures on every page), as WeasyPrint lays it out without ``portal.pdf``
    (every page's styles computed afresh), and with no page number at all. It is the part of
    a format's time that grows with its number of pages alone, which large print has twice as
    many of."""
    body = "".join(f'<p style="break-before: page">Word {number}</p>' for number in range(pages))
    numbers = 'content: "Page " counter(page) " of " counter(pages);'
    variants = {
        "with_page_numbers_ms": (f"@bottom-right {{ width: 50%; {numbers} }}", False),
        "with_page_numbers_measured_ms": (f"@bottom-right {{ {numbers} }}", False),
        "with_page_numbers_as_released_ms": (f"@bottom-right {{ {numbers} }}", True),
        "without_ms": ("", False),
    }
    found = {}
    for name, (margin_boxes, as_released) in variants.items():
        html = (
            '<!DOCTYPE html><html lang="en-GB"><head><title>Pages</title><style>'
            f"@page {{ size: A4; margin: 2cm; {margin_boxes} }} "
            f'html {{ font-family: "{pdf.FAMILY}"; font-size: 18pt; }}'
            f"</style></head><body>{body}</body></html>"
        )
        timings = []
        with (
            _as_released(weasyprint_page, "set_page_type_computed_styles")
            if as_released
            else nullcontext()
        ):
            for _ in range(runs + 1):  # the first warms up
                start = time.perf_counter()
                pdf.write_pdf(pdf.render(html))
                timings.append(time.perf_counter() - start)
        found[name] = round(statistics.median(timings[1:]) * 1000 / pages, 2)
    return {"pages": pages, **found}


@contextmanager
def _as_released(module, name):
    """WeasyPrint's own function in place of the one ``portal.pdf`` gave it, for a while."""
    ours = getattr(module, name)
    setattr(module, name, ours.__wrapped__)
    try:
        yield
    finally:
        setattr(module, name, ours)


def tagging_growth(sizes=(50, 200)):
    """WeasyPrint's PDF writing time with and without tagging (PDF/UA) at two edition sizes, and
    its layout with and without ``portal.pdf``'s direct look-up of each page's margin boxes.

    Laying out is linear in pages; if tagging were quadratic, the tagged write would grow much
    faster than the untagged one between the two sizes. So would layout without the look-up."""
    rows = []
    for size in sizes:
        edition = _edition(f"tagging-{size}", size)
        html = printing.edition_html(edition, list(edition.case_studies.all()))
        with _as_released(weasyprint_page, "set_page_type_computed_styles"):
            start = time.perf_counter()
            pdf.render(html)
            layout_plain = time.perf_counter() - start
        start = time.perf_counter()
        document = pdf.render(html)
        layout = time.perf_counter() - start
        start = time.perf_counter()
        document.write_pdf()
        untagged = time.perf_counter() - start
        start = time.perf_counter()
        pdf.write_pdf(document)
        tagged = time.perf_counter() - start
        with _as_released(weasyprint_pdf, "add_tags"):
            start = time.perf_counter()
            pdf.write_pdf(document)
            tagged_plain = time.perf_counter() - start
        rows.append(
            {
                "case_studies": size,
                "pages": len(document.pages),
                "layout_s": round(layout, 2),
                "layout_without_look_up_s": round(layout_plain, 2),
                "write_untagged_s": round(untagged, 2),
                "write_tagged_s": round(tagged, 2),
                "write_tagged_without_workaround_s": round(tagged_plain, 2),
                "tagging_overhead_s": round(tagged - untagged, 2),
                "tagging_overhead_without_workaround_s": round(tagged_plain - untagged, 2),
            }
        )
    first, last = rows[0], rows[-1]
    page_ratio = last["pages"] / first["pages"]
    overhead_ratio = last["tagging_overhead_s"] / max(first["tagging_overhead_s"], 0.001)
    return {
        "sizes": rows,
        "page_ratio": round(page_ratio, 2),
        "tagging_overhead_ratio": round(overhead_ratio, 2),
    }


def a4_check(runs=30):
    """The page count for a 1,500-word expression of interest, in a warm process."""
    now = timezone.now()
    call = data.call(
        "a4-benchmark",
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=5),
        written=6,
    )
    criteria = list(call.criteria.all())
    organisation, applicant = data.applicant("a4", 0, "london")
    eoi = application.start(call, organisation, by=applicant)
    rng = random.Random("a4")
    for criterion in criteria:
        application.save_answer(
            eoi, criterion, text=data.answer_text(rng, 250), version=0, by=applicant
        )
    words = eoi_printing.total_words(eoi)
    eoi_printing.count_pages(eoi)  # warm
    html = eoi_printing.html_for(eoi)
    first_look = timed(lambda: (cache.clear(), eoi_printing.count_pages(eoi)), runs)
    again = timed(lambda: eoi_printing.count_pages(eoi), runs)
    layout = timed(lambda: pdf.render(html), runs)
    return {
        "words": words,
        "pages": eoi_printing.count_pages(eoi).pages,
        "first_look": summary(first_look),
        "same_text_again": summary(again),
        "layout_only": summary(layout),
    }
