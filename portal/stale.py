"""Refusing stale edits: the one way the portal tells that someone else changed a thing since
the page was opened.

The page carries what it was opened as: the row's version number where the model keeps one
(answers, sections of an expression of interest, a case study's scope, an edition), otherwise
a fingerprint of the values it showed. The service that saves locks the row, compares, and on
a difference raises a ``StaleEdit`` carrying what is saved now and what the page should carry
next; ``portal.errors.onto`` puts both back on the form, so what was typed is kept and saving
again replaces the other person's change knowingly. Nothing is compared outside the lock.
"""

import hashlib
import json
from datetime import datetime

from django import forms
from django.db import transaction

from . import dates
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


class ChangedSinceOpened(StaleEdit):
    """A row edited through a ``RefusesStaleEdits`` form changed since its page was opened.
    ``current`` is a list of (field name, value saved now)."""

    version_field = "opened_as"

    def __init__(self, current, version):
        super().__init__(STALE_EDIT, current=current, version=version)

    def carry_to(self, form):
        super().carry_to(form)
        form.saved_now = [_shown(form, name, value) for name, value in self.current]


def _shown(form, name, value):
    """A saved value as the page shows it: with the form field's label, or (for what the form
    edits in parts, such as a date and time) the model field's name; moments in UK time."""
    if name in form.fields:
        label = form.fields[name].label
    else:
        label = str(form._meta.model._meta.get_field(name).verbose_name).capitalize()
    if isinstance(value, datetime):
        value = dates.govuk_datetime(value)
    # Choices in words: "In progress", never the stored "in-progress".
    choices = {
        str(key): words for key, words in getattr(form.fields.get(name), "choices", None) or ()
    }
    if isinstance(value, list | tuple):
        value = ", ".join(str(choices.get(str(each), each)) for each in value)
    elif isinstance(value, str):
        value = choices.get(value, value)
    return label, value


def lock_unchanged(instance, names, opened_as):
    """Lock ``instance``'s row (inside the caller's transaction) and refuse with
    ``ChangedSinceOpened`` when the stored ``names`` no longer match the fingerprint the page
    was opened with. ``opened_as=None`` means no page is involved (a command, the demo)."""
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    current = fingerprint(locked, names)
    if opened_as is not None and opened_as != current:
        raise ChangedSinceOpened([(name, getattr(locked, name)) for name in names], current)
    return locked


def update(instance, fields, opened_as):
    """Save ``fields`` (name: value) on ``instance`` unless its row changed since its page was
    opened as ``opened_as``: the row is locked, compared and saved in one transaction."""
    with transaction.atomic():
        # The row as it is now, so columns the page did not edit (a position changed by a
        # move meanwhile) are saved as they are, not as they were when it was read.
        locked = lock_unchanged(instance, list(fields), opened_as)
        for name, value in fields.items():
            setattr(locked, name, value)
            setattr(instance, name, value)
        locked.save()
        return locked


class RefusesStaleEdits(forms.Form):
    """For a ModelForm that edits an existing object: the page carries a fingerprint of the
    values it was opened with (``opened_as``). Saving goes through ``lock_unchanged``, either
    in the service the view calls (given ``opened_as()``) or in this form's own ``save``, so a
    change someone else made since is refused with what is saved now shown.

    ``stale_fields`` names what the page edits, when that is more than ``Meta.fields`` (a
    call's dates, typed as day, month, year and time, are not model-form fields)."""

    opened_as = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_fields = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_now = None
        if self.instance.pk:
            self.initial["opened_as"] = fingerprint(self.instance, self._edited())

    def _edited(self):
        return list(self.stale_fields or self._meta.fields)

    def opened(self):
        """What the page was opened as, or None for a new object."""
        return self.cleaned_data.get("opened_as", "") if self.instance.pk else None

    def save(self, commit=True):
        if not self.instance.pk:
            return super().save(commit)
        with transaction.atomic():
            # Save the row as it is now with this page's fields on it, so a column the page
            # does not edit keeps whatever someone else saved meanwhile.
            locked = lock_unchanged(self.instance, self._edited(), self.opened())
            for name in self._edited():
                setattr(locked, name, getattr(self.instance, name))
            self.instance = locked
            return super().save(commit)
