"""The retention policy, applied across the portal: each app says what of its own is past the
period (``eoi.retention``, ``mail.retention``, ``collection.format_requests``); this command,
above them all, runs them together."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts import access_needs
from casestudies import commissioner_needs
from collection import format_requests
from eoi import retention
from mail import retention as mail_retention


class Command(BaseCommand):
    help = (
        "Remove the personal data of unsuccessful expressions of interest once their call closed "
        "more than RETENTION_DAYS ago, keeping the anonymised scores; delete emails and answered "
        "requests for other formats older than that, and the access needs of people who have "
        "not signed in for that long (or, for a commissioner's contact, not changed them). "
        "--dry-run says what would go, changing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override RETENTION_DAYS ({settings.RETENTION_DAYS}).",
        )

    def handle(self, *args, dry_run=False, days=None, **options):
        found = retention.due(days=days)
        for item in found:
            eoi = item.eoi
            label = eoi.reference or f"draft {eoi.pk}"
            self.stdout.write(
                f"{label}: {eoi.organisation} for {eoi.call.title} ({item.reason}, call closed "
                f"{eoi.call.closes_at:%d %B %Y})"
            )
            if not dry_run:
                retention.anonymise(eoi)
        would = "would be " if dry_run else ""
        emails = mail_retention.expire(days=days, dry_run=dry_run)
        self.stdout.write(
            f"{emails} email{'s' if emails != 1 else ''} past the period {would}deleted."
        )
        requests = format_requests.expire(days=days, dry_run=dry_run)
        self.stdout.write(
            f"{requests} answered request{'s' if requests != 1 else ''} for another format "
            f"past the period {would}deleted."
        )
        needs = access_needs.expire(days=days, dry_run=dry_run)
        self.stdout.write(
            f"Access needs of {needs} {'person' if needs == 1 else 'people'} who had not "
            f"signed in for the period {would}deleted."
        )
        said = commissioner_needs.expire(days=days, dry_run=dry_run)
        whose = "commissioner's contact" if said == 1 else "commissioners' contacts"
        self.stdout.write(
            f"Access needs of {said} {whose} unchanged for the period {would}deleted."
        )
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(found)} expression{'s' if len(found) != 1 else ''} of interest {verb}."
            )
        )
