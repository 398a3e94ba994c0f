"""Reading list filters from a query string leniently: a value that is not understood is
dropped (the list is shown unfiltered by it), never an error."""

from datetime import datetime, time

from django.utils import timezone


def date(value):
    """A ``YYYY-MM-DD`` date, or None."""
    try:
        return datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None


def one_of(queryset, params, name, allowed, field=None):
    """Narrow ``queryset`` to ``params[name]`` when it is one of ``allowed`` (on ``field``,
    by default the same name); returns the queryset and the value understood, or ""."""
    value = params.get(name, "")
    if value and value in allowed:
        return queryset.filter(**{field or name: value}), value
    return queryset, ""


def dated(queryset, params, field):
    """Narrow ``queryset`` to the UK days between the ``from`` and ``to`` parameters; returns
    the queryset and the two dates understood (or None)."""
    start, end = date(params.get("from")), date(params.get("to"))
    return between(queryset, field, start, end), start, end


def between(queryset, field, start, end):
    """Rows whose ``field`` falls on or after ``start`` and on or before ``end`` (UK days)."""
    zone = timezone.get_current_timezone()
    if start:
        queryset = queryset.filter(**{f"{field}__gte": datetime.combine(start, time.min, zone)})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": datetime.combine(end, time.max, zone)})
    return queryset
