"""Scoring arithmetic, in one place: weighted totals, agreement between assessors, ranking.

"Not applicable" is not zero: a criterion marked not applicable leaves both the score and the
maximum out of the total, so it neither helps nor harms. Totals are percentages of the maximum
the scored criteria could have earned, so assessments with different N/A answers compare fairly.
"""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DISAGREEMENT_POINTS = 2


@dataclass(frozen=True)
class CriterionScore:
    """One assessor's score on one criterion. ``value`` None means not applicable."""

    criterion_id: int
    value: int | None
    max_score: int
    weight: Decimal

    @property
    def not_applicable(self):
        return self.value is None


def weighted_total(scores):
    """The weighted total as a percentage of the weighted maximum, or None if all are N/A."""
    earned = Decimal(0)
    possible = Decimal(0)
    for score in scores:
        if score.not_applicable:
            continue
        if not 0 <= score.value <= score.max_score:
            raise ValueError(f"Score {score.value} is outside 0 to {score.max_score}")
        earned += Decimal(score.value) * Decimal(score.weight)
        possible += Decimal(score.max_score) * Decimal(score.weight)
    if possible == 0:
        return None
    return (earned / possible * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Agreement:
    """How a set of assessors' totals for one expression of interest compare."""

    totals: tuple
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None  # population standard deviation of the totals
    disagreements: tuple  # criterion ids where assessors differ by 2 points or more

    @property
    def has_disagreement(self):
        return bool(self.disagreements)


def _round(value):
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def agreement(assessments):
    """Summarise several assessors' scores (a list of lists of ``CriterionScore``)."""
    totals = tuple(t for t in (weighted_total(scores) for scores in assessments) if t is not None)
    by_criterion = {}
    for scores in assessments:
        for score in scores:
            if not score.not_applicable:
                by_criterion.setdefault(score.criterion_id, []).append(score.value)
    disagreements = tuple(
        sorted(
            criterion_id
            for criterion_id, values in by_criterion.items()
            if max(values) - min(values) >= DISAGREEMENT_POINTS
        )
    )
    if not totals:
        return Agreement(totals, None, None, None, disagreements)
    return Agreement(
        totals=totals,
        mean=_round(statistics.fmean(totals)),
        median=_round(statistics.median(totals)),
        spread=_round(statistics.pstdev(totals)),
        disagreements=disagreements,
    )


@dataclass(frozen=True)
class Ranked:
    key: object
    total: Decimal | None
    rank: int | None
    tied: bool

    @property
    def label(self):
        """'1', '2=' for a shared place, or 'Not ranked'."""
        if self.rank is None:
            return "Not ranked"
        return f"{self.rank}=" if self.tied else str(self.rank)


def rank(items):
    """Rank (key, total) pairs, highest first. Equal totals share a place and are marked as
    tied (1, 2=, 2=, 4); nothing breaks a tie silently. Items with no total come last."""
    scored = sorted((item for item in items if item[1] is not None), key=lambda item: -item[1])
    first_place = {}
    counts = {}
    for place, (_, total) in enumerate(scored, start=1):
        first_place.setdefault(total, place)
        counts[total] = counts.get(total, 0) + 1
    ranked = [Ranked(key, total, first_place[total], counts[total] > 1) for key, total in scored]
    ranked.extend(Ranked(key, None, None, False) for key, total in items if total is None)
    return ranked


@dataclass(frozen=True)
class CriterionScale:
    criterion_id: int
    max_score: int
    weight: Decimal


def combined_total(scales, values_by_criterion, agreed):
    """The total that ranks an expression of interest.

    For each criterion, the moderated (agreed) score where there is one, otherwise the mean of
    the assessors' scores; N/A is left out, never counted as zero. ``values_by_criterion`` maps
    criterion id to the assessors' values (None for N/A); ``agreed`` maps criterion id to the
    agreed value (None for N/A).
    """
    scores = []
    for scale in scales:
        if scale.criterion_id in agreed:
            value = agreed[scale.criterion_id]
        else:
            numbers = [v for v in values_by_criterion.get(scale.criterion_id, []) if v is not None]
            value = Decimal(sum(numbers)) / len(numbers) if numbers else None
        scores.append(CriterionScore(scale.criterion_id, value, scale.max_score, scale.weight))
    return weighted_total(scores)
