"""Template filters for case studies: the author's Markdown subset, rendered safely."""

from django import template

from casestudies import text

register = template.Library()


@register.filter
def case_study_text(value):
    """The answer as HTML: paragraphs, lists and links only, sanitised by nh3."""
    return text.render(value)


@register.filter
def words(value):
    return text.word_count(value)
