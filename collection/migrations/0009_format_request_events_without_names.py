"""Events recorded when someone asked for another format used to keep the name they gave and
what they typed ("FR-00003: Braille of …"); the audit log outlives the request (deleted after
the retention period), so each keeps its reference and the format, and nothing typed. An
account holder's own events keep their account, as every other event does."""

from django.db import migrations


def forget_what_was_typed(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    for event in Event.objects.filter(action="collection.format_requested"):
        reference, _, rest = event.summary.partition(": ")
        wanted = rest.split(" of ", 1)[0] if " of " in rest else "Another format"
        event.summary = f"{reference}: {wanted} asked for"
        event.who = event.user.email if event.user_id else ""
        event.save(update_fields=["summary", "who"])


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0008_easy_read"),
        ("audit", "0005_action_codes_owned_by_apps"),
    ]

    operations = [migrations.RunPython(forget_what_was_typed, migrations.RunPython.noop)]
