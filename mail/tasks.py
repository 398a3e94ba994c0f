"""Delivering queued email through django-tasks (at once in development and tests; by
``manage.py db_worker`` with ``TASKS_BACKEND=database``)."""

from django_tasks import task


@task()
def deliver_message(message_id):
    from . import outbox

    return outbox.deliver(message_id)
