"""What stops an action on an expression of interest: each error's message is written for the
person who tried (the applicant, mostly) and says what to do instead."""

from dataclasses import dataclass

from django.urls import reverse

from portal.dates import govuk_datetime
from portal.errors import DomainError
from portal.stale import StaleEdit


class EOIError(DomainError):
    """A rule stopped the action. ``message`` is written for the applicant."""


class NotOpen(EOIError):
    def __init__(self, call):
        super().__init__(
            f"This call opens at {govuk_datetime(call.opens_at)}. "
            "You cannot start an expression of interest before then."
        )


class DeadlinePassed(EOIError):
    def __init__(self, closes_at):
        self.closes_at = closes_at
        super().__init__(
            f"The closing time was {govuk_datetime(closes_at)}. Your expression of interest "
            "cannot be changed or submitted now. Your draft has been kept."
        )


@dataclass
class Missing:
    label: str
    url_name: str
    kwargs: dict

    @property
    def url(self):
        return reverse(self.url_name, kwargs=self.kwargs)


class Incomplete(EOIError):
    def __init__(self, missing):
        self.missing = missing
        super().__init__("You must complete every section before you submit.")


class TooLong(EOIError):
    def __init__(self, count):
        self.pages = count.pages
        self.limit = count.limit
        self.words_over = count.words_over
        super().__init__(count.message)


class EditConflict(StaleEdit, EOIError):
    """Someone else saved this section since the editor opened it."""

    def __init__(self, current, version):
        super().__init__(
            "Someone else in your organisation changed this since you opened it. "
            "Your version has not been saved. Compare the two below and save again.",
            current=current,
            version=version,
        )


class InvalidTransition(EOIError):
    pass


class CriteriaLocked(EOIError):
    message = (
        "The criteria cannot be changed because an expression of interest has been submitted "
        "against them."
    )
