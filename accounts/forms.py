"""Forms for registering, signing in and looking after an account, in GOV.UK style."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from mail import outbox
from mail.models import Message
from portal.forms import EmailField, gds_helper

from . import access_needs
from .models import AccessNeeds, Organisation
from .services import (
    DUPLICATE_EMAIL,
    DUPLICATE_ORGANISATION,
    email_in_use,
    organisation_name_in_use,
)

PASSWORD_MESSAGES = {
    "password_too_short": "Password must be 10 characters or more",
    "password_too_common": "Enter a password that is harder to guess",
    "password_entirely_numeric": "Password must include letters as well as numbers",
    "password_too_similar": "Password must not be too like your name or email address",
}


def check_password(password, user):
    """Django's password validators, with their messages in GOV.UK style."""
    try:
        password_validation.validate_password(password, user)
    except forms.ValidationError as error:
        raise forms.ValidationError(
            [
                forms.ValidationError(PASSWORD_MESSAGES.get(item.code, item.messages[0]))
                for item in error.error_list
            ]
        ) from error


class GovukPasswordMixin:
    """For Django's password forms: validate new passwords with our messages."""

    def validate_password_for_user(self, user, password_field_name="password2"):  # noqa: S107
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                check_password(password, user)
            except forms.ValidationError as error:
                self.add_error(password_field_name, error)


def organisation_name_field():
    return forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages={
            "required": "Enter your organisation's name",
            "max_length": "Organisation name must be 200 characters or fewer",
        },
    )


def region_field():
    return forms.ChoiceField(
        label="Region",
        help_text="Where your organisation mainly works.",
        choices=Organisation.Region.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the region where your organisation mainly works"},
    )


def website_field():
    return forms.URLField(
        label="Website (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a website address in the correct format, like www.example.org",
            "max_length": "Website address must be 200 characters or fewer",
        },
    )


