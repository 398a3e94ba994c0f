import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and the media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by the backup command.")
        parser.add_argument(
            "--database-url", help="The empty database to restore into (default: DATABASE_URL)."
        )
        parser.add_argument("--media-root", help="Where to put the media (default: MEDIA_ROOT).")

    def handle(self, *args, folder, database_url=None, media_root=None, **options):
        database = (
            dj_database_url.parse(database_url) if database_url else settings.DATABASES["default"]
        )
        try:
            manifest = backups.restore(
                folder, database=database, media_root=media_root or settings.MEDIA_ROOT
            )
        except (backups.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # a failed pg_restore: say what it said
            raise CommandError(getattr(error, "stderr", b"").decode() or str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {folder}: {len(manifest['row_counts'])} tables, media checksum "
                f"{manifest['media_sha256'][:12]}"
            )
        )
