"""Forms for the applicant's journey. Every form carries the version it was opened at."""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.utils.html import conditional_escape, format_html

from accounts.forms import organisation_name_field, region_field, website_field
from portal.forms import EmailField

from .application import ANSWER_MAX_CHARACTERS
from .manage_forms import DateTimeParts
from .models import AdjustmentRequest

MAX_DAILY_RATE = Decimal("99999.99")


class VersionedForm(forms.Form):
    """Knows which saved version the user started from, so a stale save can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class OrganisationDetailsForm(VersionedForm):
    organisation_name = organisation_name_field()
    organisation_region = region_field()
    organisation_website = website_field()
    organisation_summary = forms.CharField(
        label="About your organisation (optional)",
        required=False,
        max_length=3000,
        help_text="Who you are and who you work with, in a few sentences.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "About your organisation must be 3,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("organisation_name", field_width=Fluid.TWO_THIRDS),
            Field.radios("organisation_region", legend_size=Size.SMALL),
            Field.text("organisation_website", field_width=Fluid.TWO_THIRDS),
            "version",
        )
        # organisation_summary is rendered by templates/includes/textarea.html, which gets
        # GOV.UK's textarea error styling right where the form pack does not.

    def section_data(self):
        data = self.cleaned_data
        return {
            "organisation_name": data["organisation_name"].strip(),
            "organisation_region": data["organisation_region"],
            "organisation_website": data["organisation_website"],
            "organisation_summary": data["organisation_summary"].strip(),
        }


class WrittenAnswerForm(VersionedForm):
    """Rendered by hand in the template, to get GOV.UK's textarea and word count exactly right."""

    text = forms.CharField(
        required=False,
        strip=False,
        max_length=ANSWER_MAX_CHARACTERS,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"Your answer must be {ANSWER_MAX_CHARACTERS:,} characters or fewer"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()  # for the error summary only

    def clean_text(self):
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()


# How people write "a day" after a daily rate: "£375 per day", "375 a day", "375/day", "375pd".
PER_DAY = re.compile(r"(per|a|an|each|/)\s*day|p\.?\s*d\.?|daily", re.IGNORECASE)


def parse_pounds(value):
    """Read an amount typed as '350', '£350.50', '1,200', 'GBP 375' or '£375 per day'; None if
    it is not money."""
    text = re.sub(r"^\s*gbp", "", value or "", flags=re.IGNORECASE)
    text = re.sub(rf"\s*(?:{PER_DAY.pattern})\s*$", "", text, flags=re.IGNORECASE)
    cleaned = re.sub(r"[£,\s]", "", text)
    if not re.fullmatch(r"\d+(\.\d{1,2})?", cleaned):
        return None
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


class MoneyAnswerForm(VersionedForm):
    amount = forms.CharField(
        label="Daily rate, in pounds",
        max_length=20,
        help_text="For example, 350 or 350.50. Include VAT if you charge it.",
        error_messages={
            "required": "Enter your proposed daily rate",
            "max_length": "Enter your daily rate in pounds and pence, like 350 or 350.50",
        },
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["amount"].label = conditional_escape(label)
        self.fields["amount"].widget.attrs.update(
            {"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("amount", field_width=10), "version")

    def clean_amount(self):
        amount = parse_pounds(self.cleaned_data["amount"])
        if amount is None:
            raise forms.ValidationError(
                "Enter your daily rate in pounds and pence, like 350 or 350.50"
            )
        if amount <= 0:
            raise forms.ValidationError("Your daily rate must be more than £0")
        if amount > MAX_DAILY_RATE:
            raise forms.ValidationError("Your daily rate must be £99,999.99 or less")
        return amount


class ContactForm(VersionedForm):
    contact_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter the contact person's full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    contact_role = forms.CharField(
        label="Role in the organisation (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Role must be 200 characters or fewer"},
    )
    contact_email = EmailField(
        label="Email address",
        required_message="Enter the contact person's email address",
    )
    contact_phone = forms.CharField(
        label="Telephone number (optional)",
        required=False,
        max_length=40,
        help_text="Tell us in 'About your organisation' if the contact prefers another way.",
        error_messages={"max_length": "Telephone number must be 40 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_role"].widget.attrs["autocomplete"] = "organization-title"
        # The input's type is the widget's own, not an attribute: set as an attribute, it would
        # be written twice (type="text" type="tel"), which is not valid HTML.
        self.fields["contact_phone"].widget.input_type = "tel"
        self.fields["contact_phone"].widget.attrs.update({"autocomplete": "tel"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_role", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_email", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_phone", field_width=20),
            "version",
        )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"[0-9+()\-\s]{6,40}", phone):
            raise forms.ValidationError(
                "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"
            )
        return phone

    def section_data(self):
        data = self.cleaned_data
        return {
            "contact_name": data["contact_name"].strip(),
            "contact_role": data["contact_role"].strip(),
            "contact_email": data["contact_email"].strip().lower(),
            "contact_phone": data["contact_phone"],
        }


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=(
            "I confirm that the information in this expression of interest is correct and that "
            "I am authorised to submit it on behalf of my organisation"
        ),
        error_messages={
            "required": (
                "Confirm that the information is correct and you are authorised to submit it"
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.checkbox("confirm"))


class WithdrawForm(forms.Form):
    """Nothing to fill in: the button is the confirmation."""


class ConflictDeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this expression of interest?",
        choices=[
            ("no", "No, I do not have a conflict of interest"),
            ("yes", "Yes, I have a conflict of interest"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you have a conflict of interest"},
    )
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The description must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("has_conflict", legend_size=Size.MEDIUM))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Describe the conflict of interest")
        return cleaned


NOT_APPLICABLE = "na"


class ScoringForm(forms.Form):
    """A score (or not applicable) and a comment for every criterion of the call."""

    def __init__(self, *args, criteria, descriptor, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            choices = [
                (
                    str(value),
                    f"{value}"
                    + (
                        f": {descriptor(value, criterion.max_score)}"
                        if descriptor(value, criterion.max_score)
                        else ""
                    ),
                )
                for value in range(criterion.max_score + 1)
            ]
            choices.append((NOT_APPLICABLE, "Not applicable"))
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=format_html("Score for {}", criterion.title),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=format_html("Comment on {}", criterion.title),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": "Comments must be 5,000 characters or fewer"},
            )
        self.helper = FormHelper()  # for the error summary

    def entries(self):
        """Criterion id -> (value or None, not applicable, comment), for the service."""
        entries = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"score_{criterion.pk}") or ""
            not_applicable = raw == NOT_APPLICABLE
            value = int(raw) if raw and not not_applicable else None
            entries[criterion.pk] = (
                value,
                not_applicable,
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
        return entries

    def rows(self):
        """Each criterion with its bound fields, for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]


PROPOSED_CLOSING = DateTimeParts("proposed", "closing", optional=True)


def _text(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"{label.split(' (')[0]} must be 2,000 characters or fewer"},
    )


class AdjustmentRequestForm(forms.Form):
    """An applicant asks for a reasonable adjustment to a call."""

    kind = forms.ChoiceField(
        label="What do you need?",
        choices=AdjustmentRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you need"},
    )
    details = _text("What you need (needed unless you are asking only for more time)")
    reason = _text("Why (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in PROPOSED_CLOSING.fields().items():
            self.fields[name] = field
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM))
        self.order_fields(["kind", *PROPOSED_CLOSING.fields(), "details", "reason"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        cleaned["proposed_closes_at"] = None
        if kind == AdjustmentRequest.Kind.MORE_TIME:
            given = any(self.data.get(name, "").strip() for name in PROPOSED_CLOSING.fields())
            if not given:
                self.add_error("proposed_day", "Enter the closing time you ask for")
            else:
                cleaned["proposed_closes_at"] = PROPOSED_CLOSING.clean(self, self.data)
        elif kind and not (cleaned.get("details") or "").strip():
            self.add_error("details", "Enter what you need")
        return cleaned
