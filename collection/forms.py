"""The coordinator's edition forms, in GOV.UK style."""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils.html import format_html

from accounts.models import Organisation
from portal.forms import fields_only_helper, gds_helper
from portal.stale import RefusesStaleEdits

from .models import ChannelRecord, Edition, Stakeholder
from .stakeholders import COLUMNS


class NewEditionForm(forms.Form):
    title = forms.CharField(
        label="Title of the new edition",
        max_length=200,
        error_messages={
            "required": "Enter the edition's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )

    start_from_last = forms.BooleanField(required=False)

    def __init__(self, *args, last=None, **kwargs):
        """``last`` is the latest published edition, whose introduction and conclusion a new
        one may start from (the box is offered only when there is one)."""
        super().__init__(*args, **kwargs)
        fields = [Field.text("title", field_width=Fluid.FULL)]
        if last:
            self.fields["start_from_last"].label = format_html(
                "Start from the introduction and conclusion of “{}”", last.title
            )
            start = self.fields["start_from_last"]
            start.help_text = (
                "You can change them before you publish. Case studies are chosen again."
            )
            fields.append(Field.checkbox("start_from_last"))
        else:
            del self.fields["start_from_last"]
        self.helper = fields_only_helper(*fields)


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


class StakeholderForm(RefusesStaleEdits, forms.ModelForm):
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.org"
        },
    )

    class Meta:
        model = Stakeholder
        fields = list(COLUMNS)  # the same columns as the CSV import and export
        labels = {
            "name": "Name",
            "kind": "Kind",
            "region": "Region",
            "influence": "Influence over commissioning",
            "interest": "Interest in the collection",
            "contact_name": "Contact name (optional)",
            "email": "Email address (optional)",
            "website": "Website (optional)",
            "code": "Official code (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {"code": "For example an ONS local-authority code, like E09000033."}
        error_messages = {
            "name": {"required": "Enter the stakeholder's name"},
            "kind": {"required": "Select the kind of stakeholder"},
            "region": {"required": "Select the region"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
            "website": {
                "invalid": "Enter a web address in the correct format, like https://www.example.org"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "region"):
            self.fields[name].choices = [("", "Choose one"), *self.fields[name].choices[1:]]
        self.fields["influence"].widget = forms.RadioSelect(
            choices=self.fields["influence"].choices
        )
        self.fields["interest"].widget = forms.RadioSelect(choices=self.fields["interest"].choices)
        self.fields["notes"].widget = forms.Textarea(attrs={"rows": 3})
        self.helper = fields_only_helper(
            Field.text("name", field_width=Fluid.FULL),
            Field.select("kind"),
            Field.select("region"),
            Field.radios("influence", legend_size=Size.SMALL, inline=True),
            Field.radios("interest", legend_size=Size.SMALL, inline=True),
            Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("website", field_width=Fluid.TWO_THIRDS),
            Field.text("code", field_width=10),
            Field.textarea("notes"),
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        clash = Stakeholder.objects.filter(code=code).exclude(pk=self.instance.pk)
        if code and clash.exists():
            raise forms.ValidationError(f"{clash.first().name} already has the code {code}")
        return code


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file must be a CSV file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.helper = fields_only_helper(Field("file"))


class RoundForm(forms.Form):
    edition = forms.ModelChoiceField(
        label="Edition",
        queryset=Edition.objects.filter(status=Edition.Status.PUBLISHED),
        empty_label=None,
        error_messages={"required": "Choose the edition to send"},
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds of stakeholder",
        help_text="Leave all unticked to send to every kind.",
        choices=Stakeholder.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.MultipleChoiceField(
        label="Regions",
        help_text="Leave all unticked to send to every region.",
        choices=Organisation.Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Enter the email's subject"},
    )
    message = forms.CharField(
        max_length=5000,
        error_messages={
            "required": "Enter the message",
            "max_length": "The message must be 5,000 characters or fewer",
        },
    )
    attach_pdf = forms.BooleanField(label="Attach the edition's PDF", required=False)
    not_yet_sent = forms.BooleanField(
        label="Only those not yet sent this edition",
        help_text="Leaves out everyone an earlier round has already sent it to.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Field.select("edition"),
            Field.checkboxes("kinds", legend_size=Size.SMALL, small=True),
            Field.checkboxes("regions", legend_size=Size.SMALL, small=True),
            Field.checkbox("not_yet_sent", small=True),
            Field.text("subject", field_width=Fluid.FULL),
        )
        # message is rendered by templates/includes/textarea.html; attach_pdf after it.


class ChannelForm(forms.Form):
    edition = forms.ModelChoiceField(
        label="Edition",
        queryset=Edition.objects.filter(status=Edition.Status.PUBLISHED),
        empty_label=None,
        error_messages={"required": "Choose the edition"},
    )
    channel = forms.ChoiceField(
        label="How was it shared?",
        choices=ChannelRecord.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it was shared"},
    )
    date = forms.DateField(
        label="Date",
        help_text="For example, 27/3/2026",
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y"],
        error_messages={
            "required": "Enter the date",
            "invalid": "Enter the date as day/month/year, like 27/3/2026",
        },
    )
    note = forms.CharField(
        label="What was sent, and to whom",
        max_length=500,
        error_messages={
            "required": "Enter a note",
            "max_length": "The note must be 500 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.select("edition"),
            Field.radios("channel", legend_size=Size.SMALL, small=True),
            Field.text("date", field_width=10),
            Field.text("note", field_width=Fluid.FULL),
            submit="Record it",
        )
