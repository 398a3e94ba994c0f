"""Backups: a PostgreSQL dump and the media files in a dated folder, with a manifest of every
table's row count and a checksum of the media, so a restore can be checked against it.

``pg_dump`` and ``pg_restore`` come from the PostgreSQL client tools; the connection details
come from the database settings (``DATABASE_URL``).
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from portal.errors import DomainError


class BackupError(DomainError):
    """A backup or restore could not be made."""


def _tool(name):
    """The full path of a PostgreSQL client tool, or a clear error if it is not installed."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client tools).")
    return path


def _pg(database):
    """Connection arguments and environment for the PostgreSQL client tools."""
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (set DATABASE_URL).")
    args = [
        "--host",
        database.get("HOST") or "127.0.0.1",
        "--port",
        str(database.get("PORT") or 5432),
    ]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    return args, env


def row_counts(cursor):
    """Every table in the public schema with its number of rows (any DB-API cursor)."""
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _counts(alias):
    with connections[alias].cursor() as cursor:
        return row_counts(cursor)


def media_checksum(root):
    """SHA-256 over every file's relative path and content, in a fixed order."""
    digest = hashlib.sha256()
    root = Path(root)
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def backup(destination, *, alias="default", now=None):
    """Write ``database.dump``, ``media.tar.gz`` and ``manifest.json`` to a new dated folder."""
    database = settings.DATABASES[alias]
    args, env = _pg(database)
    folder = Path(destination) / (now or timezone.now()).strftime("%Y-%m-%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        [
            _tool("pg_dump"),
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(folder / "database.dump"),
            database["NAME"],
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    # Media in a bucket (MEDIA_BUCKET) are kept by the bucket's own versioning, not archived here.
    media = Path(settings.MEDIA_ROOT)
    local_media = media.exists() and not settings.MEDIA_BUCKET
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if local_media:
            archive.add(media, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": database["NAME"],
        "row_counts": _counts(alias),
        "media_sha256": media_checksum(media if local_media else media / "-none-"),
        "media_bucket": settings.MEDIA_BUCKET or None,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def restore(folder, *, database, media_root):
    """Restore a backup into an empty database and a media folder; refuses a non-empty one."""
    folder = Path(folder)
    for name in ("database.dump", "media.tar.gz", "manifest.json"):
        if not (folder / name).exists():
            raise BackupError(f"{folder} is not a complete backup: {name} is missing.")
    args, env = _pg(database)
    tables = subprocess.run(  # noqa: S603
        [
            _tool("psql"),
            *args,
            "--dbname",
            database["NAME"],
            "--tuples-only",
            "--no-align",
            "--command",
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if tables != "0":
        raise BackupError(
            f"The database {database['NAME']} is not empty: restore into an empty one."
        )
    subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            *args,
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            database["NAME"],
            str(folder / "database.dump"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            if not (member.isfile() or member.isdir()) or ".." in Path(member.name).parts:
                raise BackupError(
                    f"Refusing an unexpected entry in the media archive: {member.name}"
                )
            relative = Path(member.name).relative_to("media") if member.name != "media" else None
            if relative is None or not member.isfile():
                continue
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    return json.loads((folder / "manifest.json").read_text())
