"""The first edition of the collection, published from the demo case studies that are approved
and signed off by both parties. Runs once; later runs leave the published edition alone."""

from django.db import transaction

from accounts.models import User
from collection import editions
from collection.models import Edition
from demo import story

TITLE = "DPULOs making a difference"
SUBTITLE = "Case studies of Disabled People's User-Led Organisations working with commissioners"
INTRODUCTION = (
    "Disabled People's User-Led Organisations (DPULOs) are run by and for disabled people. "
    "These case studies show what happens when commissioners work with them: better services, "
    "disabled people's voices heard, and money saved.\n\n"
    "Each case study was written by the DPULO, reviewed by the programme, and signed off by "
    "the DPULO and the commissioner. Each follows the same sections:\n\n"
    "- how the commissioner and the DPULO worked together\n"
    "- the practicalities of the relationship\n"
    "- the results, and the key factors behind them\n"
    "- general lessons for DPULOs and commissioners\n"
    "- outcomes in figures, each with its source"
)
CONCLUSION = (
    "Working with DPULOs is not a favour to disabled people: it is good commissioning. Talk to "
    "your local DPULO before you write the next specification. The [Local Government "
    "Association](https://www.local.gov.uk) and the DPULO network can put you in touch."
)


# Published a week after the last sign-off (see ``demo.case_studies``).
PUBLISHED_DAYS_AGO = 6


def seed():
    """The edition is published, and its PDF rendered, at its moment in the story."""
    with story.at(story.working_days_ago(PUBLISHED_DAYS_AGO, hour=11, minute=20)):
        return _publish()


@transaction.atomic
def _publish():
    existing = Edition.objects.filter(title=TITLE).first()
    if existing:
        return existing
    ready = list(editions.ready_for_publication())
    if not ready:
        return None
    coordinator = User.objects.filter(email="coordinator@example.org").first()
    edition = editions.create(TITLE, by=coordinator)
    edition.subtitle, edition.introduction, edition.conclusion = SUBTITLE, INTRODUCTION, CONCLUSION
    edition.save()
    for case_study in ready:
        editions.add(edition, case_study)
    return editions.publish(edition, by=coordinator)
