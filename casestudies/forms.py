"""The coordinator's section form, in GOV.UK style."""

import json

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.utils.html import format_html

from accounts.forms import SetPasswordForm
from accounts.models import Organisation
from portal.forms import EmailField, fields_only_helper, gds_helper
from portal.stale import RefusesStaleEdits

from . import pictures, text, value, writing
from .models import AreaOfService, HardWord, KindOfWork, Outcome, Section, SignOff, Working


class SectionForm(RefusesStaleEdits, forms.ModelForm):
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
        self.helper = fields_only_helper(
            Field.text("heading", field_width=Fluid.FULL),
            Field.text("word_limit", field_width=5),
            Field.checkbox("required"),
        )
        # guidance is rendered by templates/includes/textarea.html, after these fields.

    def section_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _text(label, *, required_message, max_length=200, required=True, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label.removesuffix(' (optional)')} must be {max_length:,} "
            "characters or fewer",
        },
    )


class ScopeForm(forms.Form):
    """What a case study will be about, who it involves and where."""

    title = _text("Title", required_message="Enter the case study's title")
    dpulo = forms.ModelChoiceField(
        label="DPULO",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DPULO),
        empty_label="Choose a DPULO",
        error_messages={"required": "Choose the DPULO", "invalid_choice": "Choose a DPULO"},
    )
    commissioner_name = _text(
        "Commissioning organisation",
        required_message="Enter the commissioning organisation",
        help_text="For example, a local authority, NHS body or Health & Wellbeing Board.",
    )
    commissioner_contact_name = _text(
        "Commissioner's contact", required_message="Enter the name of the commissioner's contact"
    )
    commissioner_contact_role = _text("Their role (optional)", required_message="", required=False)
    commissioner_contact_email = EmailField(
        label="Their email address",
        required_message="Enter the commissioner contact's email address",
        help_text="We send them the approved text to sign off.",
    )
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "Choose a region"), *Organisation.Region.choices],
        error_messages={"required": "Choose the region", "invalid_choice": "Choose a region"},
    )
    areas = forms.MultipleChoiceField(
        label="Areas of public service",
        help_text="Select all that apply.",
        choices=AreaOfService.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one area of public service",
            "invalid_choice": "Select areas of public service from the list",
        },
    )
    kinds_of_work = forms.MultipleChoiceField(
        label="Kinds of work",
        help_text="Select all that apply.",
        choices=KindOfWork.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one kind of work",
            "invalid_choice": "Select kinds of work from the list",
        },
    )
    summary = _text(
        "Summary",
        required_message="Enter a short summary",
        max_length=1000,
        help_text="What happened, in two or three sentences. Readers see this in the list.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget = forms.Textarea(attrs={"rows": 4})
        self.helper = fields_only_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.select("dpulo"),
            Fieldset(
                Field.text("commissioner_name", field_width=Fluid.TWO_THIRDS),
                Field.text("commissioner_contact_name", field_width=Fluid.TWO_THIRDS),
                Field.text("commissioner_contact_role", field_width=Fluid.TWO_THIRDS),
                Field.text("commissioner_contact_email", field_width=Fluid.TWO_THIRDS),
                legend="The commissioner",
                legend_size=Size.MEDIUM,
            ),
            Field.select("region"),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            Field.checkboxes("kinds_of_work", legend_size=Size.SMALL, small=True),
            "version",
        )
        # summary is rendered by templates/includes/textarea.html after these fields.

    def scope_fields(self):
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class AgreeForm(forms.Form):
    author_name = _text("Author's full name", required_message="Enter the author's full name")
    author_email = EmailField(
        label="Author's email address",
        required_message="Enter the author's email address",
        help_text="We email them a link to create their account. It works once.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Field.text("author_name", field_width=Fluid.TWO_THIRDS),
            Field.text("author_email", field_width=Fluid.TWO_THIRDS),
        )


