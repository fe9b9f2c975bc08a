"""Reading a campaign's schedule: where each responsible unit stands on each row of Annex 3.

A row is done for a unit in one of three ways:

- **by the registers** (`Done.STATE`), for a row tied to a register state: all of the unit's
  registers of the campaign have reached that state or gone beyond it, in the order draft →
  submitted → signed → approved → deliberated → published (returned counts as draft). Nobody
  ticks these by hand;
- **by the unit's word** (`Done.COMPLETION`), for any other row: an active TaskCompletion of the
  unit, with its note and evidence (schedule.services.task_complete);
- **by a record** (`Done.RECORD`) another app keeps and reports through schedule.completion (a
  rated 回头看 answer, say), for any row.

Which units a row concerns is schedule.responsibility's rule: each unit of the campaign, or the
lead unit only, in which case the row is done once for the whole organization.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from orgs.models import Unit
from registers.choices import RegisterLevel, RegisterState
from registers.models import Campaign, Register
from schedule.completion import RecordedCompletion, recorded_completions
from schedule.models import CampaignReminderSettings, ScheduleTask, TaskCompletion
from schedule.responsibility import Mode, lead_candidates, lead_unit_of, task_mode

# Position of each state on the way to publication; returned is back to the start.
STATE_RANK: dict[str, int] = {
    RegisterState.DRAFT: 0,
    RegisterState.RETURNED: 0,
    RegisterState.SUBMITTED: 1,
    RegisterState.SIGNED: 2,
    RegisterState.APPROVED: 3,
    RegisterState.DELIBERATED: 4,
    RegisterState.PUBLISHED: 5,
}


# What reaching each state means for a task ("the register is submitted"), for messages, the
# progress page and the schedule form; the state labels themselves say what is awaited next.
MILESTONES: dict[str, Promise] = {
    RegisterState.SUBMITTED: gettext_lazy("提交签字"),
    RegisterState.SIGNED: gettext_lazy("签字"),
    RegisterState.APPROVED: gettext_lazy("纪委审核通过"),
    RegisterState.DELIBERATED: gettext_lazy("党组研究"),
    RegisterState.PUBLISHED: gettext_lazy("公示"),
}


def milestone(state: str) -> str:
    return str(MILESTONES.get(state, RegisterState(state).label if state else ""))


def reminder_settings_for(*, campaign: Campaign) -> CampaignReminderSettings:
    # The first read stores the defaults (7,3,1; every 7 days). Not audited: it records no
    # decision, only the code's defaults; every change goes through reminder_settings_update,
    # which is.
    settings, _created = CampaignReminderSettings.objects.get_or_create(campaign=campaign)
    return settings


class Status:
    DONE = "done"
    PENDING = "pending"
    OVERDUE = "overdue"


class Done:
    """How a done cell was done."""

    STATE = "state"
    COMPLETION = "completion"
    RECORD = "record"


@dataclass(frozen=True)
class Cell:
    """One unit's standing on one row (for a lead-only row, the organization's, under the lead
    unit; `unit_id` is None when the organization has no unit to lead it)."""

    unit_id: int | None
    status: str
    how: str = ""
    completion: TaskCompletion | None = None
    record: RecordedCompletion | None = None

    @property
    def done(self) -> bool:
        return self.status == Status.DONE


def unit_min_states(*, campaign: Campaign) -> dict[int, int]:
    """Each unit's least advanced register of the campaign, as a rank. One query. People's own
    registers do not count: one person's draft does not hold back his unit's row of Annex 3, nor
    show his colleagues that he has not submitted it."""
    ranks: dict[int, int] = {}
    registers = Register.objects.filter(campaign=campaign).exclude(level=RegisterLevel.PERSONAL)
    for unit_id, state in registers.values_list("unit_id", "state"):
        rank = STATE_RANK.get(state, 0)
        ranks[unit_id] = min(rank, ranks.get(unit_id, rank))
    return ranks


class Standing:
    """What decides every cell of a campaign's schedule, read once: the units' register states
    (the units with registers are the campaign's units), the active completions, the records of
    other apps, and the candidates for lead units. Three queries (the last only when a row is
    lead-only), and whatever the registered completion sources ask."""

    def __init__(self, *, campaign: Campaign, tasks: list[ScheduleTask]) -> None:
        self.campaign = campaign
        self.ranks = unit_min_states(campaign=campaign)
        self._completions: dict[int, dict[int, TaskCompletion]] = defaultdict(dict)
        for completion in TaskCompletion.objects.filter(
            task__campaign=campaign, withdrawn_at__isnull=True
        ).select_related("completed_by"):
            self._completions[completion.task_id][completion.unit_id] = completion
        self._records: dict[int, dict[int, RecordedCompletion]] = defaultdict(dict)
        for record in recorded_completions(campaign):
            self._records[record.task.pk].setdefault(record.unit_id, record)
        self._leads: dict[int, Unit | None] = {}
        lead_tasks = [task for task in tasks if task_mode(task) == Mode.LEAD]
        if lead_tasks:
            candidates = list(lead_candidates())
            self._leads = {task.pk: lead_unit_of(task, candidates) for task in lead_tasks}

    @property
    def unit_ids(self) -> set[int]:
        """The campaign's units: those with a register in it."""
        return set(self.ranks)

    def lead_unit(self, task: ScheduleTask) -> Unit | None:
        return self._leads.get(task.pk)

    def cell(self, task: ScheduleTask, unit_id: int | None, *, today: date) -> Cell:
        """`unit_id`'s standing on an each-unit row; for a lead-only row, pass None: the row's
        standing, under its lead unit."""
        if task_mode(task) == Mode.LEAD:
            return self._lead_cell(task, today=today)
        assert unit_id is not None
        completion = self._completions[task.pk].get(unit_id)
        record = self._records[task.pk].get(unit_id)
        if task.required_state:
            if self.ranks.get(unit_id, 0) >= STATE_RANK[task.required_state]:
                return Cell(unit_id, Status.DONE, Done.STATE)
            # A mark left from before the row was tied to a state does not count: the registers
            # are the truth of such a row.
            completion = None
        if completion is not None:
            return Cell(unit_id, Status.DONE, Done.COMPLETION, completion=completion)
        if record is not None:
            return Cell(unit_id, Status.DONE, Done.RECORD, record=record)
        return Cell(unit_id, _not_done(task, today))

    def _lead_cell(self, task: ScheduleTask, *, today: date) -> Cell:
        # The row is done once for the organization: by its lead unit's mark, or by any mark or
        # record of it (one left by a former lead unit, before the column was edited, too).
        lead = self.lead_unit(task)
        lead_id = lead.pk if lead is not None else None
        completions = self._completions[task.pk]
        completion = completions.get(lead_id) if lead_id else None
        completion = completion or next(iter(completions.values()), None)
        if completion is not None:
            return Cell(completion.unit_id, Status.DONE, Done.COMPLETION, completion=completion)
        record = next(iter(self._records[task.pk].values()), None)
        if record is not None:
            return Cell(record.unit_id, Status.DONE, Done.RECORD, record=record)
        return Cell(lead_id, _not_done(task, today))

    def lagging(self, task: ScheduleTask, *, today: date) -> list[int]:
        """The units that still owe the row: the campaign's units that have not done it, or the
        lead unit of a lead-only row not done."""
        if task_mode(task) == Mode.LEAD:
            cell = self._lead_cell(task, today=today)
            return [] if cell.done or cell.unit_id is None else [cell.unit_id]
        return sorted(
            unit_id for unit_id in self.ranks if not self.cell(task, unit_id, today=today).done
        )


def _not_done(task: ScheduleTask, today: date) -> str:
    if task.deadline is not None and today > task.deadline:
        return Status.OVERDUE
    return Status.PENDING


@dataclass
class TaskProgress:
    """One row: its cells (an each-unit row: one per unit, in `CampaignProgress.units` order; a
    lead-only row: one, the organization's) and how many of them are done."""

    task: ScheduleTask
    mode: str
    lead_unit: Unit | None = None
    cells: list[Cell] = field(default_factory=list)
    done: int = 0
    total: int = 0

    @property
    def is_done(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def milestone(self) -> str:
        return milestone(self.task.required_state)


@dataclass
class CampaignProgress:
    campaign: Campaign
    units: list[Unit]
    rows: list[TaskProgress]
    today: date

    @property
    def all_done(self) -> bool:
        """Every row of the schedule done by every unit it concerns (of those shown)."""
        return bool(self.rows) and all(row.is_done for row in self.rows)

    @property
    def each_rows(self) -> list[TaskProgress]:
        return [row for row in self.rows if row.mode == Mode.EACH]


def campaign_progress(
    *, campaign: Campaign, today: date | None = None, scope: frozenset[int] | None = None
) -> CampaignProgress:
    """Every row of the schedule × the units it concerns: the campaign's units (those with
    registers in it; only those in `scope`, a set of unit ids, when given) for an each-unit row,
    the lead unit for a lead-only row, which everyone sees whatever his scope. Five queries: the
    tasks, the registers' states, the active marks, the lead-unit candidates, the units — plus
    those of the completion sources other apps register."""
    today = today or timezone.localdate()
    tasks = list(ScheduleTask.objects.filter(campaign=campaign).order_by("order", "id"))
    standing = Standing(campaign=campaign, tasks=tasks)
    unit_ids = standing.unit_ids if scope is None else standing.unit_ids & scope
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("order", "code"))
    rows = []
    for task in tasks:
        mode = task_mode(task)
        row = TaskProgress(task=task, mode=mode, lead_unit=standing.lead_unit(task))
        if mode == Mode.LEAD:
            row.cells = [standing.cell(task, None, today=today)]
        else:
            row.cells = [standing.cell(task, unit.pk, today=today) for unit in units]
        row.total = len(row.cells)
        row.done = sum(cell.done for cell in row.cells)
        rows.append(row)
    return CampaignProgress(campaign=campaign, units=units, rows=rows, today=today)


def cell_standing(*, task: ScheduleTask, unit: Unit, today: date | None = None) -> Cell | None:
    """`unit`'s standing on `task`, or None if the row does not concern the unit (not a unit of
    the campaign for an each-unit row; not the lead unit for a lead-only one). For the page of
    one cell; the same reading as the progress page's."""
    today = today or timezone.localdate()
    standing = Standing(campaign=task.campaign, tasks=[task])
    if task_mode(task) == Mode.LEAD:
        lead = standing.lead_unit(task)
        if lead is None or lead.pk != unit.pk:
            return None
        return standing.cell(task, None, today=today)
    if unit.pk not in standing.unit_ids:
        return None
    return standing.cell(task, unit.pk, today=today)


def is_responsible(*, task: ScheduleTask, unit: Unit) -> bool:
    """Whether the row concerns `unit` (see cell_standing). Two queries at most."""
    if task_mode(task) == Mode.LEAD:
        return lead_unit_of(task, lead_candidates()) == unit
    return Register.objects.filter(campaign_id=task.campaign_id, unit=unit).exists()
