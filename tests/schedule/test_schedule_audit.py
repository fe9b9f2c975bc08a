"""Every write of the schedule leaves its audit row, in the same transaction: the prefill (by an
administrator, by the command, on a campaign's creation), an edit of a row, the command's demo
dates and the reminder settings; a write that changes nothing leaves none. The row's service
takes each field as a typed keyword argument: a misspelt one is an error, never dropped."""

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEntry
from registers.data import CampaignData
from registers.models import Campaign, CategorySet
from registers.services import campaign_create
from schedule.models import ScheduleTask
from schedule.services import (
    reminder_settings_update,
    schedule_prefill,
    schedule_task_update,
)
from tests.campaign_world import World
from tests.conftest import Cast
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _rows(action: str, campaign: Campaign | None = None) -> list[AuditEntry]:
    rows = AuditEntry.objects.filter(action=action).order_by("id")
    if campaign is not None:
        rows = rows.filter(object_type="registers.campaign", object_id=str(campaign.pk))
    return list(rows)


def test_prefill_by_an_administrator_is_audited_once(cast: Cast) -> None:
    campaign = CampaignFactory(started_at=timezone.now())
    client = Client()
    client.force_login(cast.admin)
    url = reverse("schedule:schedule", args=[campaign.pk])
    client.post(url, {"prefill": "1"})
    client.post(url, {"prefill": "1"})  # the rows exist: nothing changes, nothing is recorded
    (row,) = _rows(actions.CAMPAIGN_PREFILL_SCHEDULE, campaign)
    assert (row.actor, row.data) == (cast.admin, {"rows": 13})


def test_prefill_on_a_campaigns_creation_is_audited_beside_it(cast: Cast) -> None:
    data = CampaignData(
        year=2027,
        title="2027年度廉政风险排查",
        category_set=CategorySet.objects.get(is_default=True),
    )
    campaign = campaign_create(actor=cast.admin, data=data)
    (prefill,) = _rows(actions.CAMPAIGN_PREFILL_SCHEDULE, campaign)
    (create,) = _rows(actions.CAMPAIGN_CREATE, campaign)
    # Both rows, written in the same transaction, name who created the campaign.
    assert prefill.actor == create.actor == cast.admin
    assert create.pk > prefill.pk


def test_prefill_and_demo_dates_by_the_command_are_audited(cast: Cast) -> None:
    campaign = CampaignFactory(started_at=timezone.now())
    call_command("schedule_prefill", campaign=campaign.pk, stdout=StringIO())
    (row,) = _rows(actions.CAMPAIGN_PREFILL_SCHEDULE, campaign)
    assert row.actor_name == "manage.py schedule_prefill"
    call_command("schedule_prefill", campaign=campaign.pk, demo_dates=True, stdout=StringIO())
    moved = _rows(actions.SCHEDULE_TASK_UPDATE)
    # The three rows tied to a register state (submitted, deliberated, published), and the five
    # others the plan dates in the campaign's year (6月底前, 7月 ×4), kept before the submission.
    assert len(moved) == 8
    assert {row.actor_name for row in moved} == {"manage.py schedule_prefill"}
    assert all(set(row.data) == {"deadline"} for row in moved)
    assert len(_rows(actions.CAMPAIGN_PREFILL_SCHEDULE, campaign)) == 1


def _fields(task: ScheduleTask) -> dict[str, Any]:
    return {
        "order": task.order,
        "stage": task.stage,
        "task": task.task,
        "lead_unit": task.lead_unit,
        "responsible_units": task.responsible_units,
        "due_text": task.due_text,
        "deadline": task.deadline,
        "required_state": task.required_state,
    }


def test_a_row_edit_records_what_changed(world: World) -> None:
    task = world.submit_task
    fields = _fields(task)
    schedule_task_update(schedule_task=task, actor=world.cast.admin, **fields)
    assert _rows(actions.SCHEDULE_TASK_UPDATE) == []
    fields.update(deadline=date(2026, 8, 20), due_text="8月20日前")
    schedule_task_update(schedule_task=task, actor=world.cast.admin, **fields)
    (row,) = _rows(actions.SCHEDULE_TASK_UPDATE)
    assert row.actor == world.cast.admin
    assert row.data == {"deadline": "2026-08-20", "due_text": "8月20日前"}
    task.refresh_from_db()
    assert (task.deadline, task.due_text) == (date(2026, 8, 20), "8月20日前")


def test_a_misspelt_field_is_an_error_not_dropped(world: World) -> None:
    fields = {**_fields(world.submit_task), "dead_line": date(2026, 8, 20)}
    with pytest.raises(TypeError):
        schedule_task_update(schedule_task=world.submit_task, actor=world.cast.admin, **fields)
    assert _rows(actions.SCHEDULE_TASK_UPDATE) == []


def test_reminder_settings_changes_are_audited(world: World) -> None:
    reminder_settings_update(
        campaign=world.campaign, actor=world.cast.admin, reminder_days="5,2", overdue_repeat_days=3
    )
    (row,) = _rows(actions.REMINDER_SETTINGS_UPDATE)
    assert row.actor == world.cast.admin
    assert row.data == {"reminder_days": "5,2", "overdue_repeat_days": 3}


def test_prefill_without_rows_to_add_writes_nothing(world: World) -> None:
    # The world's campaign was prefilled already (tests/campaign_world.py).
    before = AuditEntry.objects.count()
    schedule_prefill(campaign=world.campaign, actor=world.cast.admin)
    assert AuditEntry.objects.count() == before