class DeclineForm(forms.Form):
    reason = _text(
        "Why is it declined?",
        required_message="Say why the case study is declined",
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget = forms.Textarea(attrs={"rows": 4})
        self.helper = fields_only_helper()


class AnswerForm(forms.Form):
    text = forms.CharField(required=False, strip=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.helper = fields_only_helper()

    def clean_text(self):
        answer = self.cleaned_data["text"]
        if len(answer) > writing.MAX_CHARACTERS:
            raise forms.ValidationError(
                f"The answer must be {writing.MAX_CHARACTERS:,} characters or fewer"
            )
        problem = writing.word_limit_error(self.section, text.word_count(answer))
        if problem:
            raise forms.ValidationError(problem)
        return answer


AMOUNT_MESSAGES = {
    "required": "Enter the value",
    "invalid": "Enter the value as a number, like 4.50 or 1200",
    "max_digits": "The value must be less than 1,000,000,000,000",
    "max_decimal_places": "The value can have no more than 2 decimal places",
    "max_whole_digits": "The value must be less than 1,000,000,000,000",
    "min_value": "The value must be 0 or more",
}


def _evidence():
    return forms.TypedChoiceField(
        label="How is this known?",
        choices=Outcome.Evidence.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="The five levels of Nesta's Standards of Evidence. Readers see the level in "
        "words beside the figure.",
        error_messages={"required": "Select how this outcome is known"},
    )


def _assured():
    return forms.BooleanField(
        label="An independent evaluator or auditor has checked this figure",
        required=False,
    )


class OutcomeForm(forms.Form):
    label = _text(
        "What was measured",
        required_message="Enter what was measured",
        help_text="For example, “Savings to the council for every pound invested”.",
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=Outcome.Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the unit"},
    )
    value = forms.DecimalField(
        label="Value",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text="For a return, the pounds saved. Numbers only, without £ or %.",
        error_messages=AMOUNT_MESSAGES,
    )
    invested = forms.DecimalField(
        label="Pounds invested (for a return only)",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text="A return needs both sides: for “£4 saved for every £1 invested”, enter 1.",
        error_messages={**AMOUNT_MESSAGES, "invalid": "Enter the pounds invested as a number"},
    )
    unit_other = _text("Unit, if other", required_message="", required=False, max_length=100)
    period = _text(
        "Period (optional)",
        required_message="",
        required=False,
        max_length=100,
        help_text="For example, “2015 to 2016” or “first year of the contract”.",
    )
    source = _text(
        "Source",
        required_message="Enter the source of this figure",
        max_length=500,
        help_text="Where the figure comes from, for example an evaluation report or the "
        "council's own figures.",
    )
    evidence = _evidence()
    assured = _assured()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The toolkit's unit is worked out, never chosen: it has a page of its own.
        self.fields["unit"].choices = [
            choice for choice in Outcome.Unit.choices if choice[0] != Outcome.Unit.VALUE_RATIO
        ]
        for name in ("value", "invested"):
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.helper = fields_only_helper(
            Field.text("label", field_width=Fluid.FULL),
            Field.radios("unit", legend_size=Size.SMALL, small=True),
            Field.text("value", field_width=10),
            Field.text("invested", field_width=10),
            Field.text("unit_other", field_width=Fluid.TWO_THIRDS),
            Field.text("period", field_width=Fluid.TWO_THIRDS),
            Field.text("source", field_width=Fluid.FULL),
            Field.radios("evidence", legend_size=Size.SMALL, small=True),
            Field.checkbox("assured", small=True),
        )

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        if unit == Outcome.Unit.RETURN:
            if not data.get("invested"):
                self.add_error(
                    "invested",
                    "Enter the pounds invested, more than 0: a return needs both sides",
                )
        elif data.get("invested") is not None:
            data["invested"] = None  # only a return has a second side
        if unit == Outcome.Unit.OTHER and not data.get("unit_other"):
            self.add_error("unit_other", "Enter the unit")
        if unit != Outcome.Unit.OTHER:
            data["unit_other"] = ""
        return data

    def outcome_fields(self):
        return {name: self.cleaned_data[name] for name in writing.OUTCOME_FIELDS}


def _amount(label, *, required_message, help_text="", min_value=0):
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=min_value,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            **AMOUNT_MESSAGES,
            "required": required_message,
            "invalid": f"Enter {label.lower()} as a number, like 4.50 or 1200",
            "min_value": f"{label} must be {min_value} or more",
        },
    )


