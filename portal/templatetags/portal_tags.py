"""Small template helpers shared by every part of the portal."""

import re

from django import forms, template
from django.utils.html import format_html

from portal import dates

register = template.Library()


@register.filter
def get_bound_field(form, name):
    """``form|get_bound_field:"closes_day"``: a bound field looked up by a computed name."""
    return form[name]


@register.filter
def error_target(bound_field, field_id):
    """Where an error summary link for ``bound_field`` goes: the field itself, or for a
    question answered by radios or checkboxes its first option (``id_<name>_1``), since the
    question has no element of its own to focus."""
    widget = getattr(getattr(bound_field, "field", None), "widget", None)
    if field_id == bound_field.auto_id and isinstance(
        widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
    ):
        return f"id_{bound_field.html_name}_1"
    return field_id


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


@register.filter
def govuk_date(moment):
    """``Sunday 14 March 2027``: a day, in UK time."""
    return dates.govuk_date(moment) if moment else ""


_CAPTION_ID = re.compile(r'<caption[^>]*\bid="([^"]+)"')


class _ScrollsSideways(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        table = self.nodelist.render(context)
        found = _CAPTION_ID.search(table)
        if found is None:
            raise template.TemplateSyntaxError(
                "A table in scrolls_sideways needs a caption with an id, which names its region"
            )
        return format_html(
            '<div class="app-table-scroll" role="region" aria-labelledby="{}" tabindex="0">{}'
            "</div>",
            found.group(1),
            table,  # already safe: rendered by the template engine
        )


@register.tag
def scrolls_sideways(parser, token):
    """``{% scrolls_sideways %}<table …><caption id="…">…</table>{% endscrolls_sideways %}``:
    a wide table scrolls inside its own box, named by its caption and reachable from the
    keyboard, so the page itself never scrolls sideways on a phone (WCAG 1.4.10). Every data
    table is wrapped so (``tests/test_form_styles.py`` checks each template)."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("scrolls_sideways takes no arguments")
    nodelist = parser.parse(("endscrolls_sideways",))
    parser.delete_first_token()
    return _ScrollsSideways(nodelist)
