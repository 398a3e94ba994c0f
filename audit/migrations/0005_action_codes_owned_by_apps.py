"""Audit actions are named by the app that takes them ("eoi.submitted"); existing rows move from
the old central list's codes to the new ones (and back, if unmigrated)."""

from django.db import migrations, models

RENAMED = {
    "signed_in": "accounts.signed_in",
    "sign_in_failed": "accounts.sign_in_failed",
    "signed_out": "accounts.signed_out",
    "account_deleted": "accounts.closed",
    "two_factor_on": "accounts.two_factor_on",
    "two_factor_moved": "accounts.two_factor_moved",
    "two_factor_removed": "accounts.two_factor_removed",
    "recovery_codes_made": "accounts.recovery_codes_made",
    "recovery_code_used": "accounts.recovery_code_used",
    "eoi_submitted": "eoi.submitted",
    "eoi_withdrawn": "eoi.withdrawn",
    "assessment_submitted": "eoi.assessment_submitted",
    "assessment_reopened": "eoi.assessment_reopened",
    "score_moderated": "eoi.score_moderated",
    "decision_recorded": "eoi.decision_recorded",
    "letters_sent": "eoi.letters_sent",
    "case_study_status": "casestudies.status_changed",
    "case_study_signed_off": "casestudies.signed_off",
    "invitation_accepted": "casestudies.invitation_accepted",
    "edition_published": "collection.edition_published",
    "emails_sent": "collection.emails_sent",
}


def rename(mapping):
    def run(apps, schema_editor):
        Event = apps.get_model("audit", "Event")
        for old, new in mapping.items():
            Event.objects.filter(action=old).update(action=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_two_factor_events"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(db_index=True, max_length=60),
        ),
        migrations.RunPython(
            rename(RENAMED), rename({new: old for old, new in RENAMED.items()}), elidable=False
        ),
    ]
