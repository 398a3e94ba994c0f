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
