"""Small template helpers shared by every part of the portal."""

from django import template

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
