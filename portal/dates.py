"""Dates and times the GOV.UK way: "5pm on Wednesday 25 April 2012", in UK time."""

from datetime import datetime, timedelta

import holidays
from django.utils import timezone

# Bank holidays in England (the programme's staff and most applicants are in England; Wales,
# Scotland and Northern Ireland have a few more, named in the warning's words when they fall).
_ENGLAND = holidays.country_holidays("GB", subdiv="ENG")
_ELSEWHERE = {
    "Scotland": holidays.country_holidays("GB", subdiv="SCT"),
    "Wales": holidays.country_holidays("GB", subdiv="WLS"),
    "Northern Ireland": holidays.country_holidays("GB", subdiv="NIR"),
}


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
    """'Wednesday 25 April 2012': the UK day of a moment, or a date as it is."""
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
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


def not_a_working_day(moment):
    """Why a moment is not in a UK working day ("a Saturday", "Christmas Day, a bank holiday
    in England"), or "" when it is. Applicants expect to reach the programme team on a closing
    day, and many work to office hours."""
    if moment is None:
        return ""
    return _why_not_working(timezone.localtime(moment).date())


def _why_not_working(day):
    if day.weekday() >= 5:
        return f"a {day:%A}"
    if day in _ENGLAND:
        return f"{_ENGLAND.get(day)}, a bank holiday in England"
    where = [name for name, calendar in _ELSEWHERE.items() if day in calendar]
    if where:
        name = _ELSEWHERE[where[0]].get(day)
        return f"{name}, a bank holiday in {' and '.join(where)}"
    return ""


def working_days_after(day, count):
    """The date ``count`` UK working days after ``day`` (a target reply date: "within 10
    working days" of a Friday is two weeks later, later still across a bank holiday)."""
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1))
    return day


def next_working_day(day):
    """The first day on or after ``day`` that is neither a weekend nor a bank holiday anywhere
    in the UK."""
    while _why_not_working(day):
        day += timedelta(days=1)
    return day


def days_in_words(days):
    """A retention period as people say it: "2 years" for whole years of two or more, else
    "400 days"."""
    return f"{days / 365:.0f} years" if days >= 730 and days % 365 == 0 else f"{days:,} days"
