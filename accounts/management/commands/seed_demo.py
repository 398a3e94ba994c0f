"""Load demo organisations, accounts and (as the portal grows) demo content."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import demo
from casestudies import demo as casestudies_demo
from casestudies import demo_case_studies
from collection import demo as collection_demo
from collection import demo_stakeholders
from eoi import demo as eoi_demo
from eoi import demo_assessment


class Command(BaseCommand):
    help = "Create the demo accounts and data. Idempotent; refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (for a staging site; never on live data).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only runs with "
                "DEBUG on. Use --force to run it on a staging site."
            )
        users = demo.seed()
        calls = eoi_demo.seed()
        calls.append(demo_assessment.seed())
        casestudies_demo.seed()
        demo_case_studies.seed()
        collection_demo.seed()
        demo_stakeholders.seed()
        for user in users:
            self.stdout.write(f"{user.email:28} {', '.join(user.role_names)}")
        for call in calls:
            self.stdout.write(f"Call: {call.title} (/calls/{call.slug}/)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} accounts, password {demo.DEMO_PASSWORD}"
            )
        )
