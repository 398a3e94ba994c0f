"""Search finds case studies by their tags and organisations, and searches the same way on
SQLite: a ``keywords`` column; on PostgreSQL the ``pg_trgm`` extension (spelling suggestions)
and search vectors that weigh the keywords; on SQLite the FTS5 index tables."""

from django.db import migrations, models

from casestudies.models import ScopeLabels


class _Labels(ScopeLabels):
    def __init__(self, row):
        self.__dict__.update(row.__dict__)


def build(apps, schema_editor):
    from collection import search_index

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    elif vendor == "sqlite":
        for statement in search_index.SQLITE_TABLES:
            schema_editor.execute(statement)
    published = apps.get_model("collection", "PublishedCaseStudy")
    alias = schema_editor.connection.alias
    rows = published.objects.using(alias).all()
    for row in rows.iterator():
        row.keywords = search_index.keywords(_Labels(row))
        row.save(update_fields=["keywords"])
    search_index.index(rows)


def unbuild(apps, schema_editor):
    from collection import search_index

    if schema_editor.connection.vendor == "sqlite":
        for statement in search_index.SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("collection", "0004_sends_through_the_outbox")]

    operations = [
        migrations.AddField(
            model_name="publishedcasestudy",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Its areas, kinds of work and region and both organisations' names, for search."
                ),
            ),
        ),
        migrations.RunPython(build, unbuild),
    ]
