from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = "Write a PostgreSQL dump and the media files to a new dated folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="backups", help="Where to make the dated folder.")

    def handle(self, *args, to, **options):
        try:
            folder = backups.backup(to)
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
