"""The coordinator's edition forms, in GOV.UK style."""

from crispy_forms_gds.layout import Field, Fluid
from django import forms

from accounts.forms import fields_only_helper


class NewEditionForm(forms.Form):
    title = forms.CharField(
        label="Title of the new edition",
        max_length=200,
        error_messages={
            "required": "Enter the edition's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(Field.text("title", field_width=Fluid.FULL))


class EditionDetailsForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the edition's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    subtitle = forms.CharField(
        label="Subtitle (optional)",
        max_length=300,
        required=False,
        error_messages={"max_length": "The subtitle must be 300 characters or fewer"},
    )
    introduction = forms.CharField(
        required=False,
        max_length=20000,
        error_messages={"max_length": "The introduction must be 20,000 characters or fewer"},
    )
    conclusion = forms.CharField(
        required=False,
        max_length=20000,
        error_messages={"max_length": "The conclusion must be 20,000 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.text("subtitle", field_width=Fluid.FULL),
            "version",
        )
        # introduction and conclusion are rendered by templates/includes/textarea.html.

    def details(self):
        return {
            name: self.cleaned_data[name]
            for name in ("title", "subtitle", "introduction", "conclusion")
        }
