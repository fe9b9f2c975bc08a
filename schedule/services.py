"""Writing a campaign's schedule (Annex 3): the prefill from document 000, the administrator's
edits, the units' marks that a row is done, and the daily sweep that reminds lagging units before
a deadline and escalates after it."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import committee_members, notify, unique_people
from orgs.models import Unit, User
from registers.choices import RegisterState
from registers.exceptions import DomainError
from registers.models import Campaign
from schedule.annex3 import ANNEX3_ROWS, deadline_from_due_text
from schedule.completion import marked_by_hand
from schedule.models import (
    CampaignReminderSettings,
    Reminder,
    ReminderKind,
    ScheduleTask,
    TaskCompletion,
    parse_reminder_days,
)
from schedule.permissions import may_complete
from schedule.selectors import Standing, is_responsible, milestone, reminder_settings_for
from workflow.permissions import people_acting
from workflow.transitions import actor_reaching

logger = logging.getLogger(__name__)

# --- Prefill and editing ----------------------------------------------------------------------


@transaction.atomic
def schedule_prefill(
    *, campaign: Campaign, actor: User | None = None, actor_name: str = ""
) -> list[ScheduleTask]:
    """Give a campaign without a schedule the rows of document 000's Annex 3, word for word, with
    deadlines in the campaign's year where the plan names a month, and record it in the audit
    trail (`actor`, or `actor_name` for a command). A campaign that already has rows keeps them
    (they may have been edited; prefill is safe to call twice) and nothing is recorded, since
    nothing changed."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    existing = list(ScheduleTask.objects.filter(campaign=campaign))
    if existing:
        return existing
    tasks = ScheduleTask.objects.bulk_create(
        ScheduleTask(
            campaign=campaign,
            order=order,
            stage=stage,
            task=task,
            lead_unit=lead,
            responsible_units=responsible,
            due_text=due,
            deadline=deadline_from_due_text(due_text=due, year=campaign.year),
            required_state=state,
        )
        for order, (stage, task, lead, responsible, due, state) in enumerate(ANNEX3_ROWS, start=1)
    )
    audit_record(
        action=actions.CAMPAIGN_PREFILL_SCHEDULE,
        actor=actor,
        actor_name=actor_name,
        obj=campaign,
        data={"rows": len(tasks)},
    )
    return tasks


@transaction.atomic
def schedule_task_update(
    *,
    schedule_task: ScheduleTask,
    actor: User,
    order: int,
    stage: str,
    task: str,
    lead_unit: str,
    responsible_units: str,
    due_text: str,
    deadline: date | None,
    required_state: str,
) -> ScheduleTask:
    """Change one row of the schedule (administrators only; the view checks). Every field is
    given; the audit row names those that changed, with their new values (none changed: no
    write, no row)."""
    row = ScheduleTask.objects.select_for_update().get(pk=schedule_task.pk)
    values: dict[str, object] = {
        "order": order,
        "stage": stage,
        "task": task,
        "lead_unit": lead_unit,
        "responsible_units": responsible_units,
        "due_text": due_text,
        "deadline": deadline,
        "required_state": required_state,
    }
    changed: dict[str, str | None] = {}
    for name, value in values.items():
        if getattr(row, name) != value:
            changed[name] = str(value) if value is not None else None
            setattr(row, name, value)
    if changed:
        row.save(update_fields=list(changed))
        audit_record(action=actions.SCHEDULE_TASK_UPDATE, actor=actor, obj=row, data=changed)
    return row


@transaction.atomic
def reminder_settings_update(
    *, campaign: Campaign, actor: User, reminder_days: str, overdue_repeat_days: int
) -> CampaignReminderSettings:
    settings = reminder_settings_for(campaign=campaign)
    settings = CampaignReminderSettings.objects.select_for_update().get(pk=settings.pk)
    days = parse_reminder_days(reminder_days)
    settings.reminder_days = ",".join(str(day) for day in days)
    settings.overdue_repeat_days = max(1, overdue_repeat_days)
    settings.save()
    audit_record(
        action=actions.REMINDER_SETTINGS_UPDATE,
        actor=actor,
        obj=settings,
        data={
            "reminder_days": settings.reminder_days,
            "overdue_repeat_days": settings.overdue_repeat_days,
        },
    )
    return settings


# --- Rows marked done by hand -----------------------------------------------------------------


