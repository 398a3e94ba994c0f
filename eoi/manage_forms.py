"""Forms the programme team uses to run calls: the call, its criteria and extensions.

Dates use the GOV.UK date input (day, month, year) and a separate time, read in UK time, so
"25 4 2012" and "5pm" mean 5pm British Summer Time on that day.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organisation
from portal.forms import EmailField
from portal.stale import RefusesStaleEdits

from .models import AdjustmentRequest, Call, Criterion, ExpressionOfInterest

TIME = re.compile(r"^\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text):
    """Read '5pm', '5:30pm', '17:00', '1700', 'midday' or 'midnight'; None if it is not a time."""
    text = (text or "").strip().lower()
    if text in {"midday", "noon", "12 noon"}:
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = TIME.match(text)
    if not match:
        return None
    hour, minute, meridiem = int(match[1]), int(match[2] or 0), match[3]
    if minute > 59:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


class DateTimeParts:
    """Adds day, month, year and time fields named ``<prefix>_day`` and so on to a form,
    and combines them into one aware date-time in UK time."""

    def __init__(self, prefix, label, *, optional=False):
        self.prefix = prefix
        self.label = label
        self.optional = optional  # all four parts left blank means "none"

    def fields(self):
        number = {"inputmode": "numeric", "autocomplete": "off"}
        return {
            f"{self.prefix}_day": forms.CharField(required=False, widget=forms.TextInput(number)),
            f"{self.prefix}_month": forms.CharField(required=False, widget=forms.TextInput(number)),
            f"{self.prefix}_year": forms.CharField(required=False, widget=forms.TextInput(number)),
            f"{self.prefix}_time": forms.CharField(required=False, max_length=20),
        }

    def initial(self, moment):
        if moment is None:
            return {}
        local = timezone.localtime(moment)
        hour = local.hour % 12 or 12
        suffix = "am" if local.hour < 12 else "pm"
        shown = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
        return {
            f"{self.prefix}_day": str(local.day),
            f"{self.prefix}_month": str(local.month),
            f"{self.prefix}_year": str(local.year),
            f"{self.prefix}_time": shown,
        }

    def clean(self, form, data):
        """Return the aware date-time, or add errors to the form and return None."""
        day, month, year = (
            data.get(f"{self.prefix}_{part}", "").strip() for part in ("day", "month", "year")
        )
        label = self.label
        date_field = f"{self.prefix}_day"
        time_given = data.get(f"{self.prefix}_time", "").strip()
        if not (day or month or year):
            if self.optional and not time_given:
                return None
            form.add_error(date_field, f"Enter the {label} date")
            return None
        missing = [
            name for name, value in (("day", day), ("month", month), ("year", year)) if not value
        ]
        if missing:
            form.add_error(
                f"{self.prefix}_{missing[0]}",
                f"{label.capitalize()} date must include a {missing[0]}",
            )
            return None
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            form.add_error(date_field, f"{label.capitalize()} date must be a real date")
            return None
        try:
            on = date(int(year), int(month), int(day))
        except ValueError:
            form.add_error(date_field, f"{label.capitalize()} date must be a real date")
            return None
        time_text = data.get(f"{self.prefix}_time", "").strip()
        if not time_text:
            form.add_error(f"{self.prefix}_time", f"Enter the {label} time, like 5pm or 17:00")
            return None
        at = parse_time(time_text)
        if at is None:
            form.add_error(
                f"{self.prefix}_time",
                f"Enter the {label} time in the correct format, like 5pm or 17:00",
            )
            return None
        return timezone.make_aware(datetime.combine(on, at))


OPENING = DateTimeParts("opens", "opening")
CLOSING = DateTimeParts("closes", "closing")
NEW_CLOSING = DateTimeParts("closes", "new closing")
ASSESSMENT_DUE = DateTimeParts("due", "assessment due", optional=True)


class CallForm(RefusesStaleEdits, forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "summary",
            "guidance",
            "run_by",
            "contact_email",
            "page_limit",
            "effort_days_min",
            "effort_days_max",
            "blind_assessment",
            "assessors_see_each_other",
        ]
        labels = {
            "slug": "Short name for the web address (optional)",
            "page_limit": "Length limit, in sides of A4",
            "effort_days_min": "Expected effort, from (days)",
            "effort_days_max": "Expected effort, to (days)",
            "blind_assessment": "Hide applicants' names from assessors",
        }
        help_texts = {
            "slug": "Lower-case letters, numbers and hyphens. If blank, it is made from the title.",
        }

    contact_email = EmailField(
        label="Contact email address", required_message="Enter the contact email address"
    )
    # The page edits the dates too, typed in parts rather than as model-form fields.
    stale_fields = [*Meta.fields, "opens_at", "closes_at", "assessment_due_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parts = {**OPENING.fields(), **CLOSING.fields(), **ASSESSMENT_DUE.fields()}
        for name, field in parts.items():
            self.fields[name] = field
        if self.instance.pk:
            self.initial.update(OPENING.initial(self.instance.opens_at))
            self.initial.update(CLOSING.initial(self.instance.closes_at))
            self.initial.update(ASSESSMENT_DUE.initial(self.instance.assessment_due_at))
        self.fields["slug"].required = False
        messages = {
            "title": "Enter the call's title",
            "summary": "Enter a summary of the call",
            "guidance": "Enter the guidance for applicants",
            "run_by": "Enter who runs the call",
            "page_limit": "Enter the length limit in sides of A4",
            "effort_days_min": "Enter the expected effort in days",
            "effort_days_max": "Enter the expected effort in days",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        for name in ("page_limit", "effort_days_min", "effort_days_max"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})
            self.fields[name].error_messages["invalid"] = "Enter a whole number, like 3"
        self.fields["summary"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["guidance"].widget = forms.Textarea(attrs={"rows": 12})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.FULL),
            Field.text("slug", field_width=Fluid.TWO_THIRDS),
            Field.text("run_by", field_width=Fluid.TWO_THIRDS),
            Field.text("contact_email", field_width=Fluid.TWO_THIRDS),
            Field.text("page_limit", field_width=3),
            Field.text("effort_days_min", field_width=3),
            Field.text("effort_days_max", field_width=3),
            Field.checkbox("blind_assessment"),
            Field.checkbox("assessors_see_each_other"),
        )
        # summary, guidance and the date-time parts are rendered by our own includes, after
        # the fields above; the error summary follows the same order.
        self.order_fields(
            [
                "title",
                "slug",
                "run_by",
                "contact_email",
                "page_limit",
                "effort_days_min",
                "effort_days_max",
                "blind_assessment",
                "assessors_see_each_other",
                "summary",
                "guidance",
                *OPENING.fields(),
                *CLOSING.fields(),
                *ASSESSMENT_DUE.fields(),
            ]
        )

    def clean_slug(self):
        slug = slugify(self.cleaned_data.get("slug") or self.cleaned_data.get("title") or "")[:80]
        return slug

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = slugify(cleaned["title"])[:80]
        slug = cleaned.get("slug")
        if slug and Call.objects.exclude(pk=self.instance.pk).filter(slug=slug).exists():
            self.add_error("slug", "Another call already uses this short name. Choose another")
        opens_at = OPENING.clean(self, self.data)
        closes_at = CLOSING.clean(self, self.data)
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error(
                "closes_day", "The closing date and time must be after the opening date and time"
            )
        minimum, maximum = cleaned.get("effort_days_min"), cleaned.get("effort_days_max")
        if minimum is not None and maximum is not None and maximum < minimum:
            self.add_error(
                "effort_days_max", "The upper number of days must not be less than the lower"
            )
        due = ASSESSMENT_DUE.clean(self, self.data)
        if due and closes_at and due <= closes_at:
            self.add_error("due_day", "Assessments must be due after the closing date and time")
        cleaned["opens_at"], cleaned["closes_at"] = opens_at, closes_at
        cleaned["assessment_due_at"] = due
        return cleaned

    def _post_clean(self):
        # Dates are combined in clean(); hand them to the instance before model validation.
        if self.cleaned_data.get("opens_at"):
            self.instance.opens_at = self.cleaned_data["opens_at"]
        if self.cleaned_data.get("closes_at"):
            self.instance.closes_at = self.cleaned_data["closes_at"]
        if "assessment_due_at" in self.cleaned_data:
            self.instance.assessment_due_at = self.cleaned_data["assessment_due_at"]
        self.instance.slug = self.cleaned_data.get("slug", self.instance.slug)
        if self.instance.opens_at and self.instance.closes_at:
            super()._post_clean()


class CriterionForm(RefusesStaleEdits, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["title", "guidance", "kind", "weight", "max_score", "word_guidance"]
        labels = {
            "title": "Criterion",
            "guidance": "Guidance for applicants (optional)",
            "kind": "What kind of answer",
            "weight": "Weight",
            "max_score": "Highest score",
            "word_guidance": "Suggested length in words (optional)",
        }
        help_texts = {
            "weight": "How much this criterion counts in the total, for example 1 or 1.5.",
            "max_score": "Assessors score from 0 to this number, for example 4.",
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the criterion"
        self.fields["weight"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["weight"].error_messages.update(
            {
                "required": "Enter the weight",
                "invalid": "Enter the weight as a number, like 1 or 1.5",
            }
        )
        for name in ("max_score", "word_guidance"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "numeric"})
            self.fields[name].error_messages["invalid"] = "Enter a whole number"
        self.fields["max_score"].error_messages["required"] = "Enter the highest score"
        self.fields["guidance"].widget = forms.Textarea(attrs={"rows": 4})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.FULL),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("weight", field_width=4),
            Field.text("max_score", field_width=3),
            Field.text("word_guidance", field_width=5),
        )
        self.order_fields(["title", "kind", "weight", "max_score", "word_guidance", "guidance"])

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight <= Decimal("0"):
            raise forms.ValidationError("The weight must be more than 0")
        return weight


class ExtensionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DPULO),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation to give an extension to"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter the reason for the extension",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in NEW_CLOSING.fields().items():
            self.fields[name] = field
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.select("organisation"))
        # The error summary lists problems in the order the page shows the fields.
        self.order_fields(["organisation", *NEW_CLOSING.fields(), "reason"])

    def clean(self):
        cleaned = super().clean()
        cleaned["closes_at"] = NEW_CLOSING.clean(self, self.data)
        return cleaned


GIVEN_CLOSING = DateTimeParts("closes", "new closing", optional=True)


class AdjustmentAnswerForm(forms.Form):
    """The programme manager's answer to a request for an adjustment."""

    status = forms.ChoiceField(
        label="Your answer",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an answer"},
    )
    answer = forms.CharField(
        label="What has been arranged, or the reasons for refusing",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "The answer must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, adjustment, **kwargs):
        super().__init__(*args, **kwargs)
        status = AdjustmentRequest.Status
        choices = [(status.ARRANGED, "Arrange it"), (status.REFUSED, "Refuse, with reasons")]
        if adjustment.kind == AdjustmentRequest.Kind.MORE_TIME:
            choices.insert(0, (status.GRANTED, "Give more time"))
            self.initial.update(GIVEN_CLOSING.initial(adjustment.proposed_closes_at))
        self.fields["status"].choices = choices
        for name, field in GIVEN_CLOSING.fields().items():
            self.fields[name] = field
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("status", legend_size=Size.MEDIUM))
        self.order_fields(["status", *GIVEN_CLOSING.fields(), "answer"])

    def clean(self):
        cleaned = super().clean()
        cleaned["closes_at"] = None
        if cleaned.get("status") == "granted":
            cleaned["closes_at"] = GIVEN_CLOSING.clean(self, self.data)
            if cleaned["closes_at"] is None and not self.has_error("closes_day"):
                self.add_error("closes_day", "Enter the new closing time")
        return cleaned


class AssistedStartForm(forms.Form):
    """Complete an expression of interest on an organisation's behalf (another way to apply)."""

    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DPULO).order_by("name"),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation you are completing it for"},
    )
    how = forms.ChoiceField(
        label="How did the organisation give you its answers?",
        choices=ExpressionOfInterest._meta.get_field("assisted_how").choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the organisation gave you its answers"},
    )
    source = forms.FileField(
        label="The document or recording they sent (needed unless it was a conversation)",
        required=False,
        help_text="A PDF, Word document (.docx), plain text (.txt), or an audio or video "
        "recording (MP3, WAV, OGG, MP4 or WebM).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.select("organisation"),
            Field.radios("how", legend_size=Size.SMALL),
            Field("source"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("how") in ("document", "recording") and not cleaned.get("source"):
            self.add_error("source", "Upload the document or recording the organisation sent")
        return cleaned
