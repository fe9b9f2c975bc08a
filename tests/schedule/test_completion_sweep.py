"""The daily sweep chases every dated row, not only those tied to a register state: a row done by
hand is chased at the units that have not marked it (at the lead unit, for a lead-only row), its
reminder going to the unit's head, its overdue notice escalated like any other; a mark or another
app's record stops the chase; each reminder goes out once."""

from datetime import date

import pytest

from notifications.models import Notification
from registers.models import Campaign
from schedule.completion import CompletionSource, RecordedCompletion
from schedule.models import Reminder
from schedule.services import reminders_sweep, task_complete
from tests.campaign_world import World
from tests.schedule.annex3_rows import FIND, GRADE, MOBILIZE, PLAN, POWERS, row

pytestmark = pytest.mark.django_db

# Seven days before the "7月" rows fall due (July 31st); the plan row (6月底前) is overdue.
WEEK_BEFORE = date(2026, 7, 24)


def _sweep(day: date) -> set[tuple[str, str, str]]:
    """Sweep on `day`; who was told what about which row: (username, kind, task)."""
    before = set(Notification.objects.values_list("id", flat=True))
    reminders_sweep(today=day)
    return {
        (n.recipient.username, n.kind, n.title.split(":", 1)[1])
        for n in Notification.objects.exclude(id__in=before).select_related("recipient")
    }


def _chased(day: date, order: int, world: World) -> list[str]:
    return list(
        Reminder.objects.filter(day=day, task=row(world, order))
        .order_by("unit__order", "unit__code")
        .values_list("unit__name", flat=True)
    )


def test_rows_done_by_hand_are_chased_at_the_units_that_owe_them(
    world: World, sources: list[CompletionSource]
) -> None:
    powers, find, grade = (row(world, n).task for n in (POWERS, FIND, GRADE))
    mobilize, plan = row(world, MOBILIZE).task, row(world, PLAN).task
    assert _sweep(WEEK_BEFORE) == {
        # Each unit's rows: the reminder goes to the head, who answers for the unit.
        *{
            (head, "reminder", task)
            for head in ("head", "other_head")
            for task in (powers, find, grade)
        },
        # The lead-only row: the lead unit (the cast's bureau) through its head, the principal.
        ("principal", "reminder", mobilize),
        # The plan, overdue since June 30th and never chased: escalated to the committee.
        ("principal", "overdue", plan),
        ("committee", "overdue", plan),
    }
    notice = Notification.objects.get(recipient=world.cast.head, title__endswith=powers)
    assert "以下单位尚未标记完成:审批处。" in notice.body
    assert notice.url == f"/schedule/campaigns/{world.campaign.pk}/progress/"

    # 审批处 marks one row done, another app records another; the lead unit marks its row.
    cast = world.cast
    task_complete(
        schedule_task=row(world, POWERS), unit=cast.dept, actor=cast.filler, note="已梳理"
    )
    find_task = row(world, FIND)
    sources.append(lambda campaign: [RecordedCompletion(find_task, cast.dept.pk, "由其他记录完成")])
    task_complete(
        schedule_task=row(world, MOBILIZE), unit=cast.bureau, actor=cast.principal, note="已动员"
    )
    three_days = date(2026, 7, 28)
    assert _sweep(three_days) == {
        ("other_head", "reminder", powers),
        ("other_head", "reminder", find),
        ("head", "reminder", grade),
        ("other_head", "reminder", grade),
        # The plan's overdue notice repeats every 7 days (June 30th + 28).
        ("principal", "overdue", plan),
        ("committee", "overdue", plan),
    }
    assert _chased(three_days, POWERS, world) == ["财务处"]
    assert _chased(three_days, FIND, world) == ["财务处"]
    assert _chased(three_days, GRADE, world) == ["审批处", "财务处"]
    assert _chased(three_days, MOBILIZE, world) == []


def test_overdue_rows_done_by_hand_are_escalated(world: World) -> None:
    powers = row(world, POWERS).task
    told = _sweep(date(2026, 7, 31))
    # The deadline: the head, the leader in charge and the committee hear of each unit's row.
    assert {
        ("head", "overdue", powers),
        ("leader", "overdue", powers),
        ("other_head", "overdue", powers),
        ("other_leader", "overdue", powers),
        ("committee", "overdue", powers),
    } <= told
    notice = Notification.objects.get(recipient=world.cast.committee, title__endswith=powers)
    assert notice.title == f"今天截止,尚未完成:{powers}"
    assert "以下单位尚未标记完成:审批处、财务处。" in notice.body


def test_each_reminder_of_a_row_done_by_hand_goes_out_once(world: World) -> None:
    first = reminders_sweep(today=WEEK_BEFORE)
    again = reminders_sweep(today=WEEK_BEFORE)
    # Rows 3–5 × two units, the lead-only row 2, the overdue plan row 1.
    assert len(first.sent) == 8
    assert again.sent == []
    assert Reminder.objects.count() == 8


def test_a_unit_without_a_head_is_chased_through_the_committee(world: World) -> None:
    world.cast.other_dept.head = None
    world.cast.other_dept.save()
    powers = row(world, POWERS).task
    told = _sweep(WEEK_BEFORE)
    assert ("committee", "reminder", powers) in told
    assert ("other_head", "reminder", powers) not in told
    notice = Notification.objects.get(
        recipient=world.cast.committee, kind="reminder", title__endswith=powers
    )
    assert "财务处" in notice.body and "审批处" not in notice.body


def test_undated_rows_are_not_chased(world: World) -> None:
    # Stage 2 and 3 rows name 2020 and 2021 in the plan: the prefill leaves them undated.
    reminders_sweep(today=date(2026, 12, 31))
    assert set(Reminder.objects.values_list("task__order", flat=True)) <= set(range(1, 9))


def test_a_source_is_asked_only_when_something_is_due(
    world: World, sources: list[CompletionSource]
) -> None:
    asked: list[Campaign] = []
    sources.append(lambda campaign: asked.append(campaign) or [])
    reminders_sweep(today=date(2026, 1, 5))  # nothing due for months
    assert asked == []
    reminders_sweep(today=WEEK_BEFORE)
    assert asked == [world.campaign]
