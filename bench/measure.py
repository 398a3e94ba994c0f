"""Timing and query counting. Medians and 95th percentiles of several runs, in milliseconds."""

import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def timed(function, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(samples):
    return {
        "runs": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "min_ms": round(min(samples), 2),
    }


def queries(function):
    """How many SQL statements one call makes."""
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def page(client, url, runs):
    """Query count and latency of one page through the Django test client (the whole stack:
    middleware, view, template), after one warm-up request. Rendered every time (the cache
    emptied before each request); the latency of serving it from the cache is given beside."""

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    def rendered():
        cache.clear()
        return get()

    rendered()
    count = queries(rendered)
    result = {"queries": count, **summary(timed(rendered, runs))}
    get()
    result["cached_median_ms"] = round(statistics.median(timed(get, runs)), 2)
    return result
