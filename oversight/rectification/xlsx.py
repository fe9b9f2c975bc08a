"""A unit's ledgers as one workbook: 整改台账 (rectification items) and 措施落实台账 (actions)."""

from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from orgs.models import Unit
from oversight.models import Action, Rectification
from oversight.rectification.selectors import action_overdue, is_overdue
from reports.xlsx import grid_sheet, to_bytes


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _name(person: object) -> str:
    return str(getattr(person, "name", "") or getattr(person, "username", "") or "")


def _rectification_sheet(
    ws: Worksheet, *, unit: Unit, items: list[Rectification], today: date
) -> None:
    grid_sheet(
        ws,
        title=_("%(unit)s整改台账") % {"unit": unit.name},
        headers=[
            _("整改事项"),
            _("来源"),
            _("存在问题"),
            _("整改措施"),
            _("整改责任人"),
            _("整改期限"),
            _("状态"),
            _("是否逾期"),
            _("整改情况"),
            _("销号时间"),
            _("销号意见"),
        ],
        rows=(
            [
                item.title,
                item.get_source_display(),
                item.problem,
                item.steps,
                _name(item.owner),
                _day(item.deadline),
                item.get_state_display(),
                _("逾期") if is_overdue(item, today) else "",
                item.report,
                item.closed_at.date().isoformat() if item.closed_at else "",
                item.close_note,
            ]
            for item in items
        ),
    )


def _action_sheet(ws: Worksheet, *, unit: Unit, items: list[Action], today: date) -> None:
    grid_sheet(
        ws,
        title=_("%(unit)s措施落实台账") % {"unit": unit.name},
        headers=[
            _("措施内容"),
            _("风险点"),
            _("排查工作"),
            _("责任人"),
            _("完成期限"),
            _("落实状态"),
            _("是否逾期"),
            _("落实情况"),
            _("核实人"),
            _("核实意见"),
        ],
        rows=(
            [
                item.content,
                item.entry.risk,
                item.entry.register.campaign.title,
                _name(item.owner),
                _day(item.deadline),
                item.get_status_display(),
                _("逾期") if action_overdue(item, today) else "",
                item.progress_note,
                _name(item.verified_by),
                item.verification_note,
            ]
            for item in items
        ),
    )


def ledger_xlsx(
    *, unit: Unit, rectifications: list[Rectification], actions: list[Action], today: date
) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = _("整改台账")
    _rectification_sheet(first, unit=unit, items=rectifications, today=today)
    _action_sheet(wb.create_sheet(_("措施落实台账")), unit=unit, items=actions, today=today)
    return to_bytes(wb)
