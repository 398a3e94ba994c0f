"""Dates and times the GOV.UK way: "5pm on Wednesday 25 April 2012", in UK time."""

from datetime import timedelta

from django.utils import timezone


def govuk_time(moment):
    local = timezone.localtime(moment)
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute:
        return f"{hour}:{local.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def govuk_date(moment):
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def govuk_datetime(moment):
    """'5pm on Wednesday 25 April 2012'. Midnight is shown as the end of the day before."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if local.hour == 0 and local.minute == 0:
        previous = local - timedelta(minutes=1)
        return f"midnight at the end of {govuk_date(previous)}"
    return f"{govuk_time(local)} on {govuk_date(local)}"


def iso(moment):
    """An ISO 8601 time for a data file, or None."""
    return moment.isoformat() if moment else None
