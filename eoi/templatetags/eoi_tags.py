from django import template

from eoi import money, queries
from portal import dates

register = template.Library()


@register.filter
def govuk_datetime(moment):
    return dates.govuk_datetime(moment)


@register.filter
def govuk_date(moment):
    return dates.govuk_date(moment) if moment else ""


@register.filter
def pounds(amount):
    return money.pounds(amount) if amount is not None else ""


@register.filter
def time_left(closes_at):
    return queries.time_left(closes_at)
