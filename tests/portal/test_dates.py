from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from eoi.forms import parse_pounds
from eoi.guidance import render_guidance
from eoi.money import describe_totals, pounds
from portal.dates import govuk_datetime

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2012, 4, 25, 17, 0, tzinfo=LONDON), "5pm on Wednesday 25 April 2012"),
        (datetime(2012, 4, 25, 16, 0, tzinfo=UTC), "5pm on Wednesday 25 April 2012"),
        (datetime(2012, 12, 17, 17, 0, tzinfo=UTC), "5pm on Monday 17 December 2012"),
        (datetime(2026, 11, 24, 9, 30, tzinfo=LONDON), "9:30am on Tuesday 24 November 2026"),
        (datetime(2026, 11, 24, 12, 0, tzinfo=LONDON), "midday on Tuesday 24 November 2026"),
        (
            datetime(2026, 11, 25, 0, 0, tzinfo=LONDON),
            "midnight at the end of Tuesday 24 November 2026",
        ),
    ],
)
def test_govuk_datetime(moment, expected):
    assert govuk_datetime(moment) == expected


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("350", Decimal("350.00")),
        ("£350.50", Decimal("350.50")),
        ("1,200", Decimal("1200.00")),
        (" 99.9 ", Decimal("99.90")),
        ("350.505", None),
        ("three hundred", None),
        ("-5", None),
        ("", None),
    ],
)
def test_parse_pounds(typed, amount):
    assert parse_pounds(typed) == amount


def test_money_is_shown_in_pounds_and_pence():
    assert pounds(Decimal("1234.5")) == "1,234.50"
    assert (
        describe_totals(Decimal("350"), 10, 15) == "£3,500.00 for 10 days and £5,250.00 for 15 days"
    )
    assert describe_totals(Decimal("350"), 12, 12) == "£4,200.00 for 12 days"


def test_guidance_makes_paragraphs_lists_and_links_and_nothing_else():
    html = render_guidance(
        "First paragraph with <script>alert(1)</script> and https://example.org/call.\n\n"
        "- one item, write to team@example.org\n"
        "- two <b onclick=x>items</b>\n\n"
        'javascript:alert(1) <a href="javascript:alert(1)">x</a>'
    )
    assert "<script>" not in html
    assert "<b" not in html
    assert '<a href="javascript' not in html
    assert '&lt;a href="javascript:alert(1)"&gt;' in html  # shown as text, harmless
    assert (
        '<a class="govuk-link" href="https://example.org/call" rel="noopener noreferrer">' in html
    )
    assert 'href="mailto:team@example.org"' in html
    assert html.count("<li>") == 2
    assert html.count('<p class="govuk-body">') == 2
