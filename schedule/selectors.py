"""Reading a campaign's schedule: where each unit stands on each task, computed from its
registers. Progress is never ticked by hand: a responsible unit has done a task tied to a register
state once all of its registers of the campaign have reached that state or gone beyond it, in the
order draft → submitted → signed → approved → deliberated → published (returned counts as draft).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from orgs.models import Unit
from registers.choices import RegisterState
from registers.models import Campaign, Register
from schedule.models import CampaignReminderSettings, ScheduleTask

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


@dataclass
class TaskProgress:
    task: ScheduleTask
    cells: list[str] = field(default_factory=list)  # one status per unit, in `units` order
    done: int = 0
    total: int = 0


@dataclass
class CampaignProgress:
    campaign: Campaign
    units: list[Unit]
    rows: list[TaskProgress]
    today: date


def unit_min_states(*, campaign: Campaign) -> dict[int, int]:
    """Each unit's least advanced register of the campaign, as a rank. One query."""
    ranks: dict[int, int] = {}
    for unit_id, state in Register.objects.filter(campaign=campaign).values_list(
        "unit_id", "state"
    ):
        rank = STATE_RANK.get(state, 0)
        ranks[unit_id] = min(rank, ranks.get(unit_id, rank))
    return ranks


def task_status(*, task: ScheduleTask, rank: int, today: date) -> str:
    if rank >= STATE_RANK[task.required_state]:
        return Status.DONE
    if task.deadline is not None and today > task.deadline:
        return Status.OVERDUE
    return Status.PENDING


def campaign_progress(
    *, campaign: Campaign, today: date | None = None, scope: frozenset[int] | None = None
) -> CampaignProgress:
    """Tasks tied to a register state × the units with registers in the campaign (only those in
    `scope`, a set of unit ids, when given). Three queries: the tasks, the registers' states, the
    units."""
    today = today or timezone.localdate()
    tasks = [
        task
        for task in ScheduleTask.objects.filter(campaign=campaign).order_by("order", "id")
        if task.required_state
    ]
    ranks = unit_min_states(campaign=campaign)
    unit_ids = set(ranks) if scope is None else set(ranks) & scope
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("order", "code"))
    rows = []
    for task in tasks:
        row = TaskProgress(task=task, total=len(units))
        for unit in units:
            status = task_status(task=task, rank=ranks[unit.pk], today=today)
            row.cells.append(status)
            row.done += status == Status.DONE
        rows.append(row)
    return CampaignProgress(campaign=campaign, units=units, rows=rows, today=today)
