"""Rendering off the request path: with the database backend, publishing only queues the
render, the edition says it is being prepared, and `db_worker` makes the PDF."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from collection import editions, tasks
from collection.models import Edition

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_backend(settings):
    """django-tasks rebuilds its backends when the setting changes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings.TASKS


def test_publishing_queues_the_render_and_the_worker_runs_it(
    client, ready, coordinator, database_backend
):
    from django_tasks_db.models import DBTaskResult

    edition = editions.create("Queued edition", by=coordinator)
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    edition.refresh_from_db()
    assert not edition.pdf_ready
    assert DBTaskResult.objects.count() == 1
    page = client.get(reverse("collection:edition", args=[edition.slug]))
    assert "are being prepared" in page.content.decode()
    assert client.get(reverse("collection:edition-pdf", args=[edition.slug])).status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=open("/dev/null", "w"))  # noqa: SIM115
    edition.refresh_from_db()
    assert edition.pdf_ready
    assert client.get(reverse("collection:edition-pdf", args=[edition.slug])).status_code == 200


def _worker_environment(media_root):
    from django.db import connection

    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    keep = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    return keep | {
        "DATABASE_URL": url,
        "DEBUG": "true",
        "TASKS_BACKEND": "database",
        "MEDIA_ROOT": str(media_root),
        "LOG_LEVEL": "WARNING",
    }


def test_two_workers_handed_the_same_edition_render_it_once(
    ready, coordinator, database_backend, media_root
):
    """Publishing queues a render; a second request for the same edition is queued too. Two
    `db_worker` processes run at once: one renders, the other skips."""
    from django_tasks_db.models import DBTaskResult

    edition = editions.create("Twice queued", by=coordinator)
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    tasks.render_edition.enqueue(edition.pk)
    assert DBTaskResult.objects.count() == 2

    environment = _worker_environment(media_root)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=180)
        assert worker.returncode == 0, errors.decode()

    results = list(DBTaskResult.objects.values_list("status", "return_value"))
    assert sorted(status for status, _ in results) == ["SUCCESSFUL", "SUCCESSFUL"]
    edition.refresh_from_db()
    assert sorted(results, key=lambda row: row[1] is None) == [
        ("SUCCESSFUL", edition.pdf_pages),
        ("SUCCESSFUL", None),
    ]
    assert edition.pdf_ready
    files = sorted(path.name for path in (media_root / "editions").iterdir())
    assert files.count("twice-queued.pdf") == 1
    # The edition and each case study, once, in each format: the PDF and large print of each,
    # and the edition's ebook.
    assert len(files) == len(set(files)) == 2 * (1 + len(ready)) + 1


def test_a_worker_skips_an_edition_another_is_rendering(ready, coordinator, published):
    """While one worker holds the edition (its row locked), another returns at once."""
    Edition.objects.filter(pk=published.pk).update(pdf_rendered_at=None)
    locked, release = threading.Event(), threading.Event()

    def first_worker():
        from django.db import connection, transaction

        with transaction.atomic():
            Edition.objects.select_for_update().get(pk=published.pk)
            locked.set()
            release.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=first_worker)
    holder.start()
    assert locked.wait(timeout=30)
    try:
        assert tasks.render_edition.call(published.pk) is None
    finally:
        release.set()
        holder.join()
    published.refresh_from_db()
    assert published.pdf_rendered_at is None  # the skipping worker changed nothing
