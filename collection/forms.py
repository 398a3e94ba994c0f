"""The coordinator's edition forms, in GOV.UK style."""

import re
import secrets
import unicodedata

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils.html import format_html

from accounts.models import Organisation
from portal.forms import EmailField, fields_only_helper, gds_helper
from portal.stale import RefusesStaleEdits

from .models import ChannelRecord, Edition, FormatRequest, Stakeholder
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


class FormatRequestForm(forms.ModelForm):
    """Anyone asking for part of the collection in another format: what, which format, how to
    reach them. Only the contact detail for the chosen way of replying is required."""

    email = EmailField(
        label="Email address",
        required=False,
        help_text="We send an acknowledgement here. Needed if you want the reply by email.",
    )
    # New each time the form is shown, and sent back with it: two sendings of one form with the
    # same answers are one request (``format_requests.receive``).
    submission = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=lambda: secrets.token_hex(16)
    )

    class Meta:
        model = FormatRequest
        fields = [
            "item",
            "wanted",
            "details",
            "needed_by",
            "name",
            "reply_by",
            "email",
            "phone",
            "address",
        ]
        labels = {
            "item": "What would you like in another format?",
            "wanted": "Which format do you need?",
            "details": "Anything else we should know (optional)",
            "needed_by": "By when do you need it? (optional)",
            "name": "Your name",
            "reply_by": "How should we reply?",
            "phone": "Phone number",
            "address": "Postal address",
        }
        help_texts = {
            "item": "For example, the whole edition, or one case study's title.",
            "details": "For example, Grade 1 or Grade 2 braille, the font and colours you use, "
            "or the language you sign in. Needed if you chose “A different font, size or "
            "colours” or “Something else”.",
            "needed_by": "For example, “before our board meeting on 12 March”.",
            "phone": "Needed if you want the reply by phone. A text relay number is fine.",
            "address": "Needed if you want the reply by post, or the format is on paper.",
        }
        error_messages = {
            "item": {
                "required": "Enter what you would like in another format",
                "max_length": "What you would like must be 300 characters or fewer",
            },
            "wanted": {"required": "Select the format you need"},
            "name": {
                "required": "Enter your name",
                "max_length": "Your name must be 200 characters or fewer",
            },
            "reply_by": {"required": "Select how we should reply"},
            "needed_by": {"max_length": "When you need it must be 200 characters or fewer"},
            "phone": {"max_length": "Phone number must be 40 characters or fewer"},
        }

    DETAILS_LIMIT = 2000
    ADDRESS_LIMIT = 500
    ON_PAPER = (FormatRequest.Wanted.BRAILLE, FormatRequest.Wanted.EASY_READ_PAPER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("wanted", FormatRequest.Wanted.choices),
            ("reply_by", FormatRequest.Reply.choices),
        ):
            self.fields[name].widget = forms.RadioSelect()
            self.fields[name].choices = choices  # no blank "---------" option among radios
        self.fields["details"].widget = forms.Textarea(attrs={"rows": 4})
        self.fields["address"].widget = forms.Textarea(
            attrs={"rows": 4, "autocomplete": "street-address"}
        )
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})
        self.fields["phone"].widget = forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "maxlength": 40}
        )
        self.helper = gds_helper(
            Field.text("item", field_width=Fluid.FULL),
            Field.radios("wanted", legend_size=Size.MEDIUM),
            Field.textarea("details", rows=4),
            Field.text("needed_by", field_width=Fluid.FULL),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("reply_by", legend_size=Size.MEDIUM),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fluid.ONE_THIRD),
            Field.textarea("address", rows=4),
            "submission",
            submit="Send request",
        )

    def clean_item(self):
        return " ".join(self.cleaned_data["item"].split())

    def clean_needed_by(self):
        return " ".join(self.cleaned_data["needed_by"].split())

    def clean_name(self):
        """One line, and a name: the acknowledgement greets the person by it, so it must not
        carry a message, a link or a number of someone else's to whatever address was typed.
        Letters as the person sees them (full-width dots made plain, invisible characters
        removed) are what is checked and kept."""
        name = unicodedata.normalize("NFKC", self.cleaned_data["name"])
        name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
        name = " ".join(name.split())
        if _NOT_A_NAME.search(name):
            raise forms.ValidationError(
                "Enter your name only, without numbers, web addresses or email addresses"
            )
        return name

    def clean_phone(self):
        """A phone number as people write them, a text relay prefix (18001) or an extension
        included."""
        phone = " ".join(self.cleaned_data["phone"].split())
        found = _PHONE.fullmatch(phone)
        digits = sum(character.isdigit() for character in found.group(1)) if found else 0
        if phone and (not found or not 7 <= digits <= 20):
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001 or +44 808 157 0192"
            )
        return phone

    def clean_details(self):
        details = self.cleaned_data["details"].strip()
        if len(details) > self.DETAILS_LIMIT:
            raise forms.ValidationError(
                f"Anything else must be {self.DETAILS_LIMIT:,} characters or fewer; "
                f"you have {len(details):,}"
            )
        return details

    def clean_address(self):
        address = self.cleaned_data["address"].strip()
        if len(address) > self.ADDRESS_LIMIT:
            raise forms.ValidationError(
                f"Postal address must be {self.ADDRESS_LIMIT} characters or fewer"
            )
        return address

    def clean(self):
        data = super().clean()
        wanted, reply = data.get("wanted"), data.get("reply_by")
        if wanted in (FormatRequest.Wanted.FONT_OR_COLOURS, FormatRequest.Wanted.OTHER) and not (
            data.get("details")
        ):
            self.add_error("details", "Tell us the format you need")
        needs = {
            FormatRequest.Reply.EMAIL: (
                "email",
                "Enter your email address, so we can reply by email",
            ),
            FormatRequest.Reply.PHONE: (
                "phone",
                "Enter your phone number, so we can reply by phone",
            ),
            FormatRequest.Reply.POST: (
                "address",
                "Enter your postal address, so we can reply by post",
            ),
        }
        if reply in needs:
            field, message = needs[reply]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        if wanted in self.ON_PAPER and not data.get("address") and "address" not in self.errors:
            self.add_error("address", "Enter your postal address, so we can send it on paper")
        return data


