"""Benchmark: measuring a 1,500-word expression of interest against the A4 limit.

Run with ``make bench``. It is a measurement, not a pass/fail timing test: it prints the median
and writes the figures to ``build/bench/a4_check.json``. The goal is well under 100 ms in a
warm process.
"""

import json
import statistics
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from eoi import printing, services
from tests.eoi.conftest import fill, make_call, words

pytestmark = [pytest.mark.django_db, pytest.mark.bench]

RUNS = 30
OUTPUT = Path(__file__).resolve().parents[2] / "build" / "bench" / "a4_check.json"


def timed(function, runs=RUNS):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples):
    ordered = sorted(samples)
    return {
        "runs": len(samples),
        "median_ms": round(statistics.median(samples), 1),
        "p90_ms": round(ordered[int(len(ordered) * 0.9) - 1], 1),
        "min_ms": round(ordered[0], 1),
    }


def test_a4_check_on_1500_words(applicant, organisation):
    call = make_call("bench", criteria=6)
    eoi = services.start(call, organisation, by=applicant)
    fill(eoi, applicant, text_for=lambda criterion: words(250))
    assert printing.total_words(eoi) == 1500

    printing.count_pages(eoi)  # warm: fonts loaded, templates compiled
    html = printing.html_for(eoi)
    results = {
        "words": 1500,
        "pages": printing.count_pages(eoi).pages,
        "count_pages, first look (queries + template + layout)": summary(
            timed(lambda: (cache.clear(), printing.count_pages(eoi)))
        ),
        "count_pages, same text again (cached by content)": summary(
            timed(lambda: printing.count_pages(eoi))
        ),
        "layout only (WeasyPrint render)": summary(timed(lambda: printing.pdf.render(html))),
        "full tagged PDF (render + write_pdf)": summary(
            timed(lambda: printing.render_pdf(eoi), runs=10)
        ),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))  # noqa: T201 - the benchmark's report
