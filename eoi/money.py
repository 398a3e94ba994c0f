"""Money as the portal shows it: pounds and pence with thousands separators."""

from decimal import ROUND_HALF_UP, Decimal


def pounds(amount):
    """'1,234.50' for Decimal('1234.5'); the caller adds the £ sign."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


def totals_for_days(rate, days_min, days_max):
    """What a daily rate comes to at each end of the call's expected effort."""
    if rate is None:
        return []
    days = [days_min] if days_min == days_max else [days_min, days_max]
    return [(count, Decimal(rate) * count) for count in days]


def describe_totals(rate, days_min, days_max):
    parts = [
        f"£{pounds(total)} for {count} days"
        for count, total in totals_for_days(rate, days_min, days_max)
    ]
    return " and ".join(parts)


def describe_rate(rate, days_min, days_max):
    """'£350.00 a day. That is £3,500.00 for 10 days and £5,250.00 for 15 days.'"""
    if rate is None or rate == "":
        return ""
    return f"£{pounds(rate)} a day. That is {describe_totals(rate, days_min, days_max)}."
