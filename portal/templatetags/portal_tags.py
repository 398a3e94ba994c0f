"""Small template helpers shared by every part of the portal."""

from django import template

from portal import dates

register = template.Library()


@register.filter
def get_bound_field(form, name):
    """``form|get_bound_field:"closes_day"``: a bound field looked up by a computed name."""
    return form[name]


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with ``page`` set to ``number``, keeping any filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def govuk_datetime(moment):
    """``5:00pm on 14 March 2027``: the one way the portal writes a moment."""
    return dates.govuk_datetime(moment) if moment else ""
