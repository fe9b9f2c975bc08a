"""Document 000, Annex 3 (市生态环境局深入开展廉政风险排查防控工作安排), word for word: the template
from which a campaign's schedule is prefilled. Months are the plan's; a campaign sets real dates.

Columns: 序号 | 阶段 | 主要任务内容 | 牵头单位 | 责任单位 | 完成时间, plus the register state that
marks the task done for a responsible unit (blank: not computed from the registers).
"""

import calendar
import re
from datetime import date

ANNEX3_TITLE = "市生态环境局深入开展廉政风险排查防控工作安排"
ANNEX3_HEADERS = ["序号", "阶段", "主要任务内容", "牵头单位", "责任单位", "完成时间"]

STAGE_1 = "动员部署深入排查分析阶段"
STAGE_2 = "动态防控完善制度机制阶段"
STAGE_3 = "巩固成果形成防控体系阶段"
ALL_UNITS = "机关处室、城区分局、直属单位"

# (stage, task, lead unit, responsible units, due text, required state)
ANNEX3_ROWS: list[tuple[str, str, str, str, str, str]] = [
    (STAGE_1, "制定下发局廉政风险排查防控工作方案", "机关党委", "机关党委", "6月底前", ""),
    (STAGE_1, "局党组召开会议进行动员部署", "机关党委", "机关党委", "7月", ""),
    (STAGE_1, "梳理权力清单、职责清单", "组织人事处", ALL_UNITS, "7月", ""),
    (STAGE_1, "查找廉政风险", "机关党委", ALL_UNITS, "7月", ""),
    (STAGE_1, "评定风险类别", "机关纪委", ALL_UNITS, "7月", ""),
    (
        STAGE_1,
        "处室、分局、直属单位制定《廉政风险清单》",
        "机关纪委",
        ALL_UNITS,
        "8月10日前",
        "submitted",
    ),
    (STAGE_1, "局党组研究《廉政风险清单》", "机关纪委", "机关纪委", "8月底前", "deliberated"),
    (
        STAGE_1,
        "公示《廉政风险清单》,上报市纪委市监委",
        "机关纪委",
        "机关纪委",
        "9月底前",
        "published",
    ),
    (
        STAGE_2,
        "进一步完善领导班子议事规则和“三重一大”决策机制",
        "组织人事处",
        "组织人事处",
        "2020年1月",
        "",
    ),
    (
        STAGE_2,
        "制定局系统党风廉政教育、常态化监督管理制度",
        "机关纪委",
        "机关纪委",
        "2020年3月",
        "",
    ),
    (STAGE_2, "完善风险防控措施", "机关纪委", ALL_UNITS, "2020年12月底", ""),
    (STAGE_2, "健全廉政档案", "机关纪委", "机关纪委", "2020年底", ""),
    (
        STAGE_3,
        "及时总结排查防控工作经验,定期研究分析,组织“回头看”检查,通过“三个看”,全面评估防控工作成效",
        "机关纪委",
        ALL_UNITS,
        "2021年",
        "",
    ),
]


_DAY_RE = re.compile(r"^(\d{1,2})月(\d{1,2})日")
_MONTH_RE = re.compile(r"^(\d{1,2})月(底)?(前)?$")


def deadline_from_due_text(*, due_text: str, year: int) -> date | None:
    """The plan's "8月10日前" / "8月底前" / "7月" in the campaign's year; rows naming another year
    ("2020年1月") are left for the administrator to date."""
    text = due_text.strip()
    if match := _DAY_RE.match(text):
        month, day = int(match.group(1)), int(match.group(2))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if match := _MONTH_RE.match(text):
        month = int(match.group(1))
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1])
    return None


def date_cn(value: date | None) -> str:
    """A date as official documents write it: 2026年11月25日."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


# Document 000 is dated 2019: its plan writes that year's deadlines without a year ("8月10日前") and
# names the later ones outright ("2020年1月", "2021年"), so both are relative to 2019.
DOCUMENT_YEAR = 2019
_TEMPLATE_DUE_TEXTS = frozenset(due for _s, _t, _l, _u, due, _r in ANNEX3_ROWS)
_YEAR_RE = re.compile(r"(\d{4})年")
_MONTH_FIRST_RE = re.compile(r"^\d{1,2}月")


def schedule_due(*, due_text: str, deadline: date | None, year: int) -> str:
    """The 完成时间 a campaign's Annex 3 prints for one row: always with its year, never the
    document's. A row with a deadline prints it, in the row's own words when they still say that
    date ("8月10日前" due on 10 August → "2026年8月10日前"), else as the date ("2027年1月31日前").
    Without a deadline, a text naming a month gets the campaign's year, and the document's own
    "2020年1月" moves with the campaign (a 2026 campaign: "2027年1月"); other texts print as
    written."""
    text = due_text.strip()
    if deadline is not None:
        if deadline_from_due_text(due_text=text, year=deadline.year) == deadline:
            return f"{deadline.year}年{text}"
        return f"{date_cn(deadline)}前"
    if text in _TEMPLATE_DUE_TEXTS and _YEAR_RE.search(text):
        shift = year - DOCUMENT_YEAR
        return _YEAR_RE.sub(lambda match: f"{int(match.group(1)) + shift}年", text)
    if _MONTH_FIRST_RE.match(text):
        return f"{year}年{text}"
    return text
