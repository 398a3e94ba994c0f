"""The domain error every service raises when one of the service's rules stops an action, and
the one way a view turns it into what the person reads.

A service error carries a ``message`` written for the person who tried (GOV.UK style: what
happened and what to do) and, when the message belongs beside one field of the form, that
field's name in ``field``. Views never build these messages themselves."""

from contextlib import contextmanager

from django.contrib import messages


class DomainError(Exception):
    """A rule stopped the action; nothing was changed."""

    message = "Sorry, that could not be done."
    field = None

    def __init__(self, message=None, field=None):
        if message:
            self.message = message
        if field is not None:
            self.field = field
        super().__init__(self.message)

    def carry_to(self, form):
        """Anything besides the message the form needs (a stale edit's newer version)."""


class Refusal:
    """What ``onto`` caught, for the page to show (``conflict``: what is saved now, after a
    stale edit), or nothing when the service call went through."""

    error = None

    @property
    def message(self):
        return self.error.message if self.error else None

    @property
    def conflict(self):
        return getattr(self.error, "current", None)


def add_to_form(form, error, field=None):
    """Put the error on the form: beside ``field`` (or the error's own field) when the form
    has it, otherwise above the form in the error summary."""
    name = field or error.field
    form.add_error(name if name in form.fields else None, error.message)


@contextmanager
def onto(form, field=None):
    """Run a service call; if a rule refuses it, its message goes on the form and the view
    carries on to show the form again (so a ``return`` inside the block is the success path).
    After a stale edit the form carries the newer version, and ``refusal.conflict`` is what is
    saved now."""
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as error:
        refusal.error = error
        error.carry_to(form)
        add_to_form(form, error, field)


@contextmanager
def caught():
    """As ``onto`` for a page that shows a refusal without a form (beside a table, or a page
    of its own such as a used link's): the yielded ``Refusal`` holds the error and its
    ``message``; a ``return`` inside the block is the success path."""
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as error:
        refusal.error = error


@contextmanager
def as_message(request):
    """As ``onto`` for an action with no form (a button): the refusal is shown as a message at
    the top of the page the view goes back to."""
    try:
        yield
    except DomainError as error:
        messages.error(request, error.message)
