"""Benchmark: publishing an edition of 50 case studies.

Run with ``make bench``. Measures, in one process and alternating the two so that a noisy
machine affects both alike: our publish render (HTML from the templates, WeasyPrint layout,
tagged PDF) against WeasyPrint alone on the identical HTML (goal: ratio at most 1.15); and a
second download of the stored PDF through the view against the render (goal: 100 times faster).
Writes ``build/bench/edition_render.json``; asserts nothing about time.
"""

import json
import statistics
import time
import tracemalloc
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from collection import printing, tasks
from collection.models import Edition, PublishedCaseStudy
from tests.eoi.conftest import words

pytestmark = [pytest.mark.django_db, pytest.mark.bench]

CASE_STUDIES = 50
OUTPUT = Path(__file__).resolve().parents[2] / "build" / "bench" / "edition_render.json"


def _edition():
    edition = Edition.objects.create(
        title="Benchmark edition",
        slug="benchmark-edition",
        status="published",
        published_at=timezone.now(),
        introduction=words(300, seed="intro"),
        conclusion=words(200, seed="end"),
    )
    PublishedCaseStudy.objects.bulk_create(
        PublishedCaseStudy(
            edition=edition,
            position=n + 1,
            slug=f"case-study-{n + 1}",
            title=f"Case study {n + 1}: a DPULO and its council",
            summary=words(40, seed=str(n)),
            dpulo_name=f"DPULO {n + 1}",
            commissioner_name=f"Council {n + 1}",
            region="london",
            areas=["health"],
            kinds_of_work=["voice_engagement"],
            sections=[
                {"heading": f"Section {s + 1}", "text": words(120, seed=f"{n}-{s}")}
                for s in range(6)
            ],
            outcomes=[
                {
                    "label": "Savings for every pound invested",
                    "display": "£4.10 saved for every £1 invested",
                    "period": "2015 to 2016",
                    "source": "Council evaluation",
                }
            ],
            published_at=timezone.now(),
        )
        for n in range(CASE_STUDIES)
    )
    return edition


def _median_ms(samples):
    return round(statistics.median(samples) * 1000, 1)


def test_edition_render_against_weasyprint_alone(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    edition = _edition()
    case_studies = list(edition.case_studies.all())
    html = printing.edition_html(edition, case_studies)
    printing.weasyprint_alone(html)  # warm: fonts loaded, templates compiled

    ours, alone = [], []
    for _ in range(3):
        start = time.perf_counter()
        rendered = printing.render_edition(edition, case_studies)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        printing.weasyprint_alone(html)
        alone.append(time.perf_counter() - start)

    tracemalloc.start()
    printing.render_edition(edition, case_studies)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    tasks.render_edition.call(edition.pk)
    edition.refresh_from_db()
    url = reverse("collection:edition-pdf", args=[edition.slug])
    downloads = []
    for _ in range(30):
        start = time.perf_counter()
        body = b"".join(client.get(url).streaming_content)
        downloads.append(time.perf_counter() - start)
    assert len(body) == edition.pdf_size  # the figures are for the real file

    results = {
        "case_studies": CASE_STUDIES,
        "pages": rendered.pages,
        "bytes": len(rendered.pdf),
        "our publish render, median ms": _median_ms(ours),
        "WeasyPrint alone on the same HTML, median ms": _median_ms(alone),
        "ratio (goal at most 1.15)": round(statistics.median(ours) / statistics.median(alone), 3),
        "pages per second (ours)": round(rendered.pages / statistics.median(ours), 1),
        "peak Python memory during one render, MB (tracemalloc)": round(peak / 2**20, 1),
        "second download through the view, median ms": _median_ms(downloads),
        "render / second download (goal at least 100)": round(
            statistics.median(ours) / statistics.median(downloads)
        ),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))  # noqa: T201 - the benchmark's report
