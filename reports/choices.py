from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    ANNEX_PDF = "annex_pdf", _("清单(PDF)")
    ANNEX_XLSX = "annex_xlsx", _("清单(Excel)")
    ANNEX3_PDF = "annex3_pdf", _("工作安排(PDF)")
    ANNEX3_XLSX = "annex3_xlsx", _("工作安排(Excel)")
    WORKBOOK_XLSX = "workbook_xlsx", _("排查工作汇总(Excel)")
    STATS_XLSX = "stats_xlsx", _("统计(Excel)")


class ExportState(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
