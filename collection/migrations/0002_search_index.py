"""A GIN index on the published case studies' search vector, on PostgreSQL only (SQLite, used
for trying the portal on a laptop, has no tsvector and searches by a simple match instead)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS col_published_search "
    "ON collection_publishedcasestudy USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS col_published_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("collection", "0001_editions")]

    operations = [migrations.RunPython(create, drop)]
