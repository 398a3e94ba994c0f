"""The Nu HTML checker plugin fails the run for a page with an error, whether the suite runs in
one process or in several (pytest-xdist): a worker's pages are checked by the controller."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SERVES_AN_INVALID_PAGE = """
from django.http import HttpResponse
from django.test import RequestFactory

from tests import nu_checker


def test_a_browser_is_sent_a_form_with_an_empty_action():
    request = RequestFactory().get("/broken-form/", HTTP_HOST="127.0.0.1")
    body = "<!DOCTYPE html><html lang=en><title>Broken</title><form action=''></form></html>"
    nu_checker._keep(request, HttpResponse(body, content_type="text/html"))
"""

# Not a worker of this run's pytest-xdist, if this test runs in one.
OWN_RUN = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_XDIST", "PYTEST_CURR"))}


@pytest.mark.slow
@pytest.mark.parametrize("processes", ["0", "2"])
def test_an_invalid_page_fails_the_run(tmp_path, processes):
    test_file = tmp_path / "test_served.py"
    test_file.write_text(SERVES_AN_INVALID_PAGE)
    run = subprocess.run(  # noqa: S603 - pytest on a file this test wrote
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            "-n",
            processes,
            str(test_file),
        ],
        cwd=ROOT,
        env=OWN_RUN,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "1 passed" in run.stdout, run.stdout + run.stderr
    assert run.returncode == pytest.ExitCode.TESTS_FAILED, run.stdout + run.stderr
    assert "GET /broken-form/ (200)" in run.stdout
    assert "Bad value “” for attribute “action”" in run.stdout


def test_a_form_to_fill_in_must_leave_checking_to_the_server():
    from tests.nu_checker import forms_without_novalidate

    page = (
        '<form method="post" action="/a"><input type="email" name="e"></form>'
        '<form method="post" action="/b" novalidate=""><textarea name="t"></textarea></form>'
        '<form method="post" action="/c"><input type="hidden" name="h">'
        '<button type="submit">Remove</button></form>'
        '<form method="get" action="/d"><select name="s"></select></form>'
    )
    assert forms_without_novalidate(page) == [
        '<form method="post" action="/a">',
        '<form method="get" action="/d">',
    ]
