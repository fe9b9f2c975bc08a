"""The statistics page's section of oversight (reports.stats_sections): warnings per level and
rectification items (new, closed, open, overdue) per unit and quarter of the campaign's year.

The committee and administrators see both, counted over the whole organization (counts only,
never the content of a confidential warning). Leaders, who see the statistics of their units,
get the rectification counts of the items they may see themselves, and no warnings at all."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import User
from oversight.choices import RectificationState, WarningLevel
from oversight.rectification.selectors import stats_rectifications
from oversight.warnings.permissions import is_committee, warnings_visible_to
from reports.stats_sections import StatsSection

LEVELS = WarningLevel.values


@dataclass
class StatsLine:
    unit: str  # the unit's name
    quarter: int
    order: tuple[int, str] = (0, "")  # the unit's place in the tree's order
    warnings: list[int] = field(default_factory=lambda: [0] * len(LEVELS))
    new: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0


def _unit_fields(prefix: str) -> tuple[str, ...]:
    return (prefix, f"{prefix}__name", f"{prefix}__order", f"{prefix}__code")


def oversight_stats(user: User, year: int) -> list[StatsSection]:
    # Warnings are counted for the committee only: the administrator is outside their circle.
    with_warnings = is_committee(user)
    lines: dict[tuple[int, int], StatsLine] = {}

    def line(row: dict[str, Any], prefix: str) -> StatsLine:
        # The unit's name and order come with the counts: no query for the units.
        key = (row[prefix], row["quarter"])
        if key not in lines:
            lines[key] = StatsLine(
                unit=row[f"{prefix}__name"],
                quarter=row["quarter"],
                order=(row[f"{prefix}__order"], row[f"{prefix}__code"]),
            )
        return lines[key]

    if with_warnings:
        issued = (
            warnings_visible_to(user)
            .filter(issued_at__year=year)
            .annotate(quarter=ExtractQuarter("issued_at"))
            .values(*_unit_fields("subject_unit"), "quarter", "level")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in issued:
            line(row, "subject_unit").warnings[LEVELS.index(row["level"])] += row["n"]
    today = timezone.localdate()
    items = (
        stats_rectifications(user)
        .filter(created_at__year=year)
        .annotate(quarter=ExtractQuarter("created_at"))
        .values(*_unit_fields("unit"), "quarter")
        .annotate(
            new=Count("id"),
            closed=Count("id", filter=Q(state=RectificationState.CLOSED)),
            overdue=Count("id", filter=Q(state=RectificationState.OPEN, deadline__lt=today)),
        )
        .order_by()
    )
    for counts in items:
        target = line(counts, "unit")
        target.new, target.closed = counts["new"], counts["closed"]
        target.overdue = counts["overdue"]
        target.open = counts["new"] - counts["closed"]
    ordered = sorted(lines.values(), key=lambda s: (s.order, s.quarter))
    totals = StatsLine(unit=_("合计"), quarter=0)
    for entry in ordered:
        totals.warnings = [a + b for a, b in zip(totals.warnings, entry.warnings, strict=True)]
        totals.new += entry.new
        totals.closed += entry.closed
        totals.open += entry.open
        totals.overdue += entry.overdue
    return [
        StatsSection(
            key="oversight",
            title=_("%(year)s年预警与整改情况(按单位、季度)") % {"year": year}
            if with_warnings
            else _("%(year)s年整改情况(按单位、季度)") % {"year": year},
            template="oversight/rectification/partials/_stats.html",
            context={
                "lines": ordered,
                "totals": totals,
                "with_warnings": with_warnings,
                "levels": [label for _value, label in WarningLevel.choices],
            },
        )
    ]
