"""``python -m bench``: make a separate database, generate data, measure, write the results.

Options: ``--sizes 10,200,2000,10000`` (case studies in the public collection), ``--quick``
(fewer runs and no 200-case-study tagging edition: for checking the suite itself).
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "dpulo_bench")
RESULTS = Path(__file__).resolve().parent / "results"


def prepare_environment(database_url):
    """Settings as a deployment has them (DEBUG off), pointed at the benchmark's own database,
    media and static directories."""
    scratch = Path(tempfile.mkdtemp(prefix="dpulo-bench-"))
    environment = {
        "DJANGO_SETTINGS_MODULE": "dpulo_portal.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PORTAL_URL": "http://127.0.0.1:8000",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "TWO_FACTOR_ROLES": "",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(scratch / "media"),
        "STATIC_ROOT": str(scratch / "static"),
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    os.environ.update(environment)
    return environment


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="10,200,2000,10000")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", default=str(RESULTS))
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.sizes.split(",")]

    from .database import recreate

    database_url = recreate(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        BENCH_DATABASE,
    )
    environment = prepare_environment(database_url)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from .run import run

    started = time.monotonic()
    results = run(sizes, quick=options.quick, environment=environment)
    results["elapsed_seconds"] = round(time.monotonic() - started)
    from .report import write

    print(write(results, Path(options.output)))


if __name__ == "__main__":
    main()
