"""The W3C Nu HTML checker on every page the browser tests reach, error states included.

Every HTML response the live server sends is kept (once per distinct page: the CSRF token and
the script nonce are left out of the comparison), and when the run ends the checker from the
``vnu-jar`` npm package reads them all in one go. Any error fails the run and is listed with the
address that served it, as is any form with fields to fill in but no ``novalidate``. The test
client's pages are not included: only what a browser got.
When pytest-xdist runs the suite in several processes, each keeps its pages in one shared folder
and the controlling process checks them all at the end.
"""

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest

VNU = Path(__file__).resolve().parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"
_VARYING = re.compile(rb'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')

_folder = None  # where the pages are kept: one folder for the whole run
_served = {}  # file -> "METHOD address (status)", in this process
_worker = None  # "gw0", "gw1"... when pytest-xdist runs the suite in several processes


def _keep(request, response):
    if request.get_host().startswith("testserver") or getattr(response, "streaming", False):
        return
    if (
        not response.get("Content-Type", "").startswith("text/html")
        or 300 <= response.status_code < 400
    ):
        return
    body = response.content
    # Named by the page itself, so a page served in two processes is checked once.
    file = _folder / f"{hashlib.sha256(_VARYING.sub(b'', body)).hexdigest()}.html"
    if str(file) in _served or file.exists():
        return
    written = file.with_suffix(f".{_worker or 'main'}.part")
    written.write_bytes(body)
    written.replace(file)
    _served[str(file)] = f"{request.method} {request.get_full_path()} ({response.status_code})"


def pytest_configure(config):
    global _folder, _worker
    from django.core.handlers.base import BaseHandler

    given = getattr(config, "workerinput", None)
    if given is not None:  # a process of several: the controller made the folder
        _worker = given["workerid"]
        _folder = Path(given["nu_checker_folder"])
    else:
        _folder = Path(tempfile.mkdtemp(prefix="nu-checked-"))

    served = BaseHandler.get_response

    def get_response(self, request):
        response = served(self, request)
        _keep(request, response)
        return response

    BaseHandler.get_response = get_response


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist, in the controller: every process keeps its pages in the same folder."""
    node.workerinput["nu_checker_folder"] = str(_folder)


_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
_FIELD = re.compile(
    r"<(textarea|select)\b|<input\b(?![^>]*type=\"(hidden|submit|button)\")", re.IGNORECASE
)


def forms_without_novalidate(html):
    """Our own rule beside the checker's: a form with a field to fill in carries
    ``novalidate``, so the server's GOV.UK error messages are what a person reads, never the
    browser's pop-ups. Returns the opening tag of each form that breaks it."""
    return [
        f"<form{attributes}>"
        for attributes, inside in _FORM.findall(html)
        if _FIELD.search(inside) and "novalidate" not in attributes
    ]


def errors():
    """The checker's errors, one line each: where, which line, what."""
    if not _served:
        return []
    ours = [
        f"{where}: a form to fill in without novalidate (the browser's own checks would "
        f"replace the GOV.UK error messages): {tag}"
        for file, where in _served.items()
        for tag in forms_without_novalidate(Path(file).read_text(errors="replace"))
    ]
    found = subprocess.run(  # noqa: S603 - our own checker on files we wrote
        [shutil.which("java"), "-jar", str(VNU), "--errors-only", "--format", "json", *_served],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    messages = json.loads(found.stderr or found.stdout)["messages"]
    return ours + [
        f"{_served.get(unquote(m.get('url', '').removeprefix('file:')), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
    ]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if _worker is not None:
        # The controller checks every process's pages once they have all finished.
        (_folder / f"served-{_worker}.json").write_text(json.dumps(_served))
        return
    for listing in _folder.glob("served-*.json"):
        _served.update(json.loads(listing.read_text()))
    if _served:
        found = errors()
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_sep("=", "W3C Nu HTML checker")
            reporter.write_line(f"{len(_served)} distinct pages served to the browser checked")
            for line in found:
                reporter.write_line(line, red=True)
        if found:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    shutil.rmtree(_folder, ignore_errors=True)
