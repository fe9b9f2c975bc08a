"""The demo (demo.schedule_completion, seeded by manage.py seed_demo): the rows already due marked
done by their lead unit or by most units, a few units left behind, nothing marked twice."""

import pytest
from django.utils import timezone

from demo.organization import build_demo_organization
from demo.registers import build_demo_campaign
from demo.schedule_completion import build_demo_completions
from schedule.models import Reminder, TaskCompletion
from schedule.selectors import campaign_progress
from schedule.services import reminders_sweep, schedule_demo_dates

pytestmark = pytest.mark.django_db


def test_demo_rows_done_by_hand() -> None:
    build_demo_organization()
    campaign = build_demo_campaign()
    today = timezone.localdate()
    schedule_demo_dates(campaign=campaign, today=today, actor_name="test")
    made = build_demo_completions(today=today)
    assert made == TaskCompletion.objects.count() > 0
    assert build_demo_completions(today=today) == 0

    progress = campaign_progress(campaign=campaign, today=today)
    by_order = {row.task.order: row for row in progress.rows}
    # The plan and 动员部署: by 机关党委(机关纪委), through its head.
    for order in (1, 2):
        (cell,) = by_order[order].cells
        assert cell.how == "completion" and cell.completion is not None
        assert cell.completion.unit.code == "D13"
        assert cell.completion.completed_by.username == "jiwei"
    # 梳理权力清单, 查找廉政风险, 评定风险类别: most units done, some overdue.
    for order in (3, 4, 5):
        row = by_order[order]
        assert 0 < row.done < row.total
        assert {cell.status for cell in row.cells} == {"done", "overdue"}
    # Stage two and three: open.
    assert all(by_order[order].done == 0 for order in (9, 10, 11, 12, 13))
    # The sweep chases the units left behind, and only them, on those rows.
    reminders_sweep(today=today)
    chased = set(Reminder.objects.filter(task__order=3).values_list("unit_id", flat=True))
    overdue = {cell.unit_id for cell in by_order[3].cells if cell.status == "overdue"}
    assert chased == overdue
