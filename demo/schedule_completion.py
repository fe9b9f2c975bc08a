"""The demo's Annex 3 rows done by hand: the rows already due (the plan, 动员部署, then
梳理权力清单, 查找廉政风险, 评定风险类别 — schedule_demo_dates dates them before the submission)
marked done by their lead unit, or by most units of the campaign with a note from their head; a
few units are left behind, so that the progress page and the overdue notices have someone to show.
Later rows (stage two and three) stay open. Made through the service, so each mark is audited like
a real one."""

from datetime import date

from django.db import transaction

from orgs.models import Unit, User
from registers.models import Campaign, Register
from schedule.models import ScheduleTask, TaskCompletion
from schedule.responsibility import Mode, lead_candidates, lead_unit_of, task_mode
from schedule.services import task_complete

# What the units wrote, by the Annex 3 row's task.
NOTES: dict[str, str] = {
    "制定下发局廉政风险排查防控工作方案": (
        "印发《市生态环境局深入开展廉政风险排查防控工作方案》,明确三个阶段的任务与时间。"
    ),
    "局党组召开会议进行动员部署": (
        "局党组召开动员部署会议,局领导班子成员及各处室、分局、直属单位负责人参加。"
    ),
    "梳理权力清单、职责清单": (
        "对照“三定”方案梳理权力事项和职责事项,明确行使依据、责任主体和运行流程。"
    ),
    "查找廉政风险": "自己找、群众帮、领导点、组织审,对照岗位职责查找廉政风险点。",
    "评定风险类别": "按六个排查类别评定风险类别,并按可能性和危害程度评定风险等级。",
}
DEFAULT_NOTE = "已按工作安排完成。"
# One unit in this many is left behind on each unit's rows.
LAGGING_EVERY = 5


def _demo_campaign(today: date) -> Campaign | None:
    return Campaign.objects.filter(year=today.year, title__startswith="[演示]").first()


def _actor(unit: Unit, committee: User) -> User:
    """The unit's head answers for it; the committee for a unit without an active head."""
    return unit.head if unit.head is not None and unit.head.is_active else committee


@transaction.atomic
def build_demo_completions(*, today: date) -> int:
    """Mark the demo campaign's rows due before `today` done; returns how many marks were made
    (none when run again: a row already marked, or withdrawn, for a unit is left as it is)."""
    campaign = _demo_campaign(today)
    committee = User.objects.filter(username="jiwei").first()
    if campaign is None or committee is None:
        return 0
    tasks = [
        task
        for task in ScheduleTask.objects.filter(
            campaign=campaign, required_state="", deadline__lt=today
        ).order_by("order", "id")
    ]
    marked = set(
        TaskCompletion.objects.filter(task__campaign=campaign).values_list("task_id", "unit_id")
    )
    unit_ids = set(Register.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    units = list(
        Unit.objects.filter(pk__in=unit_ids).select_related("head").order_by("order", "code")
    )
    candidates = list(lead_candidates().select_related("head"))
    made = 0
    for task in tasks:
        note = NOTES.get(task.task, DEFAULT_NOTE)
        if task_mode(task) == Mode.LEAD:
            lead = lead_unit_of(task, candidates)
            doers = [lead] if lead is not None else []
        else:
            doers = [unit for i, unit in enumerate(units) if i % LAGGING_EVERY != LAGGING_EVERY - 1]
        for unit in doers:
            if (task.pk, unit.pk) in marked:
                continue
            task_complete(schedule_task=task, unit=unit, actor=_actor(unit, committee), note=note)
            made += 1
    return made
