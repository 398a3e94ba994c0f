"""Small helpers every app's views and forms share."""

import hashlib
import json

from django import forms


def posted(request):
    """The submitted data on a POST, even an empty one, so the form is bound and its
    "Enter your…" messages show; None on a GET, so the form starts unbound."""
    return request.POST if request.method == "POST" else None


def posted_id(request, name):
    """A whole number from the submitted form (an id chosen from a list), or None if the value
    is missing or is not one, so a tampered form gets a 404 or a message rather than an error."""
    value = (request.POST.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


STALE_EDIT = (
    "Someone else changed this since you opened it. Your changes have not been saved. What is "
    "saved now is shown below the form's heading; save again to replace it with yours."
)


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
