"""A task left "running" by a worker that died is put back in the queue after the timeout,
and one still within it is left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.background import reclaim_abandoned

pytestmark = pytest.mark.django_db


def test_only_tasks_running_past_the_timeout_are_taken_back(settings):
    from django_tasks_db.models import DBTaskResult

    from mail import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RUNNING_TIMEOUT_MINUTES = 30
    now = timezone.now()
    old, recent, done = (tasks.deliver_message.enqueue(n) for n in (1, 2, 3))
    rows = {str(row.id): row for row in DBTaskResult.objects.all()}
    for result, started, status in (
        (old, now - timedelta(minutes=31), "RUNNING"),
        (recent, now - timedelta(minutes=29), "RUNNING"),
        (done, now - timedelta(hours=2), "SUCCESSFUL"),
    ):
        DBTaskResult.objects.filter(pk=rows[result.id].pk).update(status=status, started_at=started)
    assert reclaim_abandoned(now=now) == 1
    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("id", "status")}
    assert statuses == {old.id: "READY", recent.id: "RUNNING", done.id: "SUCCESSFUL"}
    assert DBTaskResult.objects.get(pk=rows[old.id].pk).started_at is None
    assert reclaim_abandoned(now=now) == 0


def test_the_worker_carries_on_when_the_database_cannot_be_reached(monkeypatch, settings):
    """django-tasks' worker exits on the first query that cannot reach the database; ours
    waits and starts again, so a database restart does not leave nobody sending email."""
    from django.core.management import call_command
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    from pages.management.commands import worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs = []

    def run(self):
        runs.append(self)
        if len(runs) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db_worker.Worker, "run", run)
    monkeypatch.setattr(worker, "WAIT_SECONDS", 0)
    monkeypatch.setattr(worker, "reclaim_abandoned", lambda: 0)
    call_command("worker", "--no-startup-delay", "--interval", "0.1")
    assert len(runs) == 2  # it tried again after the database went away, then ended normally


def test_a_batch_worker_still_stops_when_the_database_cannot_be_reached(monkeypatch, settings):
    from django.core.management import call_command
    from django.db import OperationalError
    from django_tasks_db.management.commands import db_worker

    from pages.management.commands import worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db_worker.Worker, "run", run)
    monkeypatch.setattr(worker, "reclaim_abandoned", lambda: 0)
    with pytest.raises(OperationalError):
        call_command("worker", "--batch", "--no-startup-delay")
