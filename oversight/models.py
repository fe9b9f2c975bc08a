"""What follows publication: measures carried out as actions, integrity leads, warnings
(廉情预警) and rectification (整改纠偏), with their evidence and the deadline chases."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit
from oversight.choices import (
    ActionStatus,
    ChaseKind,
    Disposal,
    LeadDecision,
    LeadSource,
    RectificationSource,
    RectificationState,
    WarningLevel,
    WarningState,
)
from registers.models import RiskEntry
from workflow.models import Feedback

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

USER = settings.AUTH_USER_MODEL


def _person(
    verbose_name: "StrOrPromise", *, related_name: str = "+", null: bool = True
) -> models.ForeignKey:
    return models.ForeignKey(
        USER,
        verbose_name=verbose_name,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


class Action(models.Model):
    """One action of an entry's 防控措施: what is done, by whom, by when, how far it has got, and
    who verified it (the department head or the committee)."""

    entry = models.ForeignKey(
        RiskEntry, verbose_name=_("风险点"), on_delete=models.CASCADE, related_name="actions"
    )
    content = models.TextField(_("措施内容"), max_length=2000)
    owner = _person(_("责任人"), related_name="oversight_actions")
    deadline = models.DateField(_("完成期限"), null=True, blank=True)
    status = models.CharField(
        _("落实状态"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress_note = models.TextField(_("落实情况"), blank=True, max_length=4000)
    on_inspection_list = models.BooleanField(
        _("列入检查清单"), default=False, help_text=_("一级风险岗位的防控措施列入监督检查清单")
    )
    verified_by = _person(_("核实人"))
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    verification_note = models.TextField(_("核实意见"), blank=True, max_length=2000)
    created_by = _person(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("防控措施落实")
        verbose_name_plural = _("防控措施落实")
        ordering = ["entry", "deadline", "id"]

    def __str__(self) -> str:
        return self.content[:40]


class Lead(models.Model):
    """An integrity lead (廉情信息) the committee recorded, and its triage."""

    source = models.CharField(_("来源"), max_length=12, choices=LeadSource.choices)
    summary = models.TextField(_("内容摘要"), max_length=4000)
    received_on = models.DateField(_("收到日期"))
    subject_user = _person(_("涉及人员"))
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name=_("涉及单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entries = models.ManyToManyField(
        RiskEntry, verbose_name=_("关联风险点"), blank=True, related_name="+"
    )
    feedback = models.OneToOneField(
        Feedback,
        verbose_name=_("公示监督意见"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead",
    )
    decision = models.CharField(
        _("研判结果"), max_length=14, choices=LeadDecision.choices, default=LeadDecision.PENDING
    )
    decision_note = models.TextField(_("研判意见"), blank=True, max_length=2000)
    decided_by = _person(_("研判人"))
    decided_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    recorded_by = _person(_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("廉情信息")
        verbose_name_plural = _("廉情信息")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        # Not the summary: the name goes into audit rows and notices, outside the committee.
        return f"{self.get_source_display()} #{self.pk}"


class Warning(models.Model):
    """A warning (廉情预警): started by the committee, approved by the party committee, carried
    out by the responsible department; the subject answers with a rectification report and the
    committee closes it. Confidential: see oversight.warnings.can_see_warning."""

    number = models.CharField(_("文号"), max_length=50, blank=True)
    level = models.CharField(_("预警等级"), max_length=10, choices=WarningLevel.choices)
    disposal = models.CharField(_("处置方式"), max_length=12, choices=Disposal.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=WarningState.choices, default=WarningState.DRAFT
    )
    subject_user = _person(_("预警对象(个人)"))
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任部门"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("负责具体落实的部门;预警对象为部门时即该部门"),
    )
    lead = models.ForeignKey(
        Lead,
        verbose_name=_("来源廉情信息"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warnings",
    )
    entries = models.ManyToManyField(
        RiskEntry, verbose_name=_("关联风险点"), blank=True, related_name="+"
    )
    facts = models.TextField(_("预警事由"), max_length=4000)
    requirement = models.TextField(_("整改要求"), max_length=4000)
    deadline = models.DateField(_("整改报告期限"))
    started_by = _person(_("启动人"))
    approved_by = _person(_("批准人"))
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    approval_note = models.TextField(_("审批意见"), blank=True, max_length=2000)
    issued_at = models.DateTimeField(_("下达时间"), null=True, blank=True)
    answer = models.TextField(_("整改报告"), blank=True, max_length=8000)
    answered_by = _person(_("报告人"))
    answered_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    closed_by = _person(_("销号人"))
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    close_note = models.TextField(_("销号意见"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("廉情预警")
        verbose_name_plural = _("廉情预警")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number or f"{self.get_level_display()} #{self.pk}"


class Rectification(models.Model):
    """A rectification item (整改纠偏) from any source, until the committee closes it (销号)."""

    source = models.CharField(_("来源"), max_length=12, choices=RectificationSource.choices)
    warning = models.ForeignKey(
        Warning,
        verbose_name=_("来源预警"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    lead = models.ForeignKey(
        Lead,
        verbose_name=_("来源廉情信息"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
    )
    entry = models.ForeignKey(
        RiskEntry,
        verbose_name=_("关联风险点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner = _person(_("整改责任人"), null=False)
    title = models.CharField(_("整改事项"), max_length=200)
    problem = models.TextField(_("存在问题"), max_length=4000)
    steps = models.TextField(_("整改措施"), blank=True, max_length=4000)
    deadline = models.DateField(_("整改期限"))
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
    )
    report = models.TextField(_("整改情况"), blank=True, max_length=8000)
    submitted_at = models.DateTimeField(_("提交销号时间"), null=True, blank=True)
    closed_by = _person(_("销号人"))
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    close_note = models.TextField(_("销号意见"), blank=True, max_length=2000)
    created_by = _person(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        # An item from a warning is as confidential as the warning: its title stays out of the
        # audit rows and notices that name it.
        return f"{_('整改事项')} #{self.pk}" if self.warning_id else self.title


class Attachment(models.Model):
    """Evidence uploaded to an action, a warning or a rectification item. Stored through Django's
    storage API, served only as a download to those who may see its parent."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveIntegerField()
    parent = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to="oversight/%Y/%m/", max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"))
    mime_type = models.CharField(_("类型"), max_length=100)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = _person(_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.name


class DeadlineChase(models.Model):
    """The record that the sweep sent a reminder or an overdue notice about one deadline on `day`
    (a rectification item, an action, a warning's report). Created in the same transaction as the
    notifications; the unique constraint makes every chase go out at most once."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("类型"), max_length=10, choices=ChaseKind.choices)
    day = models.DateField(_("日期"))
    recipients = models.TextField(_("接收人"), blank=True)
    created_at = models.DateTimeField(_("发送时间"))

    class Meta:
        verbose_name = _("期限督办记录")
        verbose_name_plural = _("期限督办记录")
        ordering = ["-day", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "day"], name="deadline_chase_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"
