"""监督看板: for the committee and administrators, every open rectification item and every action
not done of the organization, overdue first, by unit, with the counts of warnings per level and
state and of rectification items per state."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise

from orgs.models import Unit, User
from oversight.choices import ActionStatus, RectificationState, WarningLevel, WarningState
from oversight.models import Action, Rectification
from oversight.rectification.selectors import (
    action_overdue,
    is_overdue,
    rectifications_visible_to,
)
from oversight.warnings.permissions import is_committee, warnings_visible_to


@dataclass
class BoardLine:
    """One open thing to watch: a rectification item or an action."""

    kind: str  # "rectification" | "action"
    unit: Unit
    title: str
    owner: User | None
    deadline: date | None
    state_label: str | Promise
    overdue: bool
    days_overdue: int
    obj: Rectification | Action

    def sort_key(self) -> tuple[bool, date, str, int]:
        return (not self.overdue, self.deadline or date.max, self.kind, self.obj.pk)


@dataclass
class UnitCounts:
    unit: Unit
    rectifications: int = 0
    rectifications_overdue: int = 0
    actions: int = 0
    actions_overdue: int = 0


@dataclass
class Board:
    lines: list[BoardLine]
    units: list[UnitCounts]
    # (level label, [count per state in WarningState order], total)
    warning_rows: list[tuple[str | Promise, list[int], int]]
    warning_states: list[str | Promise]
    rectification_states: list[tuple[str | Promise, int]]
    overdue: int = 0
    totals: Counter[str] = field(default_factory=Counter)


def _days_overdue(deadline: date | None, today: date, overdue: bool) -> int:
    return (today - deadline).days if overdue and deadline is not None else 0


def board_for(*, user: User, unit: Unit | None = None, today: date | None = None) -> Board:
    """The board as `user` (committee or administrator) sees it, optionally of one unit.

    Queries: the open rectification items (with unit, owner and warning), the actions not done
    (with owner and unit), the warning counts, the rectification counts per state."""
    today = today or timezone.localdate()
    rectifications = rectifications_visible_to(user).exclude(state=RectificationState.CLOSED)
    actions = (
        Action.objects.exclude(status=ActionStatus.DONE)
        .select_related("owner", "entry__register__unit")
        .order_by("pk")
    )
    if unit is not None:
        rectifications = rectifications.filter(unit=unit)
        actions = actions.filter(entry__register__unit=unit)
    lines: list[BoardLine] = []
    for item in rectifications:
        overdue = is_overdue(item, today)
        lines.append(
            BoardLine(
                kind="rectification",
                unit=item.unit,
                title=item.title,
                owner=item.owner,
                deadline=item.deadline,
                state_label=item.get_state_display(),
                overdue=overdue,
                days_overdue=_days_overdue(item.deadline, today, overdue),
                obj=item,
            )
        )
    for action in actions:
        overdue = action_overdue(action, today)
        lines.append(
            BoardLine(
                kind="action",
                unit=action.entry.register.unit,
                title=action.content,
                owner=action.owner,
                deadline=action.deadline,
                state_label=action.get_status_display(),
                overdue=overdue,
                days_overdue=_days_overdue(action.deadline, today, overdue),
                obj=action,
            )
        )
    lines.sort(key=BoardLine.sort_key)
    by_unit: dict[int, UnitCounts] = {}
    for line in lines:
        counts = by_unit.setdefault(line.unit.pk, UnitCounts(unit=line.unit))
        if line.kind == "rectification":
            counts.rectifications += 1
            counts.rectifications_overdue += line.overdue
        else:
            counts.actions += 1
            counts.actions_overdue += line.overdue
    units = sorted(
        by_unit.values(),
        key=lambda c: (
            -(c.rectifications_overdue + c.actions_overdue),
            c.unit.order,
            c.unit.code,
        ),
    )
    return Board(
        lines=lines,
        units=units,
        warning_rows=_warning_rows(user, unit),
        warning_states=[label for _value, label in WarningState.choices],
        rectification_states=_rectification_states(unit),
        overdue=sum(line.overdue for line in lines),
        totals=Counter(line.kind for line in lines),
    )


def _warning_rows(user: User, unit: Unit | None) -> list[tuple[str | Promise, list[int], int]]:
    """The warnings the reader may see (the committee: all; the administrator, outside their
    circle: none), counted per level × state: counts only, never their content."""
    if not is_committee(user):
        return []
    warnings = warnings_visible_to(user)
    if unit is not None:
        warnings = warnings.filter(subject_unit=unit)
    counts = {
        (row["level"], row["state"]): row["n"]
        for row in warnings.values("level", "state").annotate(n=Count("id")).order_by()
    }
    rows: list[tuple[str | Promise, list[int], int]] = []
    for level, label in WarningLevel.choices:
        cells = [counts.get((level, state), 0) for state in WarningState.values]
        rows.append((label, cells, sum(cells)))
    return rows


def _rectification_states(unit: Unit | None) -> list[tuple[str | Promise, int]]:
    """Every item per state, counts only (a confidential item is counted, not shown)."""
    items = Rectification.objects.all()
    if unit is not None:
        items = items.filter(unit=unit)
    counts = dict(items.values_list("state").annotate(n=Count("id")).order_by())
    return [(label, counts.get(state, 0)) for state, label in RectificationState.choices]
