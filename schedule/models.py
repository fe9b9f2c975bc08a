"""A campaign's work schedule (Annex 3 rows), how its deadlines are chased, the record of
every reminder sent (the once-only guarantee), and the rows that units mark done by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit
from registers.choices import RegisterState
from registers.models import Campaign


class ScheduleTask(models.Model):
    """One row of a campaign's work schedule (Annex 3): stage, task, lead unit, responsible units,
    deadline. `required_state` ties the task to the registers: a responsible unit has done the task
    once its registers of the campaign have reached that state (or gone beyond it). A task without
    one is marked done by hand (TaskCompletion) or by another app's record (schedule.completion).
    Who must do it: schedule.responsibility."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("排查工作"), on_delete=models.CASCADE, related_name="schedule"
    )
    order = models.PositiveIntegerField(_("序号"), default=0)
    stage = models.CharField(_("阶段"), max_length=100)
    task = models.TextField(_("主要任务内容"))
    lead_unit = models.CharField(_("牵头单位"), max_length=100)
    responsible_units = models.CharField(_("责任单位"), max_length=200)
    due_text = models.CharField(
        _("完成时间"), max_length=50, help_text=_("表格中的写法,如“8月10日前”")
    )
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    required_state = models.CharField(
        _("完成标志"),
        max_length=12,
        choices=RegisterState.choices,
        blank=True,
        help_text=_("责任单位的清单达到该状态即视为完成;不填则由责任单位标记完成"),
    )

    class Meta:
        verbose_name = _("工作安排")
        verbose_name_plural = _("工作安排")
        ordering = ["campaign", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.task[:30]}"


DEFAULT_REMINDER_DAYS = "7,3,1"


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("截止提醒")
    OVERDUE = "overdue", _("逾期督办")


class CampaignReminderSettings(models.Model):
    """How a campaign's deadlines are chased: the days before a deadline on which the lagging
    units are reminded, and how often an overdue notice is repeated after the deadline."""

    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("排查工作"),
        on_delete=models.CASCADE,
        related_name="reminder_settings",
    )
    reminder_days = models.CharField(
        _("提前提醒天数"),
        max_length=50,
        default=DEFAULT_REMINDER_DAYS,
        help_text=_("截止日期前若干天提醒,逗号分隔,如“7,3,1”"),
    )
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("逾期督办间隔(天)"),
        default=7,
        help_text=_("截止当日发出逾期督办,此后每隔若干天再次督办"),
    )

    class Meta:
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.reminder_days}"

    @property
    def days(self) -> list[int]:
        """The reminder days as numbers, largest first; malformed parts are ignored."""
        return parse_reminder_days(self.reminder_days)


def parse_reminder_days(text: str) -> list[int]:
    """ "7,3,1" → [7, 3, 1]; tolerant of Chinese commas and blanks, ignores non-positive values."""
    values: set[int] = set()
    for part in text.replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if part.isdecimal() and int(part) > 0:
            values.add(int(part))
    return sorted(values, reverse=True)


class Reminder(models.Model):
    """The record that a reminder or overdue notice for (task, unit) was sent on `day`. Created
    in the same transaction as the notifications it stands for; the unique constraint is what
    makes two concurrent sweeps, or a retried one, send each reminder at most once."""

    task = models.ForeignKey(
        ScheduleTask, verbose_name=_("工作安排"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=ReminderKind.choices)
    day = models.DateField(_("日期"))
    days_before = models.IntegerField(_("距截止天数"))
    recipients = models.TextField(_("接收人"), blank=True)
    created_at = models.DateTimeField(_("发送时间"))

    class Meta:
        verbose_name = _("截止提醒记录")
        verbose_name_plural = _("截止提醒记录")
        ordering = ["-day", "task", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "kind", "day"], name="reminder_once_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.unit} {self.get_kind_display()}"


class TaskCompletion(models.Model):
    """A unit's word that it has done a row of the schedule that no register state marks done
    (动员部署, 查找廉政风险, 回头看 …): who said so, when, and how (`note`; evidence files hang on
    the row through oversight's attachments). Withdrawn, the row stays — with its evidence and
    the audit trail pointing at it — and counts no more until the unit marks the task done again,
    which fills it anew."""

    task = models.ForeignKey(
        ScheduleTask,
        verbose_name=_("工作安排"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(_("完成情况"))
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("标记时间"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作安排完成情况")
        verbose_name_plural = _("工作安排完成情况")
        ordering = ["task", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_completion_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.task}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
