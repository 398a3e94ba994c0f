"""The soak's small version (``python -m bench.soak --small``), so the soak keeps working: a few
applicants save and submit across a closing time while assessors score and readers read,
PostgreSQL is restarted, the mail server is stopped, a worker is killed mid-render and the
storage bucket refuses every connection while an edition is published. The
run's own ledger must find no lost write, no duplicate or missing receipt, no mixed answers and
no 500; no timing is asserted."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def test_the_small_soak_loses_nothing_through_every_fault():
    done = subprocess.run(
        [sys.executable, "-m", "bench.soak", "--small"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-4000:]
    assert "| Lost writes (goal 0) | 0 |" in done.stdout
    assert "| Duplicate receipts (goal 0) | 0 |" in done.stdout
    assert "| Responses with status 500 (goal 0) | 0 |" in done.stdout
    for fault in (
        "PostgreSQL restarted",
        "SMTP server stopped, then started",
        "worker killed with SIGKILL while rendering an edition",
        "storage refused every connection while an edition was published",
    ):
        assert f"**{fault}**" in done.stdout, fault