class CompletionError(DomainError):
    """The row cannot be marked done (or the mark withdrawn) as asked; `message` says why."""


@transaction.atomic
def task_complete(
    *, schedule_task: ScheduleTask, unit: Unit, actor: User, note: str
) -> TaskCompletion:
    """`unit` has done a row that no register state marks done; `note` says how (required).

    Whoever answers for the unit says so (schedule.permissions.may_complete: its people and
    head, the committee, administrators), for a unit the row concerns (schedule.responsibility:
    each unit of the campaign, or the lead unit of a lead-only row). A row tied to a register
    state is done by the registers only. Marking again after a withdrawal fills the same row
    anew; marking a row already marked is refused (withdraw first, or add evidence)."""
    if not may_complete(actor, unit=unit):
        raise PermissionDenied
    if schedule_task.required_state:
        raise CompletionError(_("该任务按清单状态自动计算完成情况,无需标记。"))
    if not marked_by_hand(schedule_task):
        raise CompletionError(_("该任务由相应记录(如“回头看”的答复与评定)自动完成,无需手工标记。"))
    if not is_responsible(task=schedule_task, unit=unit):
        raise CompletionError(_("该任务不由%(unit)s完成。") % {"unit": unit.name})
    note = note.strip()
    if not note:
        raise CompletionError(_("请填写完成情况。"), field="note")
    now = timezone.now()
    completion = (
        TaskCompletion.objects.select_for_update().filter(task=schedule_task, unit=unit).first()
    )
    if completion is not None and completion.is_active:
        raise CompletionError(_("该任务已标记完成。"))
    if completion is None:
        try:
            # The savepoint turns a concurrent first mark into the refusal below, not a 500.
            with transaction.atomic():
                completion = TaskCompletion.objects.create(
                    task=schedule_task,
                    unit=unit,
                    note=note,
                    completed_by=actor,
                    completed_at=now,
                )
        except IntegrityError:
            raise CompletionError(_("该任务已标记完成。")) from None
    else:
        completion.note, completion.completed_by, completion.completed_at = note, actor, now
        completion.withdrawn_by, completion.withdrawn_at = None, None
        completion.save()
    audit_record(
        action=actions.SCHEDULE_TASK_COMPLETE,
        actor=actor,
        obj=completion,
        data={"task": schedule_task.task, "unit": unit.name, "note": note},
    )
    return completion


@transaction.atomic
def task_withdraw(*, schedule_task: ScheduleTask, unit: Unit, actor: User) -> TaskCompletion:
    """Take back the mark that `unit` has done the row (the same people who may mark it). The
    row keeps its note and evidence for the record and counts as not done."""
    if not may_complete(actor, unit=unit):
        raise PermissionDenied
    completion = (
        TaskCompletion.objects.select_for_update().filter(task=schedule_task, unit=unit).first()
    )
    if completion is None or not completion.is_active:
        raise CompletionError(_("该任务没有标记完成,无需撤回。"))
    completion.withdrawn_by, completion.withdrawn_at = actor, timezone.now()
    completion.save(update_fields=["withdrawn_by", "withdrawn_at"])
    audit_record(
        action=actions.SCHEDULE_TASK_WITHDRAW,
        actor=actor,
        obj=completion,
        data={"task": schedule_task.task, "unit": unit.name, "note": completion.note},
    )
    return completion


# --- The daily sweep --------------------------------------------------------------------------


def _recipients_for(*, task: ScheduleTask, unit: Unit, campaign: Campaign, kind: str) -> list[User]:
    """For a row tied to a register state, whoever the transition table says makes the move
    that brings the unit's registers to the task's state (workflow.transitions.actor_reaching):
    the unit's fillers to submit, its signers to sign, the committee to approve and publish,
    the party group to deliberate (the committee when the campaign skips that stage). For a row
    done by hand, the unit's head, who answers for it (the committee for a unit without one)."""
    people: list[User | None]
    if task.required_state:
        actor = actor_reaching(state=task.required_state, campaign=campaign)
        people = [*people_acting(actor, on=unit)]
    else:
        people = [unit.head] if unit.head is not None else [*committee_members()]
    if kind == ReminderKind.OVERDUE:
        # Escalation: the leader in charge and the committee hear of every overdue unit.
        people += [unit.leader_in_charge, *committee_members()]
    return unique_people(people)


