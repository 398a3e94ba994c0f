"""Settings read from the environment, checked in fresh processes so each sees its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k3Y-" + "x7Qp9vLm2Rt8Zw4Ny6Bs1Hd5Gf0Jc3Ka" * 2


def run(*args, env):
    base = {key: value for key, value in os.environ.items() if key not in _PORTAL_VARS}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_PORTAL_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "STATIC_MANIFEST",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MEDIA_BUCKET",
    "REDIS_URL",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_RANDOM_PAGE_COST",
    "PORTAL_URL",
    "PORT",
}


def test_with_debug_off_the_portal_refuses_to_start_without_its_public_address():
    result = run(
        "check",
        env={"DEBUG": "false", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "dpulo.example.org"},
    )
    assert result.returncode != 0
    assert "PORTAL_URL is not set" in result.stderr


SHOW_PORTAL_URL = "from django.conf import settings; print(settings.PORTAL_URL)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "true"}, "http://127.0.0.1:8000"),
        ({"DEBUG": "true", "PORT": "8766"}, "http://127.0.0.1:8766"),
        (
            {"DEBUG": "true", "PORT": "8766", "PORTAL_URL": "http://laptop.test:9/"},
            "http://laptop.test:9",
        ),
    ],
)
def test_emailed_links_follow_the_port_the_demo_serves_on(env, expected):
    result = run("shell", "-c", SHOW_PORTAL_URL, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_check_deploy_reports_nothing_with_debug_off():
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "false",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "dpulo.example.org",
            "PORTAL_URL": "https://dpulo.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_refuses_to_start_with_debug_off_and_no_secret_key():
    result = run("check", env={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_without_database_url_the_portal_uses_sqlite():
    result = run(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        env={"DEBUG": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sqlite"


def test_with_database_url_the_portal_uses_it():
    result = run(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection as c; print(c.vendor, c.settings_dict['NAME'])",
        env={"DEBUG": "true", "DATABASE_URL": "postgres://someone@db.example:5432/portal"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "postgresql portal"


def test_models_and_migrations_agree():
    result = run("makemigrations", "--check", "--dry-run", env={"DEBUG": "true"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_settings_follow_the_design():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.USE_TZ is True
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.slow
def test_static_files_collect_with_the_hashed_compressed_storage(tmp_path):
    if not (ROOT / "build" / "static" / "portal" / "portal.css").exists():
        pytest.fail("Front-end assets are not built: run `make assets`")
    result = run(
        "collectstatic",
        "--no-input",
        env={
            "DEBUG": "false",
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "dpulo.example.org",
            "PORTAL_URL": "https://dpulo.example.org",
            "STATIC_ROOT": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "portal/portal.css" in manifest
    assert "govuk/govuk-frontend.min.js" in manifest
    assert list(tmp_path.glob("fonts/atkinson-hyperlegible-latin-400-normal.*.woff2"))


SHOW_SCALE_OUT = (
    "from django.conf import settings; from django.core.files.storage import storages; "
    "from django.core.cache import caches; media = storages['default']; "
    "print(type(media).__name__, media.bucket_name, "
    "media.endpoint_url, type(caches['default']).__name__, "
    "settings.DATABASES['default']['CONN_MAX_AGE'], "
    "settings.DATABASES['default']['CONN_HEALTH_CHECKS'], settings.SESSION_ENGINE)"
)


def test_scale_out_settings_come_from_the_environment():
    """Shared media in a bucket, a shared Redis cache, and persistent connections with health
    checks; sessions live in the database, so any web process can serve any request."""
    result = run(
        "shell",
        "-c",
        SHOW_SCALE_OUT,
        env={
            "DEBUG": "true",
            "MEDIA_BUCKET": "dpulo-media",
            "MEDIA_ENDPOINT_URL": "http://127.0.0.1:9000",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DATABASE_CONN_MAX_AGE": "120",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "S3Storage",
        "dpulo-media",
        "http://127.0.0.1:9000",
        "RedisCache",
        "120",
        "True",
        "django.contrib.sessions.backends.db",
    ]


def test_without_scale_out_settings_media_are_on_disk_and_the_cache_in_memory():
    result = run(
        "shell",
        "-c",
        "from django.core.files.storage import storages; from django.core.cache import caches; "
        "print(type(storages['default']).__name__, type(caches['default']).__name__)",
        env={"DEBUG": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["FileSystemStorage", "LocMemCache"]


def test_postgresql_connections_ask_for_ssd_page_costs():
    """So the planner uses the search index (see DATABASE_RANDOM_PAGE_COST in the README)."""
    show = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', 'none'))"
    )
    postgres = {"DEBUG": "true", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres"}
    result = run("shell", "-c", show, env=postgres)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "-c random_page_cost=1.1"
    result = run("shell", "-c", show, env=postgres | {"DATABASE_RANDOM_PAGE_COST": ""})
    assert result.stdout.strip().splitlines()[-1] == "none"
    result = run("shell", "-c", show, env=postgres | {"DATABASE_RANDOM_PAGE_COST": "2"})
    assert result.stdout.strip().splitlines()[-1] == "-c random_page_cost=2.0"
