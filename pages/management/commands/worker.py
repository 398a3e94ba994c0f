"""A background worker: django-tasks' ``db_worker``, with two things a deployment needs.

- A task a worker that died left "running" is put back in the queue (``portal.background``):
  once as this worker starts, then every half ``TASK_RUNNING_TIMEOUT_MINUTES``.
- The database restarting does not end the worker: ``db_worker`` exits on the first query that
  cannot reach it, so here the worker waits and carries on (a task it was running then is
  taken back after the timeout, like any other).

Takes the same options as ``db_worker``."""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from portal.background import reclaim_abandoned

logger = logging.getLogger(__name__)

WAIT_SECONDS = 2  # between tries while the database cannot be reached


class Command(DatabaseWorker):
    help = (
        "Run background tasks (edition PDFs, email delivery, reminders), putting back any task "
        "left running longer than TASK_RUNNING_TIMEOUT_MINUTES by a worker that died, and "
        "carrying on when the database restarts."
    )

    def handle(self, *args, **options):
        stop = threading.Event()
        if not options.get("batch"):
            threading.Thread(target=self._keep_reclaiming, args=(stop,), daemon=True).start()
        try:
            while True:
                try:
                    reclaimed = reclaim_abandoned()
                    if reclaimed:
                        self.stdout.write(
                            f"Queued again {reclaimed} task(s) left running by a dead worker."
                        )
                    return super().handle(*args, **options)
                except (OperationalError, InterfaceError) as error:
                    if options.get("batch"):
                        raise
                    logger.warning(
                        "The database cannot be reached (%s); trying again in %s s",
                        str(error).strip().splitlines()[0] if str(error).strip() else error,
                        WAIT_SECONDS,
                    )
                    connections.close_all()
                    time.sleep(WAIT_SECONDS)
        finally:
            stop.set()

    def _keep_reclaiming(self, stop):
        every = max(5.0, settings.TASK_RUNNING_TIMEOUT_MINUTES * 30)  # seconds: half the timeout
        while not stop.wait(every):
            try:
                reclaim_abandoned()
            except DatabaseError:  # the database restarting: try again next time
                connection.close()