# In a name: a digit, a slash, an @, a colon, or a dot straight before two letters or more
# ("evil.co", "bit.ly"; "J. R. Smith" and "St. John" are names).
_NOT_A_NAME = re.compile(r"[0-9/@:\\]|\w\.[^\W\d_]{2,}")
_PHONE = re.compile(r"(\+?[0-9 ()\-]+?)(\s*(ext|extension|x)\.?\s*[0-9]+)?", re.IGNORECASE)


class FormatRequestUpdateForm(RefusesStaleEdits, forms.ModelForm):
    """What the team records about a request: where it is, and why if it cannot be provided."""

    stale_fields = ["status", "reason", "note"]

    class Meta:
        model = FormatRequest
        fields = ["status", "reason", "note"]
        labels = {
            "status": "Status",
            "reason": "Why it could not be provided",
            "note": "Working note for the team (optional)",
        }
        help_texts = {
            "reason": "Needed if it could not be provided. It is emailed to the person if they "
            "gave an email address.",
            "note": "For example who is making it and when. Only the programme team sees this.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget = forms.RadioSelect()
        self.fields["status"].choices = FormatRequest.Status.choices
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["note"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["status"].error_messages["required"] = "Select the status"
        self.helper = fields_only_helper(
            Field.radios("status", legend_size=Size.MEDIUM),
            Field.textarea("reason", rows=3),
            Field.textarea("note", rows=3),
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == FormatRequest.Status.NOT_PROVIDED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Enter why it could not be provided")
        return data
