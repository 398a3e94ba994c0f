"""Background tasks that a dead worker left behind.

django-tasks' database queue marks a task "running" when a worker claims it, and nothing marks
it otherwise if that worker is killed (SIGKILL, out of memory, its machine restarted): the
database rolls back what the task was doing, but the task would stay "running" for ever and
never be tried again. ``reclaim_abandoned`` puts such a task back in the queue once it has been
running for longer than ``TASK_RUNNING_TIMEOUT_MINUTES``. The portal's tasks are safe to run
twice (an edition already rendered, or being rendered under its row lock, is skipped; an email
is claimed under its row lock), so a slow task taken back while still running does no harm.

It runs when a worker starts (``manage.py worker``) and with the reminders, every few minutes.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def reclaim_abandoned(*, now=None, minutes=None):
    """Put back in the queue every task "running" for longer than the timeout. Returns how
    many. Nothing to do when tasks run in the request (``TASKS_BACKEND=immediate``)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    limit = settings.TASK_RUNNING_TIMEOUT_MINUTES if minutes is None else minutes
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(minutes=limit)
    )
    names = list(abandoned.values_list("id", "task_path"))
    count = abandoned.update(status=TaskResultStatus.READY, started_at=None)
    for task_id, path in names:
        logger.warning(
            "Task %s (%s) was left running by a worker that died: queued again", task_id, path
        )
    return count
