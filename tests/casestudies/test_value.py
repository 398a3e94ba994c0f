"""The added-value toolkit's arithmetic, checked against examples worked out by hand (each step
written out below) and against properties that must hold for any inputs."""

from dataclasses import replace
from decimal import Decimal as D  # noqa: N817 - the worked examples read better short

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.value import Inputs, WorkingError, sensitivity, work_out


def test_one_year_with_deadweight_and_attribution():
    """£10,000 invested; 50 people; £600 each a year; 20% would have happened anyway; 10% is
    others' doing; nothing displaced; one year; the Green Book's 3.5%."""
    working = work_out(
        Inputs(
            investment=D(10000),
            people=50,
            proxy=D(600),
            deadweight=D(20),
            attribution=D(10),
            duration=1,
        )
    )
    assert working.gross == D(30000)  # 50 * £600
    assert working.after_deadweight == D(24000)  # £30,000 * 0.80
    assert working.after_displacement == D(24000)  # * 1.00
    assert working.first_year == D(21600)  # £24,000 * 0.90
    [year] = working.years
    assert year.divisor == D("1.035")
    # £21,600 / 1.035 = £20,869.565217…
    assert working.pounds == D("20869.57")
    # £20,869.565217… / £10,000 = 2.0869…
    assert working.ratio_shown == D("2.09")


def test_three_years_with_drop_off_and_discounting():
    """£25,000 invested; 40 people; £900 each a year; deadweight 25%, displacement 5%,
    attribution 20%; the outcome falls by 10% a year over three years; discounted at 3.5%."""
    working = work_out(
        Inputs(
            investment=D(25000),
            people=40,
            proxy=D(900),
            deadweight=D(25),
            displacement=D(5),
            attribution=D(20),
            drop_off=D(10),
            duration=3,
        )
    )
    assert working.gross == D(36000)  # 40 * £900
    assert working.after_deadweight == D(27000)  # * 0.75
    assert working.after_displacement == D(25650)  # * 0.95
    assert working.first_year == D(20520)  # * 0.80
    values = [year.value for year in working.years]
    assert values == [D(20520), D(18468), D("16621.2")]  # each year * 0.90 of the last
    divisors = [year.divisor for year in working.years]
    assert divisors == [D("1.035"), D("1.071225"), D("1.108717875")]  # 1.035, 1.035², 1.035³
    shown = [year.present_value.quantize(D("0.01")) for year in working.years]
    # £20,520 / 1.035 = £19,826.09; £18,468 / 1.071225 = £17,240.08;
    # £16,621.20 / 1.108717875 = £14,991.37
    assert shown == [D("19826.09"), D("17240.08"), D("14991.37")]
    # £19,826.0870 + £17,240.0756 + £14,991.3701 = £52,057.5327
    assert working.pounds == D("52057.53")
    # £52,057.53 / £25,000 = 2.0823
    assert working.ratio_shown == D("2.08")


def test_two_years_undiscounted_with_displacement_below_one_pound_back():
    """£5,000 invested; 10 people at £250; half would have happened anyway; 20% moved
    elsewhere; two years, no drop-off, no discounting: less than £1 back for each £1."""
    working = work_out(
        Inputs(
            investment=D(5000),
            people=10,
            proxy=D(250),
            deadweight=D(50),
            displacement=D(20),
            duration=2,
            discount_rate=D(0),
        )
    )
    assert working.gross == D(2500)  # 10 * £250
    assert working.first_year == D(1000)  # £2,500 * 0.50 * 0.80
    assert [year.value for year in working.years] == [D(1000), D(1000)]
    assert working.pounds == D("2000.00")  # £1,000 + £1,000
    assert working.ratio_shown == D("0.40")  # £2,000 / £5,000


