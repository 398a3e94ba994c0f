"""Sign-offs made before a sign-off covered the whole publishable content (the summary, the
organisations, the region, the areas and the kinds of work as well as the text) agreed to less
than is published. They are voided, with the reason, and so are unused sign-off links, so each
case study is signed off again for exactly what will be published."""

from django.db import migrations
from django.utils import timezone

REASON = "Sign-off now covers the summary and details too: please sign off again"


def void_earlier_sign_offs(apps, schema_editor):
    SignOff = apps.get_model("casestudies", "SignOff")
    SingleUseLink = apps.get_model("casestudies", "SingleUseLink")
    now = timezone.now()
    SignOff.objects.filter(voided_at__isnull=True).update(voided_at=now, voided_reason=REASON)
    SingleUseLink.objects.filter(
        purpose="sign_off", used_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0002_case_studies")]

    operations = [migrations.RunPython(void_earlier_sign_offs, migrations.RunPython.noop)]
