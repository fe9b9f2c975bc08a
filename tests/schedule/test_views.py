"""The schedule page (Annex 3 rows, reminder settings) and the progress page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registers.choices import RegisterState
from schedule.completion import CompletionSource
from schedule.models import CampaignReminderSettings, ScheduleTask
from tests.campaign_world import DEADLINE, World
from tests.clients import client_for
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, UnitFactory
from tests.walk import walk_to

pytestmark = pytest.mark.django_db


def test_admin_prefills_an_empty_schedule(cast: Cast) -> None:
    campaign = CampaignFactory(started_at=timezone.now())
    client = client_for(cast.admin)
    url = reverse("schedule:schedule", args=[campaign.pk])
    assert 'data-testid="prefill"' in client.get(url).content.decode()
    response = client.post(url, {"prefill": "1"})
    assert response.status_code == 302
    assert ScheduleTask.objects.filter(campaign=campaign).count() == 13


def _formset_data(world: World) -> dict[str, str]:
    tasks = list(ScheduleTask.objects.filter(campaign=world.campaign).order_by("order", "id"))
    data = {
        "tasks-TOTAL_FORMS": str(len(tasks)),
        "tasks-INITIAL_FORMS": str(len(tasks)),
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "settings-reminder_days": "7,3,1",
        "settings-overdue_repeat_days": "7",
    }
    for i, task in enumerate(tasks):
        data.update(
            {
                f"tasks-{i}-id": str(task.pk),
                f"tasks-{i}-order": str(task.order),
                f"tasks-{i}-stage": task.stage,
                f"tasks-{i}-task": task.task,
                f"tasks-{i}-lead_unit": task.lead_unit,
                f"tasks-{i}-responsible_units": task.responsible_units,
                f"tasks-{i}-due_text": task.due_text,
                f"tasks-{i}-deadline": task.deadline.isoformat() if task.deadline else "",
                f"tasks-{i}-required_state": task.required_state,
            }
        )
    return data


def test_admin_edits_deadlines_and_reminder_days(world: World) -> None:
    client = client_for(world.cast.admin)
    url = reverse("schedule:schedule", args=[world.campaign.pk])
    html = client.get(url).content.decode()
    assert html.count('data-testid="schedule-row"') == 13
    assert "处室、分局、直属单位制定《廉政风险清单》" in html
    data = _formset_data(world)
    index = next(k for k, v in data.items() if v == str(world.submit_task.pk)).split("-")[1]
    data[f"tasks-{index}-deadline"] = "2026-08-14"
    data["settings-reminder_days"] = "10、5,1"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.submit_task.refresh_from_db()
    assert world.submit_task.deadline.isoformat() == "2026-08-14"
    settings = CampaignReminderSettings.objects.get(campaign=world.campaign)
    assert settings.reminder_days == "10,5,1"


def test_bad_reminder_days_are_refused(world: World) -> None:
    data = _formset_data(world)
    data["settings-reminder_days"] = "明天"
    response = client_for(world.cast.admin).post(
        reverse("schedule:schedule", args=[world.campaign.pk]), data
    )
    assert response.status_code == 200
    assert "请填写至少一个正整数天数" in response.content.decode()


@pytest.mark.parametrize("who", ["filler", "head", "leader", "principal", "committee", "outsider"])
def test_others_read_the_schedule_but_cannot_change_it(world: World, who: str) -> None:
    client = client_for(world.cast.users()[who])
    url = reverse("schedule:schedule", args=[world.campaign.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="schedule-form"' not in response.content.decode()
    assert client.post(url, _formset_data(world)).status_code == 403


def test_progress_page(world: World) -> None:
    walk_to(world.dept_register, RegisterState.SUBMITTED)
    walk_to(world.post_register, RegisterState.SUBMITTED)
    world.submit_task.deadline = timezone.localdate() - timedelta(days=1)
    world.submit_task.save()
    html = (
        client_for(world.cast.committee)
        .get(reverse("schedule:progress", args=[world.campaign.pk]))
        .content.decode()
    )
    assert html.count('data-testid="progress-unit"') == 2
    assert "已完成 1/2" in html
    assert 'data-status="overdue"' in html


def test_progress_page_shows_a_department_its_own_units_only(world: World) -> None:
    html = (
        client_for(world.cast.filler)
        .get(reverse("schedule:progress", args=[world.campaign.pk]))
        .content.decode()
    )
    assert "审批处" in html
    assert "财务处" not in html


def test_current_campaign_shortcuts(world: World) -> None:
    client = client_for(world.cast.committee)
    assert client.get(reverse("schedule:progress_current")).status_code == 200
    assert client.get(reverse("schedule:schedule_current")).status_code == 200


def test_reminders_reach_the_bell(world: World) -> None:
    from schedule.services import reminders_sweep

    reminders_sweep(today=DEADLINE)
    html = client_for(world.cast.other_leader).get(reverse("notifications:list")).content
    assert "今天截止,尚未完成:处室、分局、直属单位制定《廉政风险清单》" in html.decode()


def test_progress_query_count_is_independent_of_size(
    world: World, django_assert_num_queries, sources: list[CompletionSource]
) -> None:
    # The schedule's own queries (`sources` empties the completion sources other apps register;
    # each counts its own).
    client = client_for(world.cast.committee)
    url = reverse("schedule:progress", args=[world.campaign.pk])
    # 1 session, 2 user, 3 campaign, 4 roles (navigation), 5 tasks, 6 registers' states,
    # 7 completions, 8 lead-unit candidates, 9 units, 10 unread notifications (the bell)
    with django_assert_num_queries(10):
        client.get(url)
    for i in range(15):
        unit = UnitFactory(parent=world.cast.bureau)
        RegisterFactory(campaign=world.campaign, unit=unit)
        UnitFactory(name=f"空单位{i}")
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count('data-testid="progress-unit"') == 17
