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


def test_a_worker_killed_mid_render_leaves_the_task_to_be_taken_back_and_rendered_once(
    ready, coordinator, database_backend, media_root
):
    """SIGKILL while rendering: the database rolls back the half-made edition, the task stays
    "running", and once it has run for longer than the timeout the next worker takes it back
    and renders the edition completely, each file once (none left beside it from the dead
    render)."""
    import signal
    import time

    from django_tasks_db.models import DBTaskResult

    edition = editions.create("Killed mid render", by=coordinator)
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    environment = _worker_environment(media_root)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    task = DBTaskResult.objects.get()
    deadline = time.monotonic() + 60
    while task.status != "RUNNING" or not (media_root / "editions").exists():
        assert time.monotonic() < deadline, "the worker never started rendering"
        time.sleep(0.05)
        task.refresh_from_db()
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    edition.refresh_from_db()
    task.refresh_from_db()
    assert not edition.pdf_ready
    assert not edition.formats.exists()
    assert task.status == "RUNNING"  # nobody else would ever take it

    # Within the timeout a new worker leaves it alone; past it, the task is taken back.
    subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        timeout=180,
    )
    task.refresh_from_db()
    assert task.status == "RUNNING"
    done = subprocess.run(
        [sys.executable, "manage.py", "worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environment | {"TASK_RUNNING_TIMEOUT_MINUTES": "0"},
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Queued again 1 task(s) left running by a dead worker." in done.stdout
    task.refresh_from_db()
    edition.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert edition.pdf_ready
    files = sorted(path.name for path in (media_root / "editions").iterdir())
    assert len(files) == len(set(files)) == 2 * (1 + len(ready)) + 1
    assert "killed-mid-render.pdf" in files


def test_a_render_the_storage_refuses_is_rolled_back_and_tried_again_later(
    ready, coordinator, database_backend, monkeypatch, settings
):
    """Storage refusing a write: nothing of the half-made render is kept (the pages go on
    saying the PDF is being prepared, with no link to a file that is not there), and the render
    is queued again for later; once storage is back the retry makes every file."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.RENDER_RETRY_MINUTES = 1
    edition = editions.create("Storage refused", by=coordinator)
    for case_study in ready:
        editions.add(edition, case_study)
    editions.publish(edition, by=coordinator)
    DBTaskResult.objects.all().delete()  # run the render here instead
    real_save = tasks._save_fresh
    writes = []

    def refusing(field_file, name, data):
        writes.append(name)
        if len(writes) == 3:
            raise OSError("The storage refused the write")
        return real_save(field_file, name, data)

    monkeypatch.setattr(tasks, "_save_fresh", refusing)
    with pytest.raises(OSError, match="refused"):
        tasks.render_edition.call(edition.pk)
    edition.refresh_from_db()
    assert edition.pdf_rendered_at is None
    assert not edition.formats.exists()
    assert not edition.case_studies.exclude(pdf="").exists()
    retry = DBTaskResult.objects.get()
    assert retry.status == "READY"
    assert retry.args_kwargs == {"args": [edition.pk], "kwargs": {"attempt": 2}}
    assert retry.run_after > timezone.now()

    monkeypatch.setattr(tasks, "_save_fresh", real_save)
    DBTaskResult.objects.update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=open("/dev/null", "w"))  # noqa: SIM115
    edition.refresh_from_db()
    assert edition.pdf_ready
    assert edition.formats.count() == len(ready) + 2


def test_a_render_gives_up_after_its_last_attempt(ready, coordinator, database_backend, settings):
    from django_tasks_db.models import DBTaskResult

    settings.RENDER_MAX_ATTEMPTS = 3
    assert tasks._try_again_later(1, attempt=3) is False
    assert tasks._try_again_later(1, attempt=2) is True
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"attempt": 3}


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
