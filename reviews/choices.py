from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundState(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class AnswerState(models.TextChoices):
    """填写中 → 已提交 (the committee's turn) → 已评定."""

    DRAFT = "draft", _("待答复")
    SUBMITTED = "submitted", _("已提交")
    RATED = "rated", _("已评定")


# States of an answer the unit has given (the committee rates it; its findings may be acted on).
ANSWERED_STATES = (AnswerState.SUBMITTED, AnswerState.RATED)


class Rating(models.TextChoices):
    """The committee's rating of a unit's answer. Document 000 asks to "全面评估防控工作成效" but
    gives no scale; document 003's 好/良好/一般/不良 grades a person's integrity and a 不良 costs
    him promotion, so a unit's review is not rated in those words. This is the usual four-step
    scale of an evaluation of work (好/较好/一般/差), kept at four steps like document 003's."""

    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    AVERAGE = "average", _("一般")
    POOR = "poor", _("差")


class FindingKind(models.TextChoices):
    """What a finding is, after document 000's "三个看"."""

    MISSING_RISK = "missing_risk", _("遗漏的廉政风险")
    INEFFECTIVE_MEASURE = "ineffective_measure", _("防控措施不到位")
    OTHER = "other", _("其他问题")


class FindingOutcome(models.TextChoices):
    PENDING = "pending", _("待处理")
    NEW_ENTRY = "new_entry", _("已补入清单")
    RECTIFICATION = "rectification", _("已列入整改")


# Document 000, 三(三): the three questions of a 回头看, word for word.
QUESTIONS = (
    ("q1_missing_risks", _("一看廉政风险有无遗漏项")),
    ("q2_measures_in_place", _("二看廉政风险防控措施是否到位")),
    ("q3_effects_shown", _("三看廉政风险防控效果是否显现")),
)
