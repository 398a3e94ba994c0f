"""Template filters for case studies: the author's Markdown subset, rendered safely, and the
added-value toolkit's working behind an outcome."""

from django import template

from casestudies import easy_read, text, value
from casestudies.models import Working

register = template.Library()


@register.filter
def case_study_text(value):
    """The answer as HTML: paragraphs, lists and links only, sanitised by nh3."""
    return text.render(value)


@register.filter
def words(value):
    return text.word_count(value)


@register.filter
def pounds(amount):
    """£1,234.57: rounded to the penny, half up, as the working shows money."""
    return f"£{value.pounds(amount):,.2f}"


@register.filter
def ratio(amount):
    """£2.08: a ratio to the pound, to two places, half up."""
    return f"£{value.ratio_shown(amount)}"


@register.filter
def divisor(amount):
    """1.035, 1.071225, 1.108718: exact up to six decimal places, rounded beyond."""
    return f"{amount.quantize(value.Decimal('0.000001')).normalize():f}"


@register.filter
def percent(amount):
    """12.5%: a stated percentage without trailing zeros."""
    return f"{amount.normalize():f}%"


@register.filter
def proxy_kind(code):
    """What a financial proxy values, in words."""
    return dict(Working.ProxyKind.choices).get(code, "Not stated")


@register.filter
def easy_read_lines(point_text, glossary=()):
    """An Easy Read point: a sentence a line, the glossary's words in bold."""
    words = [entry["word"] if hasattr(entry, "get") else entry.word for entry in glossary or ()]
    return easy_read.lines(point_text, words)


@register.simple_tag
def working_of(outcome):
    """The steps behind an outcome worked out with the toolkit, from what its (published or
    current) content states: the inputs, each year, the figure and the sensitivity table."""
    stated = outcome.get("working") if hasattr(outcome, "get") else None
    if not stated:
        return None
    inputs = value.inputs(stated)
    return {
        "stated": stated,
        "inputs": inputs,
        "working": value.work_out(inputs),
        "sensitivity": value.sensitivity(inputs),
    }


@register.simple_tag
def easy_read_for_reading(case_study, shown):
    """The Easy Read points of the publishable content ``shown`` with their pictures inline,
    for the pages that show exactly what is signed off (see ``easy_read.points_for_reading``)."""
    return easy_read.points_for_reading(case_study, shown) if shown.easy_read else []
