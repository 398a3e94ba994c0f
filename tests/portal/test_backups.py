"""The backup round trip: dump, restore into an empty database, and compare every table's row
count and the media checksum."""

import uuid

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections

from portal import backups

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database, dropped afterwards."""
    name = f"restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    database = {**settings.DATABASES["default"], "NAME": name}
    yield database
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url(database):
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{database.get('HOST') or '127.0.0.1'}:"
        f"{database.get('PORT') or 5432}/{database['NAME']}"
    )


def test_backup_and_restore_round_trip(tmp_path, media_root, empty_database, role_users):
    from demo import case_study_template as demo

    demo.seed()  # a template with sections, so several tables have rows
    (media_root / "editions").mkdir(parents=True)
    (media_root / "editions" / "first.pdf").write_bytes(b"%PDF-1.7 a stored edition")
    with connection.cursor() as cursor:
        before = backups.row_counts(cursor)
    checksum = backups.media_checksum(media_root)
    assert before["accounts_user"] == len(role_users)

    call_command("backup", to=str(tmp_path / "backups"), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (folder,) = (tmp_path / "backups").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar.gz",
    ]

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore",
        str(folder),
        database_url=_url(empty_database),
        media_root=str(restored_media),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    restored = psycopg2.connect(_url(empty_database))
    try:
        with restored.cursor() as cursor:
            assert backups.row_counts(cursor) == before
    finally:
        restored.close()
    assert backups.media_checksum(restored_media) == checksum


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup", to=str(tmp_path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    (folder,) = tmp_path.iterdir()
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(folder), media_root=str(tmp_path / "m"))


def test_restore_refuses_an_incomplete_backup(tmp_path):
    with pytest.raises(CommandError, match="not a complete backup"):
        call_command("restore", str(tmp_path), media_root=str(tmp_path / "m"))