def _kind_for(
    *, task: ScheduleTask, today: date, settings: CampaignReminderSettings
) -> tuple[str, int] | None:
    """(kind, days before the deadline) if `today` is a day to chase this task, else None."""
    if task.deadline is None:
        return None
    days_before = (task.deadline - today).days
    if days_before > 0:
        return (ReminderKind.REMINDER, days_before) if days_before in settings.days else None
    return ReminderKind.OVERDUE, days_before


@dataclass
class SweepResult:
    sent: list[Reminder] = field(default_factory=list)

    def keys(self) -> set[tuple[int, int, str]]:
        return {(r.task_id, r.unit_id, r.kind) for r in self.sent}


def reminders_sweep(*, today: date | None = None) -> SweepResult:
    """Chase every dated row of every started campaign, for the units that have not done it
    (schedule.selectors: by their registers, their mark or another app's record).

    Before a deadline: a reminder on each configured day (7, 3 and 1 days by default) to the
    units not done. On the deadline and after: an overdue notice, escalated to the leader in
    charge and the committee, on the day, every `overdue_repeat_days` after it, and on the first
    sweep after a missed day. Each (task, unit, kind, day) is sent at most once: its Reminder
    row is inserted first, in the same transaction as the notifications, and a concurrent or
    repeated sweep that finds the row taken skips that unit.

    The sweep writes no audit row: it decides nothing and changes no register or schedule, and
    what it sent is recorded, once per task, unit, kind and day, in its Reminder rows."""
    today = today or timezone.localdate()
    result = SweepResult()
    tasks = (
        ScheduleTask.objects.filter(campaign__started_at__isnull=False, deadline__isnull=False)
        .select_related("campaign")
        .order_by("campaign_id", "order", "id")
    )
    by_campaign: dict[int, list[ScheduleTask]] = defaultdict(list)
    for task in tasks:
        by_campaign[task.campaign_id].append(task)
    for campaign_tasks in by_campaign.values():
        campaign = campaign_tasks[0].campaign
        settings = reminder_settings_for(campaign=campaign)
        due = [
            (task, *chase)
            for task in campaign_tasks
            if (chase := _kind_for(task=task, today=today, settings=settings)) is not None
        ]
        if not due:
            continue
        # Read once per campaign, and only for a campaign with something to chase today.
        standing = Standing(campaign=campaign, tasks=campaign_tasks)
        for task, kind, days_before in due:
            lagging = standing.lagging(task, today=today)
            if not lagging:
                continue
            if kind == ReminderKind.OVERDUE and -days_before % settings.overdue_repeat_days != 0:
                # Between repeats, chase only units never told (the sweep of the day was missed).
                told = set(
                    Reminder.objects.filter(
                        task=task, kind=ReminderKind.OVERDUE, unit_id__in=lagging
                    ).values_list("unit_id", flat=True)
                )
                lagging = [unit_id for unit_id in lagging if unit_id not in told]
            if lagging:
                result.sent += _send_for_task(
                    task=task, unit_ids=lagging, kind=kind, days_before=days_before, today=today
                )
    return result


@transaction.atomic
def _send_for_task(
    *, task: ScheduleTask, unit_ids: list[int], kind: str, days_before: int, today: date
) -> list[Reminder]:
    campaign = task.campaign
    units = Unit.objects.filter(pk__in=unit_ids).select_related("head", "leader_in_charge")
    claimed: list[tuple[Reminder, Unit, list[User]]] = []
    for unit in units.order_by("pk"):
        recipients = _recipients_for(task=task, unit=unit, campaign=campaign, kind=kind)
        try:
            # The savepoint keeps the outer transaction usable when the row is already taken.
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    task=task,
                    unit=unit,
                    kind=kind,
                    day=today,
                    days_before=days_before,
                    recipients=",".join(person.username for person in recipients),
                    created_at=timezone.now(),
                )
        except IntegrityError:
            continue
        claimed.append((reminder, unit, recipients))
    # One notification per person and task, naming all of his lagging units: the committee gets
    # one overdue notice listing thirty departments, not thirty notices.
    units_of: dict[int, list[Unit]] = defaultdict(list)
    people: dict[int, User] = {}
    for _reminder, unit, recipients in claimed:
        for person in recipients:
            people[person.pk] = person
            units_of[person.pk].append(unit)
    for person_id, person_units in units_of.items():
        title, body = _message(task=task, kind=kind, days_before=days_before, units=person_units)
        notify(
            recipients=[people[person_id]],
            kind=NotificationKind.REMINDER
            if kind == ReminderKind.REMINDER
            else (NotificationKind.OVERDUE),
            title=title,
            body=body,
            url=_progress_url(campaign),
        )
    return [reminder for reminder, _unit, _recipients in claimed]


