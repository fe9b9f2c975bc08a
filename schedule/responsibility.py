"""Who must do a row of the schedule: how Annex 3's 责任单位 column maps to the org tree.

Annex 3 names responsible units in two ways, and a row is read by which one it uses:

- **Each unit** (`Mode.EACH`): the column names kinds of units — "机关处室、城区分局、直属单位"
  (or 各单位 / 各处室 / 各分局). Every unit that takes part in the campaign, i.e. has a register
  in it, does the row for itself, and the row is done when all of them have. A row tied to a
  register state is always read this way, whatever its column says: "局党组研究《廉政风险清单》"
  names 机关纪委, but what is awaited is each unit's registers reaching 党组研究.
- **Lead unit only** (`Mode.LEAD`): the column names one body of the bureau — 机关党委, 机关纪委,
  组织人事处 — and that body does the row once, for the whole organization (the party committee
  drafts the plan and holds the mobilization meeting, the committee builds the integrity files).
  The body is the bureau's unit so named: a unit directly under the bureau (局本级) whose name or
  short name is the text, else whose name contains it (the demo's "机关党委(机关纪委)" is both
  机关党委 and 机关纪委); an organization without such a unit has the bureau itself do the row,
  its head (the principal) answering for it.
"""

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from orgs.choices import UnitKind
from orgs.models import Unit
from schedule.models import ScheduleTask


class Mode:
    EACH = "each"
    LEAD = "lead"


# The words of the column that name kinds of units rather than one body.
_KIND_WORDS = frozenset(
    {"机关处室", "城区分局", "直属单位", "各单位", "各处室", "各分局", "各部门"}
)
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def _parts(text: str) -> list[str]:
    return [part for part in _SEPARATORS.split(text.strip()) if part]


def task_mode(task: ScheduleTask) -> str:
    if task.required_state or any(part in _KIND_WORDS for part in _parts(task.responsible_units)):
        return Mode.EACH
    return Mode.LEAD


def lead_candidates() -> QuerySet[Unit]:
    """The units a lead-only row may name: the bureau (a top unit of kind 局本级) and the units
    directly under it. One query."""
    return Unit.objects.filter(
        Q(parent__isnull=True, kind=UnitKind.BUREAU)
        | Q(parent__parent__isnull=True, parent__kind=UnitKind.BUREAU)
    ).order_by("order", "code")


def lead_unit_of(task: ScheduleTask, candidates: Iterable[Unit]) -> Unit | None:
    """The unit that does a lead-only row, among `candidates` (lead_candidates()); None for a
    row done by each unit, or when the organization has no bureau at all."""
    if task_mode(task) != Mode.LEAD:
        return None
    units = list(candidates)
    parts = _parts(task.responsible_units) or _parts(task.lead_unit)
    name = parts[0] if parts else ""
    below = [unit for unit in units if unit.parent_id is not None]
    if name:
        for unit in below:
            if name in (unit.name, unit.short_name):
                return unit
        for unit in below:
            if name in unit.name:
                return unit
    return next((unit for unit in units if unit.parent_id is None), None)
