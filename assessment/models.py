"""Document 003's quarterly integrity assessment (季度廉政考核): configurable indicators and grade
thresholds, a period per quarter, one assessment per person and period, its scores."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.choices import QUARTERS, AssessorRole, Grade, Layer, PeriodState
from orgs.models import Unit

USER = settings.AUTH_USER_MODEL


class Indicator(models.Model):
    """One way of assessing (考核方式) with its weight and score range: document 003 names four
    (监督检查, 民主测评, 个别谈话, 查阅廉情档案), the default set. Only active indicators are
    scored; a score keeps a copy of the weight and range it was given under."""

    name = models.CharField(_("指标名称"), max_length=50, unique=True)
    description = models.TextField(_("评分说明"), blank=True, max_length=1000)
    weight = models.PositiveSmallIntegerField(
        _("权重"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2, default=0)
    max_score = models.DecimalField(
        _("最高分"), max_digits=6, decimal_places=2, default=Decimal(100)
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class GradeScale(models.Model):
    """The lower bounds of the grades on the 100-point total (one row; the defaults apply until
    somebody saves it): 好 from `good_from`, 良好 from `fine_from`, 一般 from `fair_from`, 不良
    below."""

    good_from = models.DecimalField(_("“好”的最低分"), max_digits=5, decimal_places=2, default=90)
    fine_from = models.DecimalField(_("“良好”的最低分"), max_digits=5, decimal_places=2, default=80)
    fair_from = models.DecimalField(_("“一般”的最低分"), max_digits=5, decimal_places=2, default=60)
    updated_by = models.ForeignKey(
        USER,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核等级标准")
        verbose_name_plural = _("考核等级标准")

    def __str__(self) -> str:
        return str(_("考核等级标准"))


class AssessmentPeriod(models.Model):
    """One quarter's assessment: opened by the committee with a scoring deadline (评分截止日期),
    scored by the assessors, closed by the committee (the results are then final, shown to each
    person and fed into the year's roll-up)."""

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=QUARTERS)
    deadline = models.DateField(_("评分截止日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    opened_by = models.ForeignKey(
        USER, verbose_name=_("开启人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("开启时间"))
    closed_by = models.ForeignKey(
        USER,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核季度")
        verbose_name_plural = _("考核季度")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="assessment_period_once"),
        ]

    def __str__(self) -> str:
        return str(
            _("%(year)s年第%(quarter)s季度廉政考核") % {"year": self.year, "quarter": self.quarter}
        )

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN

    @property
    def starts_on(self) -> date:
        return quarter_start(self.year, self.quarter)

    @property
    def ends_on(self) -> date:
        return quarter_end(self.year, self.quarter)


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return quarter_start(year, quarter + 1) - timedelta(days=1)


class Assessment(models.Model):
    """One person's assessment in one quarter. The layer and the unit are those of the day the
    period opened; who may score it follows from them (assessment.permissions). A 不良 result of
    a closed period is final and recorded for the person's integrity file (`filed_at`; see
    assessment.selectors.adverse_results_of)."""

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("考核季度"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    person = models.ForeignKey(
        USER, verbose_name=_("考核对象"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("所在单位/部门"), on_delete=models.PROTECT, related_name="+"
    )
    layer = models.CharField(_("考核层面"), max_length=12, choices=Layer.choices)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=8, choices=Grade.choices, blank=True)
    note = models.TextField(_("考核评语"), blank=True, max_length=2000)
    assessor_role = models.CharField(
        _("评分身份"), max_length=20, choices=AssessorRole.choices, blank=True
    )
    scored_by = models.ForeignKey(
        USER,
        verbose_name=_("评分人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("记入廉政档案时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("廉政考核")
        verbose_name_plural = _("廉政考核")
        ordering = ["period_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "person"], name="assessment_once_a_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.person}"

    @property
    def is_scored(self) -> bool:
        return self.scored_at is not None

    @property
    def is_adverse(self) -> bool:
        return self.grade == Grade.POOR


class Score(models.Model):
    """One indicator's score in an assessment, with the indicator's name, weight and range as
    they were when it was given: a later change of the indicators leaves past results alone."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("廉政考核"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("考核指标"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("指标名称"), max_length=50)
    weight = models.PositiveSmallIntegerField(_("权重"))
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("最高分"), max_digits=6, decimal_places=2)
    value = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
