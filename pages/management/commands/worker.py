"""A background worker: django-tasks' ``db_worker``, which first puts back in the queue any task
a worker that died left "running" (``portal.background``). Takes the same options."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from portal.background import reclaim_abandoned


class Command(DatabaseWorker):
    help = (
        "Run background tasks (edition PDFs, email delivery, reminders), after putting back any "
        "task left running longer than TASK_RUNNING_TIMEOUT_MINUTES by a worker that died."
    )

    def handle(self, *args, **options):
        reclaimed = reclaim_abandoned()
        if reclaimed:
            self.stdout.write(f"Queued again {reclaimed} task(s) left running by a dead worker.")
        return super().handle(*args, **options)
