"""Small template helpers shared by every part of the portal."""

from django import template

register = template.Library()


@register.filter
def get_bound_field(form, name):
    """``form|get_bound_field:"closes_day"``: a bound field looked up by a computed name."""
    return form[name]
