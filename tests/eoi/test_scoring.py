from decimal import Decimal

import pytest

from eoi.scoring import CriterionScore, agreement, rank, weighted_total


def scores(*values, weights=None, max_score=4):
    weights = weights or [1] * len(values)
    return [
        CriterionScore(criterion_id=i, value=v, max_score=max_score, weight=Decimal(str(w)))
        for i, (v, w) in enumerate(zip(values, weights, strict=True), start=1)
    ]


def test_weighted_total_is_a_percentage_of_the_weighted_maximum():
    assert weighted_total(scores(4, 4, 4)) == Decimal("100.0")
    assert weighted_total(scores(2, 2, 2)) == Decimal("50.0")
    # (4*2 + 0*1) / (4*2 + 4*1) = 8/12
    assert weighted_total(scores(4, 0, weights=[2, 1])) == Decimal("66.7")


def test_not_applicable_is_left_out_not_counted_as_zero():
    with_na = weighted_total(scores(4, None, 4))
    assert with_na == Decimal("100.0")
    assert weighted_total(scores(4, 0, 4)) == Decimal("66.7")


def test_all_not_applicable_has_no_total():
    assert weighted_total(scores(None, None)) is None


def test_a_score_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="outside 0 to 4"):
        weighted_total(scores(5))


def test_mean_median_and_spread_of_assessors_totals():
    result = agreement([scores(4, 4), scores(2, 2), scores(3, 3)])  # 100, 50, 75
    assert result.totals == (Decimal("100.0"), Decimal("50.0"), Decimal("75.0"))
    assert result.mean == Decimal("75.0")
    assert result.median == Decimal("75.0")
    assert result.spread == Decimal("20.4")  # population standard deviation
    assert result.disagreements == (1, 2)


def test_median_of_an_even_number_of_assessors():
    result = agreement([scores(4), scores(3), scores(1), scores(2)])  # 100, 75, 25, 50
    assert result.median == Decimal("62.5")


def test_a_difference_of_one_point_is_not_a_disagreement_and_two_is():
    assert not agreement([scores(3, 2), scores(2, 3)]).has_disagreement
    assert agreement([scores(3, 2), scores(1, 2)]).disagreements == (1,)


def test_not_applicable_does_not_create_a_disagreement():
    assert not agreement([scores(None, 2), scores(4, 2)]).has_disagreement


def test_no_assessments_means_no_figures():
    result = agreement([])
    assert (result.mean, result.median, result.spread) == (None, None, None)


def test_ties_are_shown_as_ties():
    ranked = rank([("a", Decimal("70")), ("b", Decimal("85")), ("c", Decimal("70")), ("d", None)])
    assert [(r.key, r.label) for r in ranked] == [
        ("b", "1"),
        ("a", "2="),
        ("c", "2="),
        ("d", "Not ranked"),
    ]
    assert [r.rank for r in ranked] == [1, 2, 2, None]


def test_after_a_tie_the_next_place_skips():
    ranked = rank([("a", Decimal("90")), ("b", Decimal("90")), ("c", Decimal("60"))])
    assert [r.label for r in ranked] == ["1=", "1=", "3"]


def scales(*max_and_weight):
    from eoi.scoring import CriterionScale

    return [
        CriterionScale(i, m, Decimal(str(w))) for i, (m, w) in enumerate(max_and_weight, start=1)
    ]


def test_combined_total_uses_the_mean_where_not_moderated():
    from eoi.scoring import combined_total

    # Criterion 1: assessors 4 and 2 -> mean 3; criterion 2: 4 and 4.
    total = combined_total(scales((4, 1), (4, 1)), {1: [4, 2], 2: [4, 4]}, {})
    assert total == Decimal("87.5")


def test_combined_total_uses_the_agreed_score_where_moderated():
    from eoi.scoring import combined_total

    total = combined_total(scales((4, 1), (4, 1)), {1: [4, 2], 2: [4, 4]}, {1: 2})
    assert total == Decimal("75.0")


def test_combined_total_leaves_out_not_applicable_from_assessors_and_moderation():
    from eoi.scoring import combined_total

    everyone_na = combined_total(scales((4, 1), (4, 1)), {1: [None, None], 2: [2, 2]}, {})
    assert everyone_na == Decimal("50.0")
    agreed_na = combined_total(scales((4, 1), (4, 1)), {1: [4, 4], 2: [2, 2]}, {1: None})
    assert agreed_na == Decimal("50.0")
    one_na = combined_total(scales((4, 1)), {1: [None, 4]}, {})
    assert one_na == Decimal("100.0")
