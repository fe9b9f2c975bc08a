"""The computation (assessment.scoring), without the database: the weighted total on 100 points,
its rounding, the range of each indicator, the grades at their exact boundaries, the year's
average."""

from decimal import Decimal

import pytest

from assessment.choices import Grade
from assessment.scoring import (
    DEFAULT_THRESHOLDS,
    Rule,
    ScoreError,
    Thresholds,
    check_thresholds,
    grade_for,
    plain,
    weighted_total,
    year_average,
)

D = Decimal
# Document 003's four ways with the default weights, each scored 0–100.
FOUR = [
    Rule(1, "监督检查", 30, D(0), D(100)),
    Rule(2, "民主测评", 30, D(0), D(100)),
    Rule(3, "个别谈话", 20, D(0), D(100)),
    Rule(4, "查阅廉情档案", 20, D(0), D(100)),
]


def four(a: str, b: str, c: str, d: str) -> dict[int, Decimal | None]:
    return {1: D(a), 2: D(b), 3: D(c), 4: D(d)}


def test_the_bounds_of_the_ranges_give_0_and_100() -> None:
    assert weighted_total(FOUR, four("0", "0", "0", "0")) == D("0.00")
    assert weighted_total(FOUR, four("100", "100", "100", "100")) == D("100.00")


def test_each_indicator_counts_by_its_weight() -> None:
    # 0.3·40 + 0.3·55 + 0.2·50 + 0.2·30 = 44.5
    assert weighted_total(FOUR, four("40", "55", "50", "30")) == D("44.50")
    # Only the first indicator full: its weight.
    assert weighted_total(FOUR, four("100", "0", "0", "0")) == D("30.00")


def test_ranges_other_than_0_to_100_are_normalized() -> None:
    rules = [Rule(1, "民主测评", 50, D(60), D(100)), Rule(2, "个别谈话", 50, D(0), D(10))]
    # (80−60)/40 = 0.5 and 5/10 = 0.5: half marks.
    assert weighted_total(rules, {1: D(80), 2: D(5)}) == D("50.00")
    # The lowest score of a range is nothing, whatever its value.
    assert weighted_total(rules, {1: D(60), 2: D(10)}) == D("50.00")
    # Negative ranges work the same.
    assert weighted_total([Rule(1, "扣分项", 1, D(-10), D(0))], {1: D(-5)}) == D("50.00")


def test_weights_need_not_add_up_to_100() -> None:
    rules = [Rule(1, "甲", 1, D(0), D(100)), Rule(2, "乙", 3, D(0), D(100))]
    # (1·1 + 3·0.5) / 4 · 100 = 62.5
    assert weighted_total(rules, {1: D(100), 2: D(50)}) == D("62.50")


def test_the_total_is_rounded_half_up_to_two_decimals() -> None:
    rules = [Rule(1, "甲", 1, D(0), D(3)), Rule(2, "乙", 2, D(0), D(3))]
    # (1·1/3 + 2·0) / 3 · 100 = 11.111… → 11.11
    assert weighted_total(rules, {1: D(1), 2: D(0)}) == D("11.11")
    # 2/3 of 100 = 66.666… → 66.67
    assert weighted_total([Rule(1, "甲", 1, D(0), D(3))], {1: D(2)}) == D("66.67")
    # Exactly half a cent rounds up: 123.45 of 1000 is 12.345.
    assert weighted_total([Rule(1, "甲", 1, D(0), D(1000))], {1: D("123.45")}) == D("12.35")


@pytest.mark.parametrize("value", ["-0.01", "100.01", "1000", "-5"])
def test_a_value_outside_its_range_is_refused_with_the_range(value: str) -> None:
    values = four("90", "90", "90", "90")
    values[2] = D(value)
    with pytest.raises(ScoreError) as refused:
        weighted_total(FOUR, values)
    assert refused.value.key == 2
    assert refused.value.message == "“民主测评”的得分应在0至100分之间。"


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_a_value_that_is_no_number_is_refused(value: str) -> None:
    values = four("90", "90", "90", "90")
    values[4] = D(value)
    with pytest.raises(ScoreError) as refused:
        weighted_total(FOUR, values)
    assert refused.value.key == 4


def test_a_missing_value_is_refused() -> None:
    values = four("90", "90", "90", "90")
    values[3] = None
    with pytest.raises(ScoreError, match="请填写“个别谈话”的得分"):
        weighted_total(FOUR, values)
    del values[3]
    with pytest.raises(ScoreError, match="个别谈话"):
        weighted_total(FOUR, values)


def test_no_indicator_or_a_broken_one_is_refused() -> None:
    with pytest.raises(ScoreError, match="没有启用的考核指标"):
        weighted_total([], {})
    with pytest.raises(ScoreError, match="最高分应大于最低分"):
        weighted_total([Rule(1, "甲", 10, D(5), D(5))], {1: D(5)})
    with pytest.raises(ScoreError, match="权重应大于0"):
        weighted_total([Rule(1, "甲", 0, D(0), D(5))], {1: D(5)})


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", Grade.GOOD),
        ("90", Grade.GOOD),
        ("89.99", Grade.FINE),
        ("80", Grade.FINE),
        ("79.99", Grade.FAIR),
        ("60", Grade.FAIR),
        ("59.99", Grade.POOR),
        ("0", Grade.POOR),
    ],
)
def test_grades_at_their_boundaries(total: str, grade: Grade) -> None:
    assert grade_for(D(total), DEFAULT_THRESHOLDS) == grade


def test_other_thresholds() -> None:
    strict = Thresholds(D(95), D(85), D("70.5"))
    assert grade_for(D("94.99"), strict) == Grade.FINE
    assert grade_for(D("70.5"), strict) == Grade.FAIR
    assert grade_for(D("70.49"), strict) == Grade.POOR


@pytest.mark.parametrize(
    ("good", "fine", "fair"),
    [
        ("90", "90", "60"),
        ("80", "90", "60"),
        ("90", "80", "80"),
        ("101", "80", "60"),
        ("90", "80", "-1"),
        ("NaN", "80", "60"),
    ],
)
def test_thresholds_must_leave_room_for_each_grade(good: str, fine: str, fair: str) -> None:
    with pytest.raises(ScoreError):
        check_thresholds(Thresholds(D(good), D(fine), D(fair)))


def test_thresholds_at_the_ends_are_allowed() -> None:
    check_thresholds(Thresholds(D(100), D(50), D(0)))


def test_the_year_average() -> None:
    assert year_average([]) is None
    assert year_average([D("90"), D("80")]) == D("85.00")
    assert year_average([D("90.01"), D("80"), D("70")]) == D("80.00")  # 80.0033…
    assert year_average([D("100"), D("100"), D("100"), D("99.99")]) == D("100.00")  # 99.9975


def test_numbers_read_as_people_write_them() -> None:
    assert plain(D("100.00")) == "100"
    assert plain(D("87.50")) == "87.5"
    assert plain(D("0.00")) == "0"
    assert plain(D("-10")) == "-10"
