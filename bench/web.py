"""Web figures: queries and latency of the public pages at each size through the Django test
client, the search plan, the moderation page, and throughput under load against gunicorn."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from collection import editions, search

from .measure import page

SEARCH = "transport"  # one of the rarer words: a realistic share of case studies match
BASE_DIR = Path(settings.BASE_DIR)


def public_pages():
    """The public pages a commissioner reads, with the query strings that exercise them."""
    listing = reverse("collection:case-studies")
    return {
        "home": reverse("collection:home"),
        "list": listing,
        "list, page 3": f"{listing}?page=3",
        "filter": f"{listing}?area=health&area=housing&region=london",
        "search": f"{listing}?q={quote(SEARCH)}",
        "search and filter": f"{listing}?q={quote(SEARCH)}&kind=voice_engagement",
        "case study": reverse(
            "collection:case-study", args=["benchmark-collection", "case-study-1"]
        ),
    }


def latency(size, runs):
    client = Client()
    return {name: page(client, url, runs) for name, url in public_pages().items()} | {
        "_case_studies": size
    }


def search_plan():
    """EXPLAIN ANALYZE of the query that finds the search's results, exactly as the page runs
    it (the current edition, the search, ranked), to show whether the GIN index serves it."""
    found = search.find(editions.current(), QueryDict(f"q={quote(SEARCH)}"))
    sql, params = found.case_studies.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    return {
        "query": SEARCH,
        "plan": plan,
        "uses_gin_index": any("col_published_search" in line for line in plan),
    }


def moderation(call, manager, runs):
    client = Client()
    client.force_login(manager)
    url = reverse("eoi:manage-moderation", args=[call.slug])
    return page(client, url, runs)


# --- Throughput under load -----------------------------------------------------------------


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _wrk(url, seconds, connections):
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": round(rate, 1),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def throughput(environment, seconds=10, connections=8, workers=2):
    """Requests a second under load from wrk (a second process) against gunicorn on
    127.0.0.1, for a static file served by whitenoise and for the public pages.

    The static file is the ceiling for this stack: same server, same middleware entry, no
    database. Pages are compared with it as a ratio measured in the same run."""
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    port = _free_port()
    env = os.environ | environment
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "dpulo_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(port)
        origin = f"http://127.0.0.1:{port}"
        static = origin + "/" + staticfiles_storage.url("portal/portal.css").lstrip("/")
        targets = {"static file": static} | {
            name: origin + url
            for name, url in public_pages().items()
            if name in {"home", "list", "filter", "search"}
        }
        results = {}
        for name, url in targets.items():
            _wrk(url, 2, connections)  # warm every worker
            results[name] = _wrk(url, seconds, connections)
        ceiling = results["static file"]["requests_per_second"]
        for row in results.values():
            row["share_of_static"] = round(row["requests_per_second"] / ceiling, 3)
        return {"workers": workers, "connections": connections, "seconds": seconds} | results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
