"""The GOV.UK form kit every app's forms and views share: crispy-forms helpers, the email
field with GOV.UK messages, and reading what was posted."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"


def gds_helper(*layout, submit="Continue"):
    """A form with its own <form> tag and submit button. ``novalidate``: the server's GOV.UK
    error summary and messages are the only checks, never the browser's own pop-ups (which
    would stop an email address typed as "pat at example" before it reached them). The button
    is GOV.UK Frontend's, which ignores a second click within a second of the first, as the
    portal's hand-written forms' buttons do; the server still treats a repeat as one."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    button = Submit("submit", submit, data_module="govuk-button", data_prevent_double_click="true")
    helper.layout = Layout(*layout, button)
    return helper


def fields_only_helper(*layout):
    """For a form the page template wraps in its own <form> with its own buttons."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class EmailField(forms.EmailField):
    """An email field whose messages follow the GOV.UK pattern."""

    def __init__(self, *, required_message="Enter your email address", **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "error_messages",
            {
                "required": required_message,
                "invalid": EMAIL_FORMAT,
                "max_length": "Email address must be 254 characters or fewer",
            },
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "email", "spellcheck": "false"})
        return attrs


def posted(request):
    """The submitted data on a POST, even an empty one, so the form is bound and its
    "Enter your…" messages show; None on a GET, so the form starts unbound."""
    return request.POST if request.method == "POST" else None


def posted_id(request, name):
    """A whole number from the submitted form (an id chosen from a list), or None if the value
    is missing or is not one, so a tampered form gets a 404 or a message rather than an error."""
    value = (request.POST.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None
