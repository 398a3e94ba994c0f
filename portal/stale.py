"""Refusing stale edits: the one way the portal tells that someone else changed a thing since
the page was opened. The page carries a fingerprint of the values it showed; the save compares
it with what is stored now, under a row lock, and refuses (saying so, keeping what was typed)
when they differ."""

import hashlib
import json

from django import forms

from .errors import DomainError

STALE_EDIT = (
    "Someone else changed this since you opened it. Your changes have not been saved. What is "
    "saved now is shown below the form's heading; save again to replace it with yours."
)


class StaleEdit(DomainError):
    """Someone else saved the thing since the page was opened; nothing was saved. ``current``
    is what is saved now (shown beside what the person typed); ``version`` is what the page
    now carries as "opened as" (a version number or a fingerprint), put in the form's
    ``version_field`` so that saving again replaces theirs knowingly. Each app's conflict
    errors derive from this and from the app's own error."""

    version_field = "version"

    def __init__(self, message=None, *, current=None, version=None):
        super().__init__(message)
        self.current = current
        self.version = version

    def carry_to(self, form):
        if self.version is not None and self.version_field in form.fields:
            data = form.data.copy()
            data[self.version_field] = str(self.version)
            form.data = data


def fingerprint(instance, names):
    """A short digest of an object's editable values, to tell whether it changed."""
    values = [str(getattr(instance, name, "")) for name in names]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


class RefusesStaleEdits(forms.Form):
    """For a ModelForm that edits an existing object: the page carries a fingerprint of the
    values it was opened with, and a save is refused (showing what is saved now) when someone
    else has changed the object since. Saving again replaces theirs knowingly."""

    opened_as = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_now = None
        if self.instance.pk:
            self.initial["opened_as"] = fingerprint(self.instance, self._meta.fields)

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            current = fingerprint(self.instance, self._meta.fields)
            if data.get("opened_as") != current:
                self.saved_now = [
                    (self.fields[name].label, getattr(self.instance, name))
                    for name in self._meta.fields
                    if name in self.fields
                ]
                posted = self.data.copy()
                posted["opened_as"] = current
                self.data = posted
                raise forms.ValidationError(STALE_EDIT, code="stale")
        return data
