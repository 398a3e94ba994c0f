"""One way from a service's refusal to what the person reads: the message beside its field or
in the summary, the form shown again, and after a stale edit the newer version carried so that
saving again replaces it knowingly."""

import pytest
from django import forms

from portal import errors
from portal.stale import StaleEdit


class NoteForm(forms.Form):
    title = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)


class Refused(errors.DomainError):
    pass


def bound():
    form = NoteForm({"title": "Mine", "version": "3"})
    assert form.is_valid()
    return form


def test_a_refusal_goes_beside_its_field_and_the_view_carries_on():
    form = bound()
    with errors.onto(form) as refusal:
        raise Refused("Enter a shorter title", field="title")
    assert refusal.error.message == "Enter a shorter title"
    assert refusal.conflict is None
    assert form.errors["title"] == ["Enter a shorter title"]
    assert not form.is_valid()


def test_a_refusal_for_a_field_the_form_lacks_goes_in_the_summary():
    form = bound()
    with errors.onto(form):
        raise Refused("The call has closed", field="closes_at")
    assert form.non_field_errors() == ["The call has closed"]


def test_a_stale_edit_carries_the_newer_version_and_what_is_saved_now():
    form = bound()
    with errors.onto(form) as refusal:
        raise StaleEdit("Someone else changed this", current={"title": "Theirs"}, version=5)
    assert refusal.conflict == {"title": "Theirs"}
    assert form["version"].value() == "5"
    assert form.data["title"] == "Mine"  # what was typed is kept
    assert form.non_field_errors() == ["Someone else changed this"]


def test_what_succeeds_is_left_alone_and_other_errors_are_not_swallowed():
    form = bound()
    with errors.onto(form) as refusal:
        pass
    assert refusal.error is None
    assert form.is_valid()
    with pytest.raises(ZeroDivisionError), errors.onto(form):
        1 / 0  # noqa: B018
