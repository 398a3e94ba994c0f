"""Delivering queued email through django-tasks (at once in development and tests; by
``manage.py db_worker`` with ``TASKS_BACKEND=database``)."""

from django_tasks import task

from portal.background import reclaim_abandoned


@task()
def deliver_message(message_id):
    from . import outbox

    return outbox.deliver(message_id)


@task()
def run_reminders():
    """The periodic job, run by a worker: put back tasks a dead worker left running, queue
    due reminders, deliver due email, and book the next run. Started once with
    ``manage.py send_reminders --schedule``."""
    from . import outbox, reminders

    try:
        reclaim_abandoned()
        queued = reminders.send_due()
        sent, failed = outbox.deliver_due()
    finally:
        schedule_next()  # a run that fails still books the next one
    return {"queued": queued, "sent": sent, "failed": failed}


def schedule_next(*, now=None):
    """Book the next ``run_reminders`` ``REMINDERS_EVERY_MINUTES`` from now, on a backend that
    can run tasks later (the database one), unless one is booked already. Returns the result,
    or None when nothing was booked."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone
    from django_tasks import task_backends

    backend = task_backends["default"]
    if not getattr(backend, "supports_defer", False):
        return None
    path = run_reminders.module_path
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return None
    now = now or timezone.now()
    later = now + timedelta(minutes=settings.REMINDERS_EVERY_MINUTES)
    return run_reminders.using(run_after=later).enqueue()
