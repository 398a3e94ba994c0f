"""Queue the reminders that are due, then deliver every email that is due (first tries whose
task never ran, and retries). Safe to run every few minutes: nothing is sent twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from mail import outbox, reminders


class Command(BaseCommand):
    help = "Queue due reminders and deliver due emails (run every few minutes from cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-deliver",
            action="store_true",
            help="Only queue reminders; leave delivery to the workers.",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            queued = reminders.send_due()
        self.stdout.write(f"Queued {queued} reminder{'s' if queued != 1 else ''}.")
        if not options["no_deliver"]:
            sent, failed = outbox.deliver_due()
            self.stdout.write(f"Delivered {sent} email{'s' if sent != 1 else ''}; {failed} failed.")
