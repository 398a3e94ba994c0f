"""Load demo organisations, accounts and (as the portal grows) demo content."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import (
    assessment,
    calls,
    case_studies,
    case_study_template,
    editions,
    people,
    stakeholders,
)


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
        users = people.seed()
        seeded_calls = calls.seed()
        seeded_calls.append(assessment.seed())
        case_study_template.seed()
        case_studies.seed()
        editions.seed()
        editions.seed_format_requests()
        stakeholders.seed()
        people.seed_access_needs()
        calls.seed_adjustment()
        for user in users:
            self.stdout.write(f"{user.email:28} {', '.join(user.role_names)}")
        for call in seeded_calls:
            self.stdout.write(f"Call: {call.title} (/calls/{call.slug}/)")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(users)} accounts, password {people.DEMO_PASSWORD}"
            )
        )