def _progress_url(campaign: Campaign) -> str:
    return reverse("schedule:progress", args=[campaign.pk])


def _message(
    *, task: ScheduleTask, kind: str, days_before: int, units: list[Unit]
) -> tuple[str, str]:
    context = {
        "task": task.task,
        "deadline": task.deadline.isoformat() if task.deadline else task.due_text,
        "days": abs(days_before),
        "units": "、".join(unit.name for unit in units),
        "state": milestone(task.required_state),
    }
    # Full sentences, one per case, so that each translates whole.
    by_state = bool(task.required_state)
    if kind == ReminderKind.REMINDER:
        title = _("还有%(days)s天截止:%(task)s") % context
        if by_state:
            body = _(
                "工作安排“%(task)s”将于%(deadline)s截止(还有%(days)s天)。"
                "以下单位的清单尚未完成“%(state)s”:%(units)s。请抓紧办理。"
            )
        else:
            body = _(
                "工作安排“%(task)s”将于%(deadline)s截止(还有%(days)s天)。"
                "以下单位尚未标记完成:%(units)s。请抓紧办理,完成后在工作进度中标记完成。"
            )
    elif days_before == 0:
        title = _("今天截止,尚未完成:%(task)s") % context
        if by_state:
            body = _(
                "工作安排“%(task)s”今天(%(deadline)s)截止,"
                "以下单位的清单尚未完成“%(state)s”:%(units)s。请分管领导督促办理。"
            )
        else:
            body = _(
                "工作安排“%(task)s”今天(%(deadline)s)截止,"
                "以下单位尚未标记完成:%(units)s。请分管领导督促办理。"
            )
    else:
        title = _("已逾期%(days)s天:%(task)s") % context
        if by_state:
            body = _(
                "工作安排“%(task)s”已于%(deadline)s截止,逾期%(days)s天,"
                "以下单位的清单尚未完成“%(state)s”:%(units)s。请分管领导督促办理。"
            )
        else:
            body = _(
                "工作安排“%(task)s”已于%(deadline)s截止,逾期%(days)s天,"
                "以下单位尚未标记完成:%(units)s。请分管领导督促办理。"
            )
    return title, body % context


@transaction.atomic
def schedule_demo_dates(*, campaign: Campaign, today: date, actor_name: str) -> list[ScheduleTask]:
    """For the demo only: move the deadlines around `today` so that the reminders can be seen at
    work on a campaign started any day of the year. The rows tied to a register state: submission
    in 3 days, party group in 3 weeks, publication in 5 weeks. The other rows the plan dates in
    the campaign's year keep their distance to the submission row (动员部署 "7月" falls 10 days
    before "8月10日前": a week ago). Each moved deadline is audited like an administrator's edit,
    under `actor_name` (the command)."""
    schedule_prefill(campaign=campaign, actor_name=actor_name)
    reminder_settings_for(campaign=campaign)
    submission_in = 3
    offsets = {
        RegisterState.SUBMITTED: submission_in,
        RegisterState.DELIBERATED: 21,
        RegisterState.PUBLISHED: 35,
    }
    tasks = list(ScheduleTask.objects.select_for_update().filter(campaign=campaign))
    planned = {
        task.pk: deadline_from_due_text(due_text=task.due_text, year=campaign.year)
        for task in tasks
    }
    submission = next(
        (planned[t.pk] for t in tasks if t.required_state == RegisterState.SUBMITTED), None
    )
    for task in tasks:
        if task.required_state in offsets:
            deadline = today + timedelta(days=offsets[RegisterState(task.required_state)])
        elif not task.required_state and submission and (plan := planned[task.pk]):
            deadline = today + timedelta(days=submission_in) - (submission - plan)
        else:
            continue
        if deadline == task.deadline:
            continue
        task.deadline = deadline
        task.save(update_fields=["deadline"])
        audit_record(
            action=actions.SCHEDULE_TASK_UPDATE,
            actor_name=actor_name,
            obj=task,
            data={"deadline": str(deadline)},
        )
    return tasks
