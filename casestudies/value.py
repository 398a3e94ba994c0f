"""The added-value toolkit's arithmetic: what an outcome is worth once the adjustments that the
SROI guide and the Green Book ask for are made, its present value, and the ratio to what was
invested ("£X of value for every £1 invested").

Plain functions over ``Decimal``, exact until the figures are shown (rounded to the penny, and
the ratio to two places, half up), so a reader, a test or a spreadsheet can recompute every
step from the inputs:

- value in year 1 = people * proxy * (1 - deadweight) * (1 - displacement) * (1 - attribution)
- value in year n = value in year 1 * (1 - drop-off) ^ (n - 1), for n = 1 … duration
- present value = Σ value in year n / (1 + discount rate) ^ n (the SROI guide's convention:
  the first year's value is discounted too, as it arrives over that year)
- ratio = present value / investment
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

from portal.errors import DomainError

HUNDRED = Decimal(100)
PENNY = Decimal("0.01")
# The Green Book's standard discount rate, as a percentage a year.
GREEN_BOOK_RATE = Decimal("3.5")
# How far the sensitivity table moves each assumption either side of the author's figure.
SENSITIVITY = {
    "deadweight": Decimal(10),
    "displacement": Decimal(10),
    "attribution": Decimal(10),
    "drop_off": Decimal(10),
    "discount_rate": Decimal(1),
}
ADJUSTMENTS = {
    "deadweight": "Deadweight",
    "displacement": "Displacement",
    "attribution": "Attribution",
    "drop_off": "Drop-off",
    "discount_rate": "Discount rate",
}
LONGEST = 30  # years: the longest duration the toolkit accepts
MOST_PEOPLE = 2_147_483_647  # what the database stores
LARGEST = Decimal(10) ** 12  # the largest figure (pounds, or a ratio) the database stores


class WorkingError(DomainError):
    """An input the arithmetic cannot use; ``field`` names it."""


@dataclass(frozen=True)
class Inputs:
    """What the author states. Percentages are 0 to 100; money is in pounds."""

    investment: Decimal
    people: int
    proxy: Decimal  # the value of the outcome for one person for one year
    deadweight: Decimal = Decimal(0)
    displacement: Decimal = Decimal(0)
    attribution: Decimal = Decimal(0)
    drop_off: Decimal = Decimal(0)
    duration: int = 1
    discount_rate: Decimal = GREEN_BOOK_RATE


@dataclass(frozen=True)
class Year:
    number: int
    value: Decimal  # after the adjustments and drop-off, before discounting
    divisor: Decimal  # (1 + discount rate) ^ number
    present_value: Decimal


@dataclass(frozen=True)
class Working:
    """Every step, exact; ``shown`` rounds a figure as the pages show it."""

    inputs: Inputs
    gross: Decimal
    after_deadweight: Decimal
    after_displacement: Decimal
    first_year: Decimal
    years: list = field(default_factory=list)
    present_value: Decimal = Decimal(0)
    ratio: Decimal = Decimal(0)

    @property
    def pounds(self):
        return pounds(self.present_value)

    @property
    def ratio_shown(self):
        return ratio_shown(self.ratio)


def inputs(stated):
    """``Inputs`` from what an author stated: a mapping (form data, or a published copy's
    text) or an object with those attributes (a ``Working``). Missing values stay None, for
    ``check`` to name."""

    def get(name):
        found = stated.get(name) if hasattr(stated, "get") else getattr(stated, name, None)
        if found is None or found == "":
            return None
        kind = Inputs.__dataclass_fields__[name].type
        return int(found) if kind is int else Decimal(str(found))

    return Inputs(**{name: get(name) for name in Inputs.__dataclass_fields__})


def pounds(amount):
    """Rounded to the penny, half up."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def ratio_shown(ratio):
    """To two decimal places, half up."""
    return ratio.quantize(PENNY, rounding=ROUND_HALF_UP)


def check(inputs):
    """Refuse what the arithmetic cannot use, naming the field and saying what to enter."""
    if inputs.investment is None or inputs.investment <= 0:
        raise WorkingError("Enter the amount invested, more than £0", field="investment")
    if inputs.people is None or inputs.people < 1:
        raise WorkingError("Enter how many people the outcome was for, 1 or more", field="people")
    if inputs.people > MOST_PEOPLE:
        raise WorkingError(
            "Enter a number of people that is 2,147,483,647 or fewer", field="people"
        )
    if inputs.proxy is None or inputs.proxy < 0:
        raise WorkingError("Enter the value for one person for a year, £0 or more", field="proxy")
    for name, label in ADJUSTMENTS.items():
        percent = getattr(inputs, name)
        if percent is None or not Decimal(0) <= percent <= HUNDRED:
            raise WorkingError(f"{label} must be between 0% and 100%", field=name)
    if inputs.duration is None or not 1 <= inputs.duration <= LONGEST:
        raise WorkingError(
            f"Enter how many years the outcome lasts, from 1 to {LONGEST}", field="duration"
        )


def work_out(inputs):
    """The value of an outcome, step by step (see the module's docstring)."""
    check(inputs)
    with localcontext() as exact:
        exact.prec = 60
        share = _share
        gross = inputs.people * inputs.proxy
        after_deadweight = gross * share(inputs.deadweight)
        after_displacement = after_deadweight * share(inputs.displacement)
        first_year = after_displacement * share(inputs.attribution)
        rate = 1 + inputs.discount_rate / HUNDRED
        years, value = [], first_year
        for number in range(1, inputs.duration + 1):
            if number > 1:
                value = value * share(inputs.drop_off)
            divisor = rate**number
            years.append(Year(number, value, divisor, value / divisor))
        present_value = sum((year.present_value for year in years), Decimal(0))
        if present_value / inputs.investment >= LARGEST or gross >= LARGEST:
            raise WorkingError(
                "The figure this works out to is too large to be right: check the amount "
                "invested, the number of people and the value for one person",
                field="investment",
            )
        return Working(
            inputs=inputs,
            gross=gross,
            after_deadweight=after_deadweight,
            after_displacement=after_displacement,
            first_year=first_year,
            years=years,
            present_value=present_value,
            ratio=present_value / inputs.investment,
        )


def _share(percent):
    """What is left after taking ``percent`` away: 1 - percent / 100."""
    return 1 - percent / HUNDRED


@dataclass(frozen=True)
class Sensitivity:
    """One assumption moved down and up by ``step`` points (kept within 0 to 100%)."""

    name: str
    label: str
    step: Decimal
    lower: Decimal  # the assumption's value when moved down
    higher: Decimal
    ratio_lower: Decimal
    ratio: Decimal
    ratio_higher: Decimal


def sensitivity(inputs):
    """How much the ratio depends on each assumption: a row per adjustment."""
    central = work_out(inputs).ratio
    rows = []
    for name, label in ADJUSTMENTS.items():
        step = SENSITIVITY[name]
        stated = getattr(inputs, name)
        lower, higher = max(stated - step, Decimal(0)), min(stated + step, HUNDRED)
        rows.append(
            Sensitivity(
                name=name,
                label=label,
                step=step,
                lower=lower,
                higher=higher,
                ratio_lower=work_out(replace(inputs, **{name: lower})).ratio,
                ratio=central,
                ratio_higher=work_out(replace(inputs, **{name: higher})).ratio,
            )
        )
    return rows
