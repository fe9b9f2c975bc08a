"""Writing a campaign's schedule (Annex 3): the prefill from document 000, the administrator's
edits, and the daily sweep that reminds lagging units before a deadline and escalates after it."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

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
from registers.models import Campaign
from schedule.annex3 import ANNEX3_ROWS, deadline_from_due_text
from schedule.models import (
    CampaignReminderSettings,
    Reminder,
    ReminderKind,
    ScheduleTask,
    parse_reminder_days,
)
from schedule.selectors import (
    STATE_RANK,
    milestone,
    reminder_settings_for,
    unit_min_states,
)
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


# --- The daily sweep --------------------------------------------------------------------------


def _recipients_for(*, task: ScheduleTask, unit: Unit, campaign: Campaign, kind: str) -> list[User]:
    """Whoever the transition table says makes the move that brings the unit's registers to the
    task's state (workflow.transitions.actor_reaching): the unit's fillers to submit, its
    signers to sign, the committee to approve and publish, the party group to deliberate (the
    committee when the campaign skips that stage)."""
    actor = actor_reaching(state=task.required_state, campaign=campaign)
    people: list[User | None] = [*people_acting(actor, on=unit)]
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
    """Chase every started campaign's dated tasks that are tied to a register state.

    Before a deadline: a reminder on each configured day (7, 3 and 1 days by default) to the
    units not yet at the required state. On the deadline and after: an overdue notice, escalated
    to the leader in charge and the committee, on the day, every `overdue_repeat_days` after it,
    and on the first sweep after a missed day. Each (task, unit, kind, day) is sent at most once:
    its Reminder row is inserted first, in the same transaction as the notifications, and a
    concurrent or repeated sweep that finds the row taken skips that unit.

    The sweep writes no audit row: it decides nothing and changes no register or schedule, and
    what it sent is recorded, once per task, unit, kind and day, in its Reminder rows."""
    today = today or timezone.localdate()
    result = SweepResult()
    tasks = (
        ScheduleTask.objects.filter(campaign__started_at__isnull=False, deadline__isnull=False)
        .exclude(required_state="")
        .select_related("campaign")
        .order_by("campaign_id", "order", "id")
    )
    ranks_by_campaign: dict[int, dict[int, int]] = {}
    settings_by_campaign: dict[int, CampaignReminderSettings] = {}
    for task in tasks:
        campaign = task.campaign
        if campaign.pk not in settings_by_campaign:
            settings_by_campaign[campaign.pk] = reminder_settings_for(campaign=campaign)
        settings = settings_by_campaign[campaign.pk]
        chase = _kind_for(task=task, today=today, settings=settings)
        if chase is None:
            continue
        kind, days_before = chase
        if campaign.pk not in ranks_by_campaign:
            ranks_by_campaign[campaign.pk] = unit_min_states(campaign=campaign)
        ranks = ranks_by_campaign[campaign.pk]
        required = STATE_RANK[task.required_state]
        lagging = [unit_id for unit_id, rank in ranks.items() if rank < required]
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
    state = milestone(task.required_state)
    names = "、".join(unit.name for unit in units)
    context = {
        "task": task.task,
        "deadline": task.deadline.isoformat() if task.deadline else task.due_text,
        "days": abs(days_before),
        "units": names,
        "state": state,
    }
    if kind == ReminderKind.REMINDER:
        title = _("还有%(days)s天截止:%(task)s") % context
        body = (
            _(
                "工作安排“%(task)s”将于%(deadline)s截止(还有%(days)s天)。"
                "以下单位的清单尚未完成“%(state)s”:%(units)s。请抓紧办理。"
            )
            % context
        )
    elif days_before == 0:
        title = _("今天截止,尚未完成:%(task)s") % context
        body = (
            _(
                "工作安排“%(task)s”今天(%(deadline)s)截止,"
                "以下单位的清单尚未完成“%(state)s”:%(units)s。请分管领导督促办理。"
            )
            % context
        )
    else:
        title = _("已逾期%(days)s天:%(task)s") % context
        body = (
            _(
                "工作安排“%(task)s”已于%(deadline)s截止,逾期%(days)s天,"
                "以下单位的清单尚未完成“%(state)s”:%(units)s。请分管领导督促办理。"
            )
            % context
        )
    return title, body


@transaction.atomic
def schedule_demo_dates(*, campaign: Campaign, today: date, actor_name: str) -> list[ScheduleTask]:
    """For the demo only: move the deadlines of the tasks tied to a register state around
    `today` (submission in 3 days, party group in 3 weeks, publication in 5 weeks) so that the
    reminders can be seen at work on a campaign started any day of the year. Each moved deadline
    is audited like an administrator's edit, under `actor_name` (the command)."""
    schedule_prefill(campaign=campaign, actor_name=actor_name)
    reminder_settings_for(campaign=campaign)
    offsets = {
        RegisterState.SUBMITTED: 3,
        RegisterState.DELIBERATED: 21,
        RegisterState.PUBLISHED: 35,
    }
    tasks = list(ScheduleTask.objects.select_for_update().filter(campaign=campaign))
    for task in tasks:
        if task.required_state not in offsets:
            continue
        deadline = today + timedelta(days=offsets[RegisterState(task.required_state)])
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
