"""The error summary links each problem to where the reader can fix it: a text box itself, a
question answered by radios or checkboxes its first option (the question has no element of
its own to move to)."""

import re

from django import forms
from django.template import Context, Template

from portal.forms import gds_helper


class Choices(forms.Form):
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Days", choices=[("mon", "Monday")], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.layout import Field

        self.helper = gds_helper(
            Field.text("name"), Field.radios("colour"), Field.checkboxes("days"), submit="Save"
        )


def rendered(form):
    return Template(
        "{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}"
    ).render(Context({"form": form}))


def test_each_link_goes_to_an_element_on_the_page():
    for prefix in (None, "step"):
        form = Choices({}, prefix=prefix)
        assert not form.is_valid()
        page = rendered(form)
        start = f"id_{prefix}-" if prefix else "id_"
        targets = re.findall(r'href="#([^"]+)"', page.split("</ul>")[0])
        assert targets == [f"{start}name", f"{start}colour_1", f"{start}days_1"]
        for target in targets:
            assert f'id="{target}"' in page
