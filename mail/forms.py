from crispy_forms_gds.layout import Field, Size
from django import forms

from portal.forms import gds_helper

from .models import Preference


class PreferenceForm(forms.ModelForm):
    reminders = forms.TypedChoiceField(
        label="Do you want reminders?",
        choices=[("yes", "Yes, remind me"), ("no", "No, do not send me reminders")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="For example, before a call closes with your expression of interest "
        "unfinished, or when a case study has waited a fortnight for you.",
        error_messages={"required": "Select whether you want reminders"},
    )
    format = forms.ChoiceField(
        label="How should we write to you?",
        choices=Preference.Format.choices,
        widget=forms.RadioSelect,
        help_text="Every email is plain text. With the large-type version, your email app can "
        "also show it in large type (24 pixels, well spaced).",
        error_messages={"required": "Select how we should write to you"},
    )

    class Meta:
        model = Preference
        fields = ["reminders", "format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["reminders"] = "yes" if self.instance.reminders else "no"
        self.helper = gds_helper(
            Field.radios("reminders", legend_size=Size.MEDIUM),
            Field.radios("format", legend_size=Size.MEDIUM),
            submit="Save settings",
        )
