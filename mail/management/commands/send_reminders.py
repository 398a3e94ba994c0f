"""Put back tasks a dead worker left running, queue the reminders that are due, then
deliver every email that is due (first tries whose task never ran, and retries). Safe to run
every few minutes: nothing is sent twice."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from mail import outbox, reminders, tasks
from portal.background import reclaim_abandoned


class Command(BaseCommand):
    help = "Queue due reminders and deliver due emails (run every few minutes from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also book a worker to run this every REMINDERS_EVERY_MINUTES (database task "
            "backend); safe to repeat, only one run is ever booked.",
        )
        parser.add_argument(
            "--no-deliver",
            action="store_true",
            help="Only queue reminders; leave delivery to the workers.",
        )

    def handle(self, *args, **options):
        if settings.TASKS_BACKEND == "database":
            reclaimed = reclaim_abandoned()
            if reclaimed:
                self.stdout.write(
                    f"Queued again {reclaimed} task(s) left running by a dead worker."
                )
        with transaction.atomic():
            queued = reminders.send_due()
        self.stdout.write(f"Queued {queued} reminder{'s' if queued != 1 else ''}.")
        if not options["no_deliver"]:
            sent, failed = outbox.deliver_due()
            self.stdout.write(f"Delivered {sent} email{'s' if sent != 1 else ''}; {failed} failed.")
        if options["schedule"]:
            booked = tasks.schedule_next()
            self.stdout.write(
                f"The workers will run this every {settings.REMINDERS_EVERY_MINUTES} minutes."
                if booked is not None
                else "Not booked: a run is booked already, or the task backend cannot run "
                "tasks later (use TASKS_BACKEND=database, or cron)."
            )
