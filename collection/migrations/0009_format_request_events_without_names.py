"""Events recorded when someone asked for another format used to keep the name they gave; the
audit log outlives the request (deleted after the retention period), so the name goes."""

from django.db import migrations


def forget_names(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    Event.objects.filter(
        action="collection.format_requested", user__isnull=True, object_type="formatrequest"
    ).update(who="")


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0008_easy_read"),
        ("audit", "0005_action_codes_owned_by_apps"),
    ]

    operations = [migrations.RunPython(forget_names, migrations.RunPython.noop)]
