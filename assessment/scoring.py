"""The computation of a quarterly assessment, free of the database: the weighted total, the grade,
the year's average. The pages state the same formula (FORMULA):

    总分 = Σ(权重 × (得分 − 最低分) ÷ (最高分 − 最低分)) ÷ Σ权重 × 100

so that every indicator counts by its weight whatever its range, and the total is on 100 points
however the weights add up; it is rounded half up to two decimals. The grade is the best one whose
lower bound the total reaches (好 ≥ good_from, 良好 ≥ fine_from, 一般 ≥ fair_from, else 不良).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.choices import Grade

FORMULA = gettext_lazy("总分 = Σ(权重 × (得分 − 最低分) ÷ (最高分 − 最低分)) ÷ Σ权重 × 100")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class ScoreError(ValueError):
    """A value or a setting the computation refuses; `key` names the indicator concerned, when
    there is one, so that the form can show the message beside its field."""

    def __init__(self, message: str, *, key: int | None = None) -> None:
        self.message = message
        self.key = key
        super().__init__(message)


@dataclass(frozen=True)
class Rule:
    """An indicator as it is scored: its weight and the range of its score."""

    key: int
    name: str
    weight: int
    min_score: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class Thresholds:
    """The lower bounds of 好, 良好 and 一般 on the 100-point total."""

    good_from: Decimal
    fine_from: Decimal
    fair_from: Decimal


DEFAULT_THRESHOLDS = Thresholds(Decimal(90), Decimal(80), Decimal(60))


def plain(value: Decimal) -> str:
    """A number as people write it: 100, 87.5 (not 1E+2, not 87.50)."""
    text = f"{value.normalize():f}"
    return "0" if text in {"-0", ""} else text


def check_rule(rule: Rule) -> None:
    if rule.weight <= 0:
        raise ScoreError(_("“%(name)s”的权重应大于0。") % {"name": rule.name}, key=rule.key)
    if not rule.max_score > rule.min_score:
        raise ScoreError(_("“%(name)s”的最高分应大于最低分。") % {"name": rule.name}, key=rule.key)


def check_value(rule: Rule, value: Decimal | None) -> Decimal:
    """The value if it is a number within the indicator's range; else a ScoreError saying so."""
    if value is None:
        raise ScoreError(_("请填写“%(name)s”的得分。") % {"name": rule.name}, key=rule.key)
    if not value.is_finite() or not rule.min_score <= value <= rule.max_score:
        raise ScoreError(
            _("“%(name)s”的得分应在%(low)s至%(high)s分之间。")
            % {"name": rule.name, "low": plain(rule.min_score), "high": plain(rule.max_score)},
            key=rule.key,
        )
    return value


def weighted_total(rules: Sequence[Rule], values: Mapping[int, Decimal | None]) -> Decimal:
    """The 100-point total of `values` (by rule key) under `rules` (see the module's formula).
    Every rule needs a value within its range."""
    if not rules:
        raise ScoreError(_("没有启用的考核指标,请先设置考核指标。"))
    weighted = Decimal(0)
    weights = 0
    for rule in rules:
        check_rule(rule)
        value = check_value(rule, values.get(rule.key))
        weighted += rule.weight * (value - rule.min_score) / (rule.max_score - rule.min_score)
        weights += rule.weight
    try:
        return (weighted / weights * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:  # pragma: no cover - bounded inputs cannot overflow
        raise ScoreError(_("得分无法计算。")) from error


def check_thresholds(thresholds: Thresholds) -> None:
    """0 ≤ 一般 < 良好 < 好 ≤ 100: each grade has room, and 不良 is what lies below 一般."""
    good, fine, fair = thresholds.good_from, thresholds.fine_from, thresholds.fair_from
    if not all(v.is_finite() for v in (good, fine, fair)):
        raise ScoreError(_("等级分数线应为数字。"))
    if not (Decimal(0) <= fair < fine < good <= HUNDRED):
        raise ScoreError(_("等级分数线应满足:0 ≤ “一般” < “良好” < “好” ≤ 100。"))


def grade_for(total: Decimal, thresholds: Thresholds) -> Grade:
    if total >= thresholds.good_from:
        return Grade.GOOD
    if total >= thresholds.fine_from:
        return Grade.FINE
    if total >= thresholds.fair_from:
        return Grade.FAIR
    return Grade.POOR


def year_average(totals: Sequence[Decimal]) -> Decimal | None:
    """The average of a year's quarter totals (those scored), two decimals; None without any."""
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)