class RegistrationForm(forms.Form):
    """A DPULO and the first person who will act for it, on one page."""

    name = organisation_name_field()
    region = region_field()
    website = website_field()
    charity_number = forms.CharField(
        label="Registered charity number (optional)",
        required=False,
        max_length=20,
        error_messages={"max_length": "Charity number must be 20 characters or fewer"},
    )
    company_number = forms.CharField(
        label="Company number (optional)",
        required=False,
        max_length=20,
        error_messages={"max_length": "Company number must be 20 characters or fewer"},
    )
    run_by_disabled_people = forms.BooleanField(
        label="Our organisation is run by and for disabled people",
        help_text=(
            "DPULOs are controlled by disabled people: most of the board and the people "
            "who lead the organisation are disabled people."
        ),
        error_messages={
            "required": "Confirm that your organisation is run by and for disabled people"
        },
    )
    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    email = EmailField(
        label="Your email address",
        help_text="You will use this to sign in. We will send you emails about your application.",
    )
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Use at least 10 characters. Do not use a password you use elsewhere.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["website"].widget.attrs.update({"autocomplete": "url", "spellcheck": "false"})
        self.helper = gds_helper(
            Fieldset(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.radios("region", legend_size=Size.SMALL),
                Field.text("website", field_width=Fluid.TWO_THIRDS),
                Field.text("charity_number", field_width=10),
                Field.text("company_number", field_width=10),
                Field.checkbox("run_by_disabled_people"),
                legend="About your organisation",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("full_name", field_width=Fluid.TWO_THIRDS),
                Field.text("email", field_width=Fluid.TWO_THIRDS),
                Field.text("password1", field_width=Fluid.ONE_HALF),
                Field.text("password2", field_width=Fluid.ONE_HALF),
                legend="About you",
                legend_size=Size.MEDIUM,
            ),
            submit="Register",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if organisation_name_in_use(name):
            raise forms.ValidationError(DUPLICATE_ORGANISATION)
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if email_in_use(email):
            raise forms.ValidationError(DUPLICATE_EMAIL)
        return email

    def clean(self):
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1:
            from .models import User

            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                check_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def organisation_fields(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "region": data["region"],
            "website": data["website"],
            "charity_number": data["charity_number"].strip(),
            "company_number": data["company_number"].strip(),
            "run_by_disabled_people": data["run_by_disabled_people"],
        }


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in with an email address. One message for any wrong combination."""

    username = EmailField(label="Email address")
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. "
            "After 5 wrong attempts you will have to wait 15 minutes to try again."
        ),
        "inactive": "This account has been closed. Contact us if you think this is wrong.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.helper = gds_helper(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            submit="Sign in",
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = EmailField(label="Email address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            submit="Send reset link",
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Through the portal's outbox, like every email: the link is kept only until the
        message is delivered."""
        from django.template.loader import render_to_string
        from django.urls import reverse

        link = "{}://{}{}".format(
            context["protocol"],
            context["domain"],
            reverse(
                "accounts:password-reset-confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            ),
        )
        outbox.queue(
            Message.Kind.PASSWORD_RESET,
            to=to_email,
            user=context["user"],
            subject="".join(render_to_string(subject_template_name, context).splitlines()),
            body=render_to_string(email_template_name, context),
            reason="someone asked to reset the password for this email address",
            secrets=[link],
        )


class SetPasswordForm(GovukPasswordMixin, auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = "Use at least 10 characters. Do not use a password you use elsewhere."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.helper = gds_helper(
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Save password",
        )


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": "The passwords do not match",
        "password_incorrect": "Your current password is not correct",
    }

    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.helper = gds_helper(
            Field.text("old_password", field_width=Fluid.ONE_HALF),
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            submit="Change password",
        )


def _six_digits(value):
    code = "".join((value or "").split())
    if not (code.isdigit() and len(code) == 6):
        raise forms.ValidationError("Enter the code as 6 numbers, like 123456")
    return code


def _one_time_code_attrs(field, numeric=True):
    field.widget.attrs.update(
        {
            "autocomplete": "one-time-code",
            "spellcheck": "false",
            "autocapitalize": "none",
            **({"inputmode": "numeric"} if numeric else {}),
        }
    )


def current_code_field():
    return forms.CharField(
        label="Code from your current authenticator app, or a recovery code",
        help_text="The 6 numbers your current app shows, or one of the recovery codes you saved "
        "(for example abcd-efgh-jkmn). A recovery code works once.",
        max_length=40,
        error_messages={
            "required": "Enter a code from your current app, or one of your recovery codes"
        },
    )


class CodeForm(forms.Form):
    """The 6-digit code from an authenticator app."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6 numbers your app shows for DPULO Case Studies, for example 123456.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        _one_time_code_attrs(self.fields["code"])
        self.helper = gds_helper(Field.text("code", field_width=5), "next", submit=submit)

    def clean_code(self):
        return _six_digits(self.cleaned_data["code"])


class AuthenticatorForm(CodeForm):
    """Setting up an app; moving to a new one also needs proof of the current one."""

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(
            *args,
            submit="Move to the new app" if replacing else "Turn on two-factor sign-in",
            **kwargs,
        )
        layout = [Field.text("code", field_width=5), "next"]
        if replacing:
            self.fields["current_code"] = current_code_field()
            _one_time_code_attrs(self.fields["current_code"], numeric=False)
            self.fields["code"].label = "Code from your new authenticator app"
            layout.insert(0, Field.text("current_code", field_width=Fluid.ONE_THIRD))
        self.order_fields(["current_code", "code", "next"])
        self.helper = gds_helper(
            *layout, submit="Move to the new app" if replacing else "Turn on two-factor sign-in"
        )


class CurrentCodeForm(forms.Form):
    """Proof of the second factor before a change to it (new recovery codes)."""

    current_code = current_code_field()

    def __init__(self, *args, submit="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        _one_time_code_attrs(self.fields["current_code"], numeric=False)
        self.helper = gds_helper(
            Field.text("current_code", field_width=Fluid.ONE_THIRD), submit=submit
        )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the recovery codes you saved when you set up two-factor sign-in, for "
        "example abcd-efgh-jkmn. Each code works once.",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _one_time_code_attrs(self.fields["code"], numeric=False)
        self.helper = gds_helper(
            Field.text("code", field_width=Fluid.ONE_THIRD), "next", submit="Sign in"
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to close your account"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = gds_helper(
            Field.text("password", field_width=Fluid.ONE_HALF), submit="Close my account"
        )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is not correct")
        return password


class OrganisationForm(forms.ModelForm):
    """The programme team adds an organisation (a commissioner, say) or corrects one."""

    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the website address, like https://example.org"},
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "region",
            "run_by_disabled_people",
            "website",
            "charity_number",
            "company_number",
        ]
        labels = {"name": "Name", "kind": "Kind of organisation"}
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "kind": {"required": "Select the kind of organisation"},
            "region": {"required": "Select the region"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Organisation.Kind.choices
        self.fields["region"].choices = [("", "Choose a region"), *Organisation.Region.choices]
        self.fields[
            "run_by_disabled_people"
        ].label = "It is run by and for disabled people (a DPULO must be)"
        self.fields["charity_number"].label = "Registered charity number (optional)"
        self.fields["company_number"].label = "Company number (optional)"
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.FULL),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("region"),
            Field.checkbox("run_by_disabled_people"),
            Field.text("website", field_width=Fluid.FULL),
            Field.text("charity_number", field_width=10),
            Field.text("company_number", field_width=10),
            submit="Save the organisation",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Organisation.Kind.DPULO and not cleaned.get(
            "run_by_disabled_people"
        ):
            self.add_error(
                "run_by_disabled_people",
                "A DPULO must be run by and for disabled people: tick the box, or choose "
                "another kind of organisation",
            )
        return cleaned

    def clean_name(self):
        """Said plainly here (the database's own constraint would only name itself);
        ``people.save_organisation`` checks again as it saves."""
        name = self.cleaned_data["name"].strip()
        taken = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is already an organisation called {name}")
        return name


def _other(label, hint):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"{label.split(' (')[0]} must be 500 characters or fewer"},
    )


class AccessNeedsForm(forms.Form):
    """Everything a person may tell us about what they need, all optional, each question with
    room to say more in their own words. ``opened_as`` refuses saving over a change made
    meanwhile (``accounts.access_needs.save``)."""

    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=AccessNeeds.Contact.choices,
        widget=forms.RadioSelect,
        help_text="We write to everyone by email as well, for receipts and records.",
        error_messages={"required": "Select how we should contact you"},
    )
    phone = forms.CharField(
        label="Phone number for calls or text relay (optional unless you chose one of those)",
        required=False,
        max_length=40,
        error_messages={"max_length": "Phone number must be 40 characters or fewer"},
    )
    contact_other = _other(
        "Anything else about contacting you (optional)",
        "For example, the times of day that suit you, or someone to copy in.",
    )
    documents = forms.ChoiceField(
        label="What format do you want documents in?",
        choices=AccessNeeds.Documents.choices,
        widget=forms.RadioSelect,
        help_text="With large print, we also send every email with a large-type version.",
        error_messages={"required": "Select the format you want documents in"},
    )
    documents_other = _other(
        "Anything else about documents (optional)",
        "For example, braille, audio, a particular font or colours.",
    )
    support = forms.MultipleChoiceField(
        label="What support do you need in meetings and calls? (optional)",
        choices=AccessNeeds.Support.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    support_other = _other(
        "Other support in meetings and calls (optional)",
        "For example, a step-free room, a quiet space, or the papers a week before.",
    )
    more_time = forms.TypedChoiceField(
        label="Might you need more time to do things, like apply or reply?",
        choices=[("yes", "Yes, I may need more time"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="If yes, we send your reminders earlier. You can still ask for more time "
        "for a particular call.",
        error_messages={"required": "Select whether you might need more time"},
    )
    more_time_other = _other("Anything else about time (optional)", "")
    opened_as = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, needs, more_time_help=None, **kwargs):
        initial = {name: getattr(needs, name) for name in access_needs.FIELDS}
        initial["more_time"] = "yes" if needs.more_time else "no"
        initial["opened_as"] = access_needs.opened_as(needs)
        super().__init__(*args, initial=initial, **kwargs)
        self.saved_now = None
        self.helper = gds_helper(
            HTML('<h2 class="govuk-heading-m">Contact</h2>'),
            Field.radios("contact", legend_size=Size.SMALL),
            Field.text("phone", field_width=Fluid.ONE_THIRD),
            Field.textarea("contact_other", rows=3),
            HTML('<h2 class="govuk-heading-m">Documents</h2>'),
            Field.radios("documents", legend_size=Size.SMALL),
            Field.textarea("documents_other", rows=3),
            HTML('<h2 class="govuk-heading-m">Meetings and calls</h2>'),
            Field.checkboxes("support", legend_size=Size.SMALL),
            Field.textarea("support_other", rows=3),
            HTML('<h2 class="govuk-heading-m">Time</h2>'),
            Field.radios("more_time", legend_size=Size.SMALL),
            Field.textarea("more_time_other", rows=3),
            "opened_as",
            submit="Save access needs",
        )
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        if more_time_help:  # someone without reminders (a commissioner's contact)
            self.fields["more_time"].help_text = more_time_help

    def clean(self):
        data = super().clean()
        if (
            data.get("contact")
            in (
                AccessNeeds.Contact.PHONE,
                AccessNeeds.Contact.TEXT_RELAY,
            )
            and not (data.get("phone") or "").strip()
        ):
            self.add_error("phone", "Enter the phone number to call, or choose another way")
        return data

    def values(self):
        """What to save, field by field."""
        data = self.cleaned_data
        return {name: data[name] for name in access_needs.FIELDS} | {"phone": data["phone"].strip()}
