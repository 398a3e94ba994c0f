"""Test environment, loaded as a pytest plugin (``-p tests.environment``) before Django.

It must run before pytest-django imports the settings, which is why it is a plugin and not a
conftest: it sets the defaults the test run needs and decides what to do when PostgreSQL or
Chromium is missing. Locally, tests that need a missing one are skipped with the reason; with
``CI`` set, a missing one fails the run.
"""

import os
import shutil
from urllib.parse import urlparse

import pytest

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "k" * 40)
os.environ["DEBUG"] = "false"
os.environ.setdefault("PORTAL_URL", "http://127.0.0.1:8000")
os.environ["STATIC_MANIFEST"] = "false"
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ["SESSION_COOKIE_SECURE"] = "false"
os.environ["CSRF_COOKIE_SECURE"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
# Most tests sign people in with force_login, which has no second factor. Two-factor sign-in is
# on for the programme team in production; tests/accounts/test_two_factor.py turns it on and
# checks every part of it, including the roles it is required for.
os.environ.setdefault("TWO_FACTOR_ROLES", "")
# Playwright's sync API runs an event loop in the test thread; the ORM calls that browser
# tests make to set up data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def postgres_problem():
    """Return why PostgreSQL cannot be used, or None if it can."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        return f"DATABASE_URL is not a PostgreSQL URL ({urlparse(url).scheme})"
    try:
        import psycopg2

        connection = psycopg2.connect(url, connect_timeout=3)
        connection.close()
    except Exception as error:  # any failure to connect means the same thing here
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return f"PostgreSQL is not reachable at {urlparse(url).hostname}: {first_line}"
    return None


def chromium_problem():
    if shutil.which(CHROMIUM) is None:
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def on_sqlite():
    return os.environ["DATABASE_URL"].startswith("sqlite:")


def pytest_collection_modifyitems(config, items):
    if on_sqlite():
        # The embedded database runs only what is written for both (`make test` runs those
        # modules a second time on SQLite); everything else is PostgreSQL's.
        kept = [item for item in items if item.get_closest_marker("both_databases")]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
        return
    needs_db = [item for item in items if "django_db_setup" in getattr(item, "fixturenames", ())]
    needs_browser = [item for item in items if item.get_closest_marker("browser")]
    problems = []
    if needs_db:
        problem = postgres_problem()
        if problem:
            problems.append((problem, needs_db))
    if needs_browser:
        problem = chromium_problem()
        if problem:
            problems.append((problem, needs_browser))
    for problem, affected in problems:
        if in_ci():
            raise pytest.UsageError(f"{problem}. CI needs it: {len(affected)} tests would skip.")
        marker = pytest.mark.skip(reason=problem)
        for item in affected:
            item.add_marker(marker)
