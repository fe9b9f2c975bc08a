"""The daily sweep, by time travel, on the rows tied to a register state: reminders before each
deadline, overdue notices escalated on the day and repeated, each sent once, to whoever must act;
by the service and by the command. (The rows done by hand: test_completion_sweep.py.)"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from notifications.models import Notification
from registers.choices import RegisterState
from schedule.models import Reminder, ScheduleTask
from schedule.services import reminder_settings_update, reminders_sweep
from tests.campaign_world import DEADLINE, World
from tests.walk import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _register_rows_only(world: World) -> None:
    # The plan dates rows done by hand in June and July, overdue by the time these tests travel
    # to; undated, they are not chased, and what is asserted here is the register rows' chase.
    ScheduleTask.objects.filter(campaign=world.campaign, required_state="").update(deadline=None)


def _sweep(day: date) -> set[tuple[str, str]]:
    """Sweep on `day`; who was notified of what, as (username, kind)."""
    before = set(Notification.objects.values_list("id", flat=True))
    reminders_sweep(today=day)
    return {
        (n.recipient.username, n.kind)
        for n in Notification.objects.exclude(id__in=before).select_related("recipient")
    }


def test_time_travel_through_the_submission_deadline(world: World) -> None:
    day = {offset: DEADLINE + timedelta(days=offset) for offset in range(-10, 15)}
    dept = {("filler", "reminder"), ("head", "reminder")}
    other = {("other_head", "reminder"), ("outsider", "reminder")}

    assert _sweep(day[-8]) == set()
    assert _sweep(day[-7]) == dept | other
    walk_to(world.dept_register, RegisterState.SUBMITTED)  # the post register is still a draft
    walk_to(world.other_register, RegisterState.RETURNED)
    assert _sweep(day[-5]) == set()
    assert _sweep(day[-3]) == dept | other
    walk_to(world.post_register, RegisterState.SUBMITTED)  # 审批处 is done
    assert _sweep(day[-2]) == set()
    assert _sweep(day[-1]) == other
    overdue = {
        ("other_head", "overdue"),
        ("outsider", "overdue"),
        ("other_leader", "overdue"),  # escalated to the leader in charge
        ("committee", "overdue"),  # and to the committee
    }
    assert _sweep(day[0]) == overdue
    assert _sweep(day[1]) == set()  # repeated every 7 days, not daily
    assert _sweep(day[7]) == overdue
    walk_to(world.other_register, RegisterState.SUBMITTED)
    assert _sweep(day[14]) == set()

    reminders = Reminder.objects.filter(task=world.submit_task).order_by("day", "unit__order")
    assert [(r.day, r.unit.name, r.kind, r.days_before) for r in reminders] == [
        (day[-7], "审批处", "reminder", 7),
        (day[-7], "财务处", "reminder", 7),
        (day[-3], "审批处", "reminder", 3),
        (day[-3], "财务处", "reminder", 3),
        (day[-1], "财务处", "reminder", 1),
        (day[0], "财务处", "overdue", 0),
        (day[7], "财务处", "overdue", -7),
    ]


def test_notice_content_names_task_deadline_and_units(world: World) -> None:
    reminders_sweep(today=DEADLINE)
    notice = Notification.objects.get(recipient=world.cast.committee)
    assert notice.title == "今天截止,尚未完成:处室、分局、直属单位制定《廉政风险清单》"
    assert "2026-08-10" in notice.body
    # One notice to the committee naming both lagging departments, not one per department.
    assert "审批处、财务处" in notice.body
    assert notice.url == f"/schedule/campaigns/{world.campaign.pk}/progress/"


def test_sweeping_twice_sends_each_reminder_once(world: World) -> None:
    first = reminders_sweep(today=DEADLINE - timedelta(days=3))
    second = reminders_sweep(today=DEADLINE - timedelta(days=3))
    assert len(first.sent) == 2
    assert second.sent == []
    assert Notification.objects.filter(kind="reminder").count() == 4


def test_a_missed_deadline_day_is_caught_up_once(world: World) -> None:
    # No sweep ran on the deadline (beat was down): the next one sends the overdue notice.
    assert {(n, k) for n, k in _sweep(DEADLINE + timedelta(days=2))} >= {("committee", "overdue")}
    assert _sweep(DEADLINE + timedelta(days=3)) == set()


def test_reminder_days_are_per_campaign(world: World) -> None:
    reminder_settings_update(
        campaign=world.campaign, actor=world.cast.admin, reminder_days="5,2", overdue_repeat_days=1
    )
    assert _sweep(DEADLINE - timedelta(days=7)) == set()
    assert ("filler", "reminder") in _sweep(DEADLINE - timedelta(days=5))
    assert ("committee", "overdue") in _sweep(DEADLINE)
    assert ("committee", "overdue") in _sweep(DEADLINE + timedelta(days=1))  # daily now


def test_later_tasks_chase_whoever_must_act(world: World) -> None:
    world.cast.principal.is_party_group_member = True
    world.cast.principal.save()
    walk_to(world.dept_register, RegisterState.APPROVED)
    walk_to(world.post_register, RegisterState.DELIBERATED)
    walk_to(world.other_register, RegisterState.DELIBERATED)
    # "局党组研究" is due 8月底前; 审批处's department register still waits for the party group.
    sent = _sweep(date(2026, 8, 30))
    assert sent == {("principal", "reminder")}
    notice = Notification.objects.get(recipient=world.cast.principal, kind="reminder")
    assert "审批处" in notice.body
    assert "财务处" not in notice.body


def test_unstarted_campaigns_and_undated_tasks_are_not_swept(world: World) -> None:
    world.campaign.started_at = None
    world.campaign.save()
    assert _sweep(DEADLINE) == set()


def test_sweep_command_replays_a_day(world: World) -> None:
    out = StringIO()
    call_command("sweep_reminders", today=DEADLINE - timedelta(days=7), stdout=out)
    assert "2 reminders sent" in out.getvalue()
    again = StringIO()
    call_command("sweep_reminders", today=DEADLINE - timedelta(days=7), stdout=again)
    assert "0 reminders sent" in again.getvalue()


def test_home_lists_unread_notifications(world: World, client) -> None:  # type: ignore[no-untyped-def]
    reminders_sweep(today=DEADLINE)
    client.force_login(world.cast.other_leader)
    html = client.get("/").content.decode()
    assert 'data-inbox="notifications"' in html
    assert "今天截止,尚未完成" in html