def _percent(label, help_text):
    return forms.DecimalField(
        label=format_html("{} (%)", label),
        max_digits=5,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {label.lower()} as a percentage, 0 if none",
            "invalid": f"Enter the {label.lower()} as a number from 0 to 100, like 20 or 12.5",
            # Django fills these in with %-formatting, so a literal per cent sign is doubled.
            "max_digits": f"{label} must be between 0%% and 100%%",
            "max_decimal_places": f"{label} can have no more than 2 decimal places",
            "max_whole_digits": f"{label} must be between 0%% and 100%%",
        },
    )


def _why(label):
    return _text(
        f"Why that {label.lower()}?",
        required_message=f"Say in a line why the {label.lower()} is what it is",
        max_length=300,
    )


def _count(label, *, required_message, help_text="", min_value=1, max_value=None):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": required_message,
            "invalid": f"Enter {label.lower()} as a whole number, like 12",
            "min_value": f"{label} must be {min_value} or more",
            "max_value": f"{label} must be {max_value} or less",
        },
    )


class WorkedOutcomeForm(forms.Form):
    """An outcome with its working, the added-value toolkit's way: what went in, what changed
    and for how many, what that is worth, and what to take away for what would have happened
    anyway, what moved elsewhere and what others did. The figure is worked out from these."""

    label = _text(
        "What changed",
        required_message="Enter what changed",
        help_text="For example, “Disabled people stayed living independently at home”.",
    )
    period = _text(
        "Period (optional)",
        required_message="",
        required=False,
        max_length=100,
        help_text="For example, “2015 to 2017”.",
    )
    investment = _amount(
        "Amount invested",
        required_message="Enter the amount invested, in pounds",
        help_text="In pounds, for example 25000.",
    )
    paid_by = _text(
        "Who paid", required_message="Enter who paid", help_text="For example, “the council”."
    )
    people = _count(
        "Number of people",
        required_message="Enter how many people the outcome was for",
        help_text="How many people this change happened for.",
    )
    indicator = _text(
        "Indicator",
        required_message="Enter the indicator: what was counted",
        max_length=300,
        help_text="What was counted to show the change, for example “people still living at "
        "home a year later”.",
    )
    measured_how = _text(
        "How it was measured",
        required_message="Enter how the outcome was measured",
        max_length=500,
        help_text="For example, “the council's care records, checked a year later”.",
    )
    proxy_kind = forms.ChoiceField(
        label="What is the value?",
        choices=Working.ProxyKind.choices,
        widget=forms.RadioSelect,
        help_text="Readers compare figures only with others that value the same kind of thing.",
        error_messages={"required": "Select what the value is"},
    )
    proxy = _amount(
        "Value for one person for a year",
        required_message="Enter the value for one person for a year, in pounds",
        help_text="The financial proxy, in pounds: for example the yearly cost of a care home "
        "place avoided.",
    )
    proxy_source = _text(
        "Source of the value",
        required_message="Enter the source of the financial proxy",
        max_length=500,
        help_text="Where the value comes from, for example a published table of unit costs.",
    )
    proxy_year = _count(
        "Year of the value",
        required_message="Enter the year the value is for, like 2016",
        min_value=1990,
        max_value=2100,
    )
    deadweight = _percent("Deadweight", "How much would have happened anyway.")
    deadweight_why = _why("Deadweight")
    displacement = _percent("Displacement", "How much was moved elsewhere, not removed.")
    displacement_why = _why("Displacement")
    attribution = _percent("Attribution", "How much was others' doing.")
    attribution_why = _why("Attribution")
    drop_off = _percent("Drop-off", "How much less the outcome is worth each year after the first.")
    drop_off_why = _why("Drop-off")
    duration = _count(
        "Years it lasts",
        required_message="Enter how many years the outcome lasts",
        help_text=f"From 1 to {value.LONGEST}.",
        max_value=value.LONGEST,
    )
    discount_rate = _percent(
        "Discount rate", "How much less a pound is worth each year ahead. Usually 3.5."
    )
    evidence = _evidence()
    assured = _assured()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discount_rate"].initial = value.GREEN_BOOK_RATE

        def pair(name):
            return (
                Field.text(name, field_width=4),
                Field.text(f"{name}_why", field_width=Fluid.FULL),
            )

        self.helper = fields_only_helper(
            Field.text("label", field_width=Fluid.FULL),
            Field.text("period", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field.text("investment", field_width=10),
                Field.text("paid_by", field_width=Fluid.TWO_THIRDS),
                legend="What went in",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("people", field_width=5),
                Field.text("indicator", field_width=Fluid.FULL),
                Field.text("measured_how", field_width=Fluid.FULL),
                legend="What changed, and for how many",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("proxy_kind", legend_size=Size.SMALL, small=True),
                Field.text("proxy", field_width=10),
                Field.text("proxy_source", field_width=Fluid.FULL),
                Field.text("proxy_year", field_width=4),
                legend="What it is worth",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *pair("deadweight"),
                *pair("displacement"),
                *pair("attribution"),
                *pair("drop_off"),
                Field.text("duration", field_width=3),
                Field.text("discount_rate", field_width=4),
                legend="What to take away, and for how long",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("evidence", legend_size=Size.MEDIUM, small=True),
            Field.checkbox("assured", small=True),
        )

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                value.check(value.inputs(data))
            except value.WorkingError as error:
                self.add_error(error.field, error.message)
        return data

    def outcome_fields(self):
        return {name: self.cleaned_data[name] for name in writing.WORKED_OUTCOME_FIELDS}

    def working_fields(self):
        return {name: self.cleaned_data[name] for name in writing.WORKING_FIELDS}


class CommentForm(forms.Form):
    body = _text("Add a comment", required_message="Enter your comment", max_length=3000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = forms.Textarea(attrs={"rows": 4})
        self.helper = fields_only_helper()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="What is your decision?",
        choices=[
            ("approve", "Approve the case study"),
            ("request_changes", "Ask the author for changes"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or ask for changes"},
    )
    note = _text(
        "Message to the author",
        required_message="",
        required=False,
        max_length=3000,
        help_text="Required when you ask for changes. Comments on sections stay with them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget = forms.Textarea(attrs={"rows": 4})
        self.helper = fields_only_helper(Field.radios("decision", legend_size=Size.MEDIUM))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "request_changes" and not data.get("note"):
            self.add_error("note", "Tell the author what needs to change")
        return data


class SignOffForm(forms.Form):
    """A signed-in author, or a commissioner with a link, agreeing to the text they see."""

    name = _text("Your full name", required_message="Enter your full name")
    role = _text(
        "Your role",
        required_message="Enter your role",
        help_text="For example, “Chief executive” or “Head of commissioning”.",
    )
    confirm = forms.BooleanField(
        error_messages={"required": "Confirm that you agree to publish this text"},
    )
    # The fingerprint of the content on the page: signing off is refused if it has changed.
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # crispy-forms-gds prints labels as they are: names typed by people must be escaped.
        self.fields["confirm"].label = format_html(
            "I confirm that {} agrees to the publication of this text", organisation
        )
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("role", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("confirm"),
            "digest",
            submit="Sign off",
        )


class RecordSignOffForm(forms.Form):
    """The coordinator records a sign-off given another way (email, letter, phone)."""

    party = forms.ChoiceField(
        label="Who signed off?",
        choices=SignOff.Party.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who signed off"},
    )
    name = _text("Name of the person who signed off", required_message="Enter their name")
    role = _text("Their role", required_message="Enter their role")
    evidence = _text(
        "How did they sign off?",
        required_message="Say how they signed off, for example “email of 3 March to Chris”",
        max_length=500,
    )
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("party", legend_size=Size.SMALL, inline=True),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("role", field_width=Fluid.TWO_THIRDS),
            Field.text("evidence", field_width=Fluid.FULL),
            "digest",
            submit="Record sign-off",
        )


class InvitationAccountForm(SetPasswordForm):
    """An invited author creates their account: their name and a password."""

    full_name = _text("Full name", required_message="Enter your full name")
    field_order = ["full_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["new_password1"].label = "Create a password"
        self.fields["new_password1"].error_messages["required"] = "Create a password"
        self.fields["new_password2"].label = "Confirm your password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your password"
        self.helper = gds_helper(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Create account",
        )

    def clean(self):
        self.user.full_name = self.cleaned_data.get("full_name", "")
        return super().clean()


class EasyReadPointForm(forms.Form):
    """One Easy Read point: its words, its picture and what the picture shows. The words are
    checked again on the server (``easy_read.problems``) after saving; only what cannot be
    saved at all is an error here."""

    text = forms.CharField(
        label="The point",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One idea, in short sentences of 15 words or fewer. Use everyday words.",
        error_messages={
            "required": "Enter the point",
        },
    )
    picture = forms.FileField(
        label="Picture (optional)",
        required=False,
        help_text="A PNG or JPEG picture that shows the idea, smaller than 5 MB. We remove "
        "location and camera details from it.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    picture_alt = forms.CharField(
        label="What the picture shows",
        max_length=250,
        required=False,
        help_text="For people who cannot see it. For example, “Two people talking at a table”.",
        error_messages={"max_length": "What the picture shows must be 250 characters or fewer"},
    )
    remove_picture = forms.BooleanField(label="Remove the picture", required=False)
    opened_as = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, has_picture=False, hard_words=(), glossary=(), **kwargs):
        """``hard_words`` and ``glossary`` (words) let the page's script say, as the author
        types, what the server will say when the point is saved."""
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update(
            {
                "data-easy-read-help": json.dumps(list(hard_words)),
                "data-glossary": json.dumps(list(glossary)),
            }
        )
        self.fields["picture"].widget = forms.FileInput(attrs={"accept": "image/png,image/jpeg"})
        # GOV.UK's character count rather than a hard maxlength, which would cut a pasted
        # point short without a word; clean_text refuses one that is too long.
        layout = [
            Field.textarea("text", rows=3, max_characters=writing.POINT_LIMIT),
            Field("picture"),
            Field.text("picture_alt", field_width=Fluid.FULL),
        ]
        if has_picture:
            self.fields["picture"].label = "Replace the picture (optional)"
            layout.append(Field.checkbox("remove_picture"))
        else:
            del self.fields["remove_picture"]
        self.helper = fields_only_helper(*layout)

    def clean_picture(self):
        """Checked here as well as in the service, so a bad file is named beside the other
        problems at once; returns the cleaned picture, which the service then stores."""
        upload = self.cleaned_data.get("picture")
        if not upload:
            return None
        try:
            return pictures.clean(upload)
        except pictures.PictureRefused as refused:
            raise forms.ValidationError(refused.message) from refused

    def clean_text(self):
        """The service's own check, so the form counts as the character count does (a line
        break is one character) and a long point is named beside any other problem."""
        try:
            return writing.point_text_checked(self.cleaned_data["text"])
        except writing.WritingError as refused:
            raise forms.ValidationError(refused.message) from refused

    def full_clean(self):
        super().full_clean()
        if self.errors:
            self.picture_not_kept()

    def picture_not_kept(self):
        """After any problem (the form's, or a save refused), a picture that was chosen and is
        not itself the problem is named, with "choose it again": a browser cannot put a file
        back in the box."""
        chosen = self.files.get("picture") if self.files else None
        if chosen and "picture" not in self.errors:
            # The package shows a hint as it is (|safe): the file's name is escaped here.
            again = format_html(
                "You chose “{}”. It has not been saved because of the problem above: choose "
                "it again.",
                chosen.name,
            )
            self.fields["picture"].help_text = self["picture"].help_text = again


class GlossaryEntryForm(forms.Form):
    word = _text("Word", required_message="Enter the word", max_length=60)
    explanation = _text(
        "What it means, in plain words",
        required_message="Enter what the word means, in plain words",
        max_length=300,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Field.text("word", field_width=Fluid.ONE_THIRD),
            Field.text("explanation", field_width=Fluid.FULL),
        )


class HardWordForm(RefusesStaleEdits, forms.ModelForm):
    class Meta:
        model = HardWord
        fields = ["word", "explanation"]
        labels = {"word": "Hard word or phrase", "explanation": "Its plain explanation"}
        help_texts = {
            "word": "Matched as a whole word or phrase, in any case, and with an “s” on the end.",
            "explanation": "Offered to authors as a way to explain it in their glossary.",
        }
        error_messages = {
            "word": {
                "required": "Enter the hard word or phrase",
                "unique": "That word is already on the list",
                "max_length": "The hard word must be 60 characters or fewer",
            },
            "explanation": {
                "required": "Enter its plain explanation",
                "max_length": "The explanation must be 300 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_only_helper(
            Field.text("word", field_width=Fluid.ONE_THIRD),
            Field.text("explanation", field_width=Fluid.FULL),
        )

    def clean_word(self):
        word = " ".join(self.cleaned_data["word"].lower().split())
        clash = HardWord.objects.filter(word__iexact=word).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("That word is already on the list")
        return word
