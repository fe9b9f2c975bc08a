from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from audit import actions


class ExportKind(models.TextChoices):
    ANNEX_PDF = "annex_pdf", _("清单(PDF)")
    ANNEX_XLSX = "annex_xlsx", _("清单(Excel)")
    FULL_XLSX = "full_xlsx", _("完整清单(Excel,可再导入)")
    ANNEX3_PDF = "annex3_pdf", _("工作安排(PDF)")
    ANNEX3_XLSX = "annex3_xlsx", _("工作安排(Excel)")
    WORKBOOK_XLSX = "workbook_xlsx", _("排查工作汇总(Excel)")
    STATS_XLSX = "stats_xlsx", _("统计(Excel)")


class ExportState(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


# The audit code of each kind of export (every export writes one row; see audit.actions).
EXPORT_AUDIT_ACTIONS: dict[str, str] = {
    ExportKind.ANNEX_PDF: actions.REGISTER_EXPORT_PDF,
    ExportKind.ANNEX_XLSX: actions.REGISTER_EXPORT_XLSX,
    ExportKind.FULL_XLSX: actions.REGISTER_EXPORT_FULL_XLSX,
    ExportKind.ANNEX3_PDF: actions.CAMPAIGN_EXPORT_ANNEX3_PDF,
    ExportKind.ANNEX3_XLSX: actions.CAMPAIGN_EXPORT_ANNEX3_XLSX,
    ExportKind.WORKBOOK_XLSX: actions.CAMPAIGN_EXPORT_WORKBOOK,
    ExportKind.STATS_XLSX: actions.CAMPAIGN_EXPORT_STATS,
}

# How the audit trail names what this app records (see audit.labels).
AUDIT_LABELS: dict[str, str | Promise] = {
    **{
        EXPORT_AUDIT_ACTIONS[kind]: format_lazy("{}{}", _("导出"), kind.label)
        for kind in ExportKind
    },
    actions.EXPORT_JOB_FAIL: _("导出任务失败"),
    actions.EXPORT_JOB_REQUEUE: _("导出任务重新排队"),
    actions.EXPORT_JOB_RETRY: _("重试导出任务"),
}
