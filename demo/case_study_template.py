"""The case-study template from the programme's documents: what the collection will cover,
plus the outcomes and value, published as version 1. Runs once; later edits are kept."""

from django.db import transaction

from casestudies import services
from casestudies.models import Template
from demo import easy_read, story

SECTIONS = [
    (
        "How the commissioner and the DPULO worked together",
        "Who the commissioner was, what the DPULO did, and the service or contract it was about.",
        400,
    ),
    (
        "The practicalities of how the relationship worked",
        "How the work was commissioned or agreed, who met whom and how often, and how "
        "disabled people's voices were brought in.",
        400,
    ),
    (
        "What the successful results were",
        "What changed for disabled people, for the DPULO and for the commissioner.",
        400,
    ),
    (
        "The key factors that enabled this success",
        "What made it work here when it might not have elsewhere.",
        300,
    ),
    (
        "General lessons for DPULOs and commissioners",
        "What others can learn from this example.",
        300,
    ),
    (
        "Outcomes and value",
        "Numbers where you have them, with their source: for example savings for every pound "
        "invested, people reached, or money saved per person.",
        250,
    ),
]


# Published a few days before the first case study was proposed (see ``demo.case_studies``).
PUBLISHED_DAYS_AGO = 55


def seed(by=None):
    with story.at(story.working_days_ago(PUBLISHED_DAYS_AGO, hour=15, minute=30)):
        return _publish(by)


def _publish(by):
    made = _one("case-study", "Case study template", by, easy_read=False)
    # The same sections, also asking for an Easy Read version (``demo.easy_read``).
    _one(easy_read.TEMPLATE_SLUG, easy_read.TEMPLATE_NAME, by, easy_read=True)
    return made


@transaction.atomic
def _one(slug, name, by, *, easy_read):
    template, created = Template.objects.get_or_create(slug=slug, defaults={"name": name})
    if not created:
        return template
    draft = services.draft_for(template)
    for heading, guidance, limit in SECTIONS:
        services.add_section(
            draft, {"heading": heading, "guidance": guidance, "word_limit": limit, "required": True}
        )
    if easy_read:
        services.ask_for_easy_read(draft, True)
    services.publish(draft, by=by)
    return template
