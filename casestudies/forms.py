"""The coordinator's section form, in GOV.UK style."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout
from django import forms

from .models import Section


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "word_limit", "required", "guidance"]
        labels = {
            "heading": "Heading",
            "word_limit": "Word limit",
            "required": "Authors must answer this section",
            "guidance": "Guidance for the author (optional)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].error_messages.update(
            {
                "required": "Enter the section's heading",
                "max_length": "The heading must be 200 characters or fewer",
            }
        )
        limit = self.fields["word_limit"]
        limit.widget = forms.TextInput(attrs={"inputmode": "numeric"})
        limit.error_messages.update(
            {
                "required": "Enter the word limit",
                "invalid": "Enter the word limit as a whole number, like 300",
                "min_value": "The word limit must be 10 or more",
                "max_value": "The word limit must be 5,000 or fewer",
            }
        )
        limit.help_text = "Authors cannot save more words than this."
        self.fields["guidance"].widget = forms.Textarea(attrs={"rows": 5})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("heading", field_width=Fluid.FULL),
            Field.text("word_limit", field_width=5),
            Field.checkbox("required"),
        )
        # guidance is rendered by templates/includes/textarea.html, after these fields.

    def section_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
