"""The first edition of the collection, published from the demo case studies that are approved
and signed off by both parties. Runs once; later runs leave the published edition alone."""

from django.db import transaction

from accounts.models import User
from collection import editions, format_requests
from collection.models import Edition, FormatRequest
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


# Two readers' requests for other formats, so the programme team's queue has something in it:
# one answered, one waiting.
FORMAT_REQUESTS = [
    (
        4,
        {
            "item": f"The whole edition: {TITLE}",
            "wanted": "audio",
            "details": "An audio file I can play on my phone, please.",
            "name": "Jo Rahman",
            "reply_by": "email",
            "email": "jo.rahman@example.net",
        },
        "sent",
    ),
    (
        1,
        {
            "item": f"The whole edition: {TITLE}",
            "wanted": "braille",
            "details": "Unified English Braille, grade 2.",
            "needed_by": "Before our members' meeting at the end of the month",
            "name": "Morgan Price",
            "reply_by": "post",
            "address": "Leeds Disability Forum\n12 Park Row\nLeeds LS1 5HD",
        },
        "",
    ),
]


def seed_format_requests():
    """Each request arrives at its moment in the story; runs once."""
    edition = Edition.objects.filter(title=TITLE).first()
    if edition is None or FormatRequest.objects.exists():
        return
    manager = User.objects.filter(email="manager@example.org").first()
    for days_ago, fields, status in FORMAT_REQUESTS:
        with story.at(story.working_days_ago(days_ago, hour=14, minute=5)), transaction.atomic():
            made = format_requests.receive(FormatRequest(edition=edition, **fields))
        if status:
            with story.at(story.working_days_ago(days_ago - 2, hour=10)), transaction.atomic():
                format_requests.update(
                    made,
                    status=status,
                    reason="",
                    note="Sent the MP3 files by email.",
                    opened_as=None,
                    user=manager,
                )
