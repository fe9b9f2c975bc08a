"""Review rounds (回头看, document 000 三(三)): the committee opens a round for a campaign with a
deadline; each unit answers the "三个看" for its register, with findings per register or per entry;
a finding becomes a new entry of the register or a rectification item; the committee rates each
answer and closes the round with its conclusion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oversight.models import Rectification
from registers.models import Campaign, Register, RiskEntry
from reviews.choices import AnswerState, FindingKind, FindingOutcome, Rating, RoundState

USER = settings.AUTH_USER_MODEL


class ReviewRound(models.Model):
    """One 回头看 of a campaign: every unit- and department-level register of the campaign gets
    an answer to write by the deadline."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("排查工作"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    title = models.CharField(_("名称"), max_length=200)
    instructions = models.TextField(_("工作要求"), blank=True, max_length=4000)
    deadline = models.DateField(_("答复截止日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )
    opened_by = models.ForeignKey(
        USER, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    closed_by = models.ForeignKey(
        USER,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    conclusion = models.TextField(_("总体结论"), blank=True, max_length=8000)

    class Meta:
        verbose_name = _("回头看")
        verbose_name_plural = _("回头看")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ReviewAnswer(models.Model):
    """A unit's answer to the three questions for one register, and the committee's rating."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("回头看"), on_delete=models.CASCADE, related_name="answers"
    )
    register = models.ForeignKey(
        Register, verbose_name=_("清单"), on_delete=models.PROTECT, related_name="review_answers"
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=AnswerState.choices, default=AnswerState.DRAFT
    )
    q1_missing_risks = models.TextField(_("一看廉政风险有无遗漏项"), blank=True, max_length=4000)
    q2_measures_in_place = models.TextField(
        _("二看廉政风险防控措施是否到位"), blank=True, max_length=4000
    )
    q3_effects_shown = models.TextField(
        _("三看廉政风险防控效果是否显现"), blank=True, max_length=4000
    )
    updated_by = models.ForeignKey(
        USER,
        verbose_name=_("填写人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        USER,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    rating = models.CharField(_("纪委评定"), max_length=12, choices=Rating.choices, blank=True)
    committee_conclusion = models.TextField(_("纪委意见"), blank=True, max_length=4000)
    rated_by = models.ForeignKey(
        USER,
        verbose_name=_("评定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("回头看答复")
        verbose_name_plural = _("回头看答复")
        ordering = ["round", "register__unit__order", "register__unit__code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "register"], name="review_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round.title} · {self.register}"


class ReviewFinding(models.Model):
    """A problem the answer names: a risk missing from the register, a measure not in place (of
    one entry, where it matters), or another. It becomes a new entry of the register or a
    rectification item, at the choice of whoever acts on it."""

    answer = models.ForeignKey(
        ReviewAnswer,
        verbose_name=_("回头看答复"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    kind = models.CharField(_("问题类型"), max_length=20, choices=FindingKind.choices)
    entry = models.ForeignKey(
        RiskEntry,
        verbose_name=_("关联风险点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("问题描述"), max_length=4000)
    outcome = models.CharField(
        _("处理结果"),
        max_length=14,
        choices=FindingOutcome.choices,
        default=FindingOutcome.PENDING,
    )
    new_entry = models.ForeignKey(
        RiskEntry,
        verbose_name=_("补入的风险点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rectification = models.ForeignKey(
        Rectification,
        verbose_name=_("整改事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("填写人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("填写时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回头看发现的问题")
        verbose_name_plural = _("回头看发现的问题")
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return self.text[:40]