def test_the_sensitivity_table_moves_each_assumption_both_ways():
    central = Inputs(
        investment=D(25000),
        people=40,
        proxy=D(900),
        deadweight=D(25),
        displacement=D(5),
        attribution=D(20),
        drop_off=D(10),
        duration=3,
    )
    rows = {row.name: row for row in sensitivity(central)}
    assert list(rows) == ["deadweight", "displacement", "attribution", "drop_off", "discount_rate"]
    assert (rows["deadweight"].lower, rows["deadweight"].higher) == (D(15), D(35))
    assert (rows["displacement"].lower, rows["displacement"].higher) == (D(0), D(15))  # not < 0
    assert (rows["discount_rate"].lower, rows["discount_rate"].higher) == (D("2.5"), D("4.5"))
    for row in rows.values():
        assert row.ratio == work_out(central).ratio
        assert row.ratio_lower > row.ratio > row.ratio_higher  # less taken off, more value
    # Deadweight at 35%: the first year is £36,000 * 0.65 * 0.95 * 0.80 = £17,784, 13.33% less.
    assert rows["deadweight"].ratio_higher == work_out(replace(central, deadweight=D(35))).ratio


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"deadweight": D(101)}, "deadweight", "Deadweight must be between 0% and 100%"),
        ({"attribution": D(-1)}, "attribution", "Attribution must be between 0% and 100%"),
        ({"drop_off": D(150)}, "drop_off", "Drop-off must be between 0% and 100%"),
        ({"duration": 0}, "duration", "Enter how many years the outcome lasts, from 1 to 30"),
        ({"investment": D(0)}, "investment", "Enter the amount invested, more than £0"),
        ({"investment": None}, "investment", "Enter the amount invested, more than £0"),
        ({"people": 0}, "people", "Enter how many people the outcome was for, 1 or more"),
        ({"people": 2**31}, "people", "Enter a number of people that is 2,147,483,647 or fewer"),
        (
            {"people": 10**9, "proxy": D(10**6), "investment": D("0.01")},
            "investment",
            "The figure this works out to is too large to be right: check the amount invested, "
            "the number of people and the value for one person",
        ),
    ],
)
def test_inputs_it_cannot_use_are_refused_by_name(change, field, message):
    inputs = replace(Inputs(investment=D(1000), people=10, proxy=D(100)), **change)
    with pytest.raises(WorkingError) as refused:
        work_out(inputs)
    assert refused.value.field == field
    assert refused.value.message == message


percent = st.decimals(min_value=0, max_value=100, places=1)
money = st.decimals(min_value=1, max_value=1_000_000, places=2)


@st.composite
def inputs(draw):
    return Inputs(
        investment=draw(money),
        people=draw(st.integers(min_value=1, max_value=10_000)),
        proxy=draw(money),
        deadweight=draw(percent),
        displacement=draw(percent),
        attribution=draw(percent),
        drop_off=draw(percent),
        duration=draw(st.integers(min_value=1, max_value=30)),
        discount_rate=draw(st.decimals(min_value=0, max_value=10, places=1)),
    )


@settings(max_examples=150, deadline=None)
@given(inputs(), st.sampled_from(["deadweight", "attribution", "displacement"]))
def test_all_of_it_happening_anyway_or_elsewhere_leaves_nothing(stated, adjustment):
    working = work_out(replace(stated, **{adjustment: D(100)}))
    assert working.present_value == 0
    assert working.ratio == 0


@settings(max_examples=150, deadline=None)
@given(inputs(), percent, percent)
def test_more_drop_off_never_raises_the_value(stated, one, other):
    less, more = sorted([one, other])
    assert (
        work_out(replace(stated, drop_off=more)).present_value
        <= work_out(replace(stated, drop_off=less)).present_value
    )


@settings(max_examples=150, deadline=None)
@given(inputs(), st.integers(min_value=2, max_value=9))
def test_the_ratio_scales_with_the_value_and_inversely_with_the_investment(stated, times):
    ratio = work_out(stated).ratio
    more_value = work_out(replace(stated, proxy=stated.proxy * times)).ratio
    more_invested = work_out(replace(stated, investment=stated.investment * times)).ratio
    assert more_value == pytest.approx(ratio * times, rel=D("1e-40"))
    assert more_invested == pytest.approx(ratio / times, rel=D("1e-40"))
