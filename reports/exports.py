"""What each export kind produces: the builders, free of rights and of HTTP. The views, the Celery
task and the management command all come here, so the three give the same file."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from registers.models import Campaign, Register, RiskEntry
from reports.annex import annex_table, schedule_table
from reports.choices import ExportKind
from reports.full_register import full_register_xlsx
from reports.pdf import annex_pdf, schedule_pdf
from reports.selectors import (
    CampaignFigures,
    campaign_figures,
    campaign_registers,
    published_registers,
)
from reports.xlsx import (
    annex_sheet,
    annex_xlsx,
    grid_sheet,
    schedule_xlsx,
    sheet_title,
    to_bytes,
)

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Progress = Callable[[int], None]
# What an export is of, by id only ({"register": id} or {"campaign": id}): it is stored on the
# job row and travels to the worker as JSON.
ExportParams = dict[str, int]
# The kinds that export one register ({"register": id}).
REGISTER_KINDS = (ExportKind.ANNEX_PDF, ExportKind.ANNEX_XLSX, ExportKind.FULL_XLSX)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def _no_progress(percent: int) -> None:
    return None


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else ""


def summary_rows(figures: CampaignFigures) -> tuple[list[str], list[list[Any]]]:
    """The summary sheet: per register, its state, entries by category and grade, the high-risk
    share against the target, and the dates of submission, sign-off and publication."""
    headers = [_("单位/部门"), _("层面"), _("状态")]
    headers += [category.name for category in figures.categories]
    headers += [figures.grade_labels[grade] for grade in (1, 2, 3)]
    headers += [_("未评定"), _("合计"), _("高风险占比(%)"), _("目标(%)")]
    headers += [_("提交日期"), _("签字日期"), _("公示日期")]
    rows: list[list[Any]] = []
    for line in figures.registers:
        register = line.register
        rows.append(
            [
                register.unit.name,
                register.get_level_display(),
                register.get_state_display(),
                *[line.by_category.get(category.pk, 0) for category in figures.categories],
                *[line.by_grade.get(grade, 0) for grade in (1, 2, 3)],
                line.ungraded,
                line.total,
                line.share,
                figures.campaign.high_share_target,
                _when(line.submitted_at),
                _when(line.signed_at),
                _when(line.published_at),
            ]
        )
    return headers, rows


def campaign_workbook(campaign: Campaign, progress: Progress = _no_progress) -> bytes:
    """A summary sheet and one sheet per published register in its Annex layout."""
    figures = campaign_figures(registers=campaign_registers(campaign), campaign=campaign)
    wb = Workbook()
    summary = wb.active
    summary.title = _("汇总")
    headers, rows = summary_rows(figures)
    grid_sheet(
        summary, title=_("%(title)s汇总") % {"title": campaign.title}, headers=headers, rows=rows
    )
    taken = {summary.title}
    published = list(published_registers(campaign))
    for done, register in enumerate(published, start=1):
        table = annex_table(register)
        ws = wb.create_sheet(sheet_title(table.sheet_name or str(register), taken))
        annex_sheet(ws, table)
        progress(int(90 * done / max(1, len(published))))
    return to_bytes(wb)


def stats_workbook(figures: CampaignFigures) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("进度与占比")
    headers = [_("单位/部门"), _("层面"), _("状态"), _("风险点"), _("高风险")]
    headers += [_("高风险占比(%)"), _("目标(%)")]
    rows = [
        [
            line.register.unit.name,
            line.register.get_level_display(),
            line.register.get_state_display(),
            line.total,
            line.high,
            line.share,
            figures.campaign.high_share_target,
        ]
        for line in figures.registers
    ]
    grid_sheet(
        ws, title=_("%(title)s统计") % {"title": figures.campaign.title}, headers=headers, rows=rows
    )
    matrix = wb.create_sheet(_("类别×等级"))
    grade_headers = [figures.grade_labels[grade] for grade in (1, 2, 3)]
    grid_sheet(
        matrix,
        title=_("风险点数量(排查类别×风险类别)"),
        headers=[_("排查类别"), *grade_headers, _("合计")],
        rows=[[name, *cells, total] for name, cells, total in figures.matrix_rows()],
    )
    return to_bytes(wb)


def register_filename(register: Register, extension: str) -> str:
    return f"{register.title}.{extension}"


def export_size(*, kind: str, params: ExportParams) -> int:
    """The number of entries an export will lay out: what decides whether it runs in a worker."""
    if kind in REGISTER_KINDS:
        return RiskEntry.objects.filter(register_id=params["register"]).count()
    if kind == ExportKind.WORKBOOK_XLSX:
        published = published_registers(Campaign(pk=params["campaign"]))
        return (
            RiskEntry.objects.filter(register__in=published.values("pk")).aggregate(n=Count("id"))[
                "n"
            ]
            or 0
        )
    return 0


def export_build(
    *,
    kind: str,
    params: ExportParams,
    progress: Progress = _no_progress,
    figures: CampaignFigures | None = None,
) -> ExportFile:
    """Build one export. `params` holds ids only (it travels to the worker as JSON)."""
    if kind in REGISTER_KINDS:
        register = Register.objects.select_related("campaign", "unit", "post").get(
            pk=params["register"]
        )
        if kind == ExportKind.FULL_XLSX:
            name = _("%(title)s(完整)") % {"title": register.title}
            return ExportFile(full_register_xlsx(register), f"{name}.xlsx", XLSX)
        table = annex_table(register)
        progress(30)
        if kind == ExportKind.ANNEX_PDF:
            return ExportFile(annex_pdf(table), register_filename(register, "pdf"), PDF)
        return ExportFile(annex_xlsx(table), register_filename(register, "xlsx"), XLSX)
    campaign = Campaign.objects.select_related("category_set").get(pk=params["campaign"])
    if kind == ExportKind.ANNEX3_PDF:
        return ExportFile(
            schedule_pdf(schedule_table(campaign)),
            _("%(title)s工作安排") % {"title": campaign.title} + ".pdf",
            PDF,
        )
    if kind == ExportKind.ANNEX3_XLSX:
        return ExportFile(
            schedule_xlsx(schedule_table(campaign)),
            _("%(title)s工作安排") % {"title": campaign.title} + ".xlsx",
            XLSX,
        )
    if kind == ExportKind.WORKBOOK_XLSX:
        return ExportFile(
            campaign_workbook(campaign, progress),
            _("%(title)s汇总") % {"title": campaign.title} + ".xlsx",
            XLSX,
        )
    if kind == ExportKind.STATS_XLSX:
        if figures is None:
            figures = campaign_figures(registers=campaign_registers(campaign), campaign=campaign)
        return ExportFile(
            stats_workbook(figures), _("%(title)s统计") % {"title": campaign.title} + ".xlsx", XLSX
        )
    raise ValueError(f"unknown export kind {kind!r}")
