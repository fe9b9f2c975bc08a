"""A database migrated on the old layout (notifications and the schedule inside workflow and
registers) keeps every row when it migrates to the apps of their own, on SQLite and PostgreSQL."""

from collections.abc import Iterator
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from notifications.models import Notification, OutboxMessage
from schedule.models import CampaignReminderSettings, Reminder, ScheduleTask

OLD_LAYOUT = [
    ("registers", "0003_schedule_task"),
    ("workflow", "0003_notifications_schedule"),
    ("notifications", None),
    ("schedule", None),
    # Later fields of the user, which the rows written on the old layout know nothing of.
    ("orgs", "0001_initial"),
]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


@pytest.fixture
def back_to_the_latest_layout() -> Iterator[None]:
    # Whatever happens in the test, the database ends on the latest migrations for the next test.
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_layout")
def test_rows_and_content_types_survive_the_move() -> None:
    old = migrate(OLD_LAYOUT).loader.project_state(OLD_LAYOUT[:2]).apps
    now = timezone.now()
    content_type = old.get_model("contenttypes", "ContentType")
    old_type = content_type.objects.get_or_create(app_label="workflow", model="notification")[0]
    user = old.get_model("orgs", "User").objects.create(username="alt", name="旧用户", password="!")
    unit = old.get_model("orgs", "Unit").objects.create(name="旧处", kind="department", code="OLD")
    category_set = old.get_model("registers", "CategorySet").objects.first()
    campaign = old.get_model("registers", "Campaign").objects.create(
        year=2025, title="2025年排查", category_set=category_set
    )
    register = old.get_model("registers", "Register").objects.create(
        campaign=campaign, unit=unit, level="department"
    )
    task = old.get_model("registers", "ScheduleTask").objects.create(
        campaign=campaign,
        order=1,
        stage="阶段",
        task="查找廉政风险",
        lead_unit="机关党委",
        responsible_units="全部",
        due_text="7月",
        deadline=date(2025, 7, 31),
    )
    old.get_model("workflow", "CampaignReminderSettings").objects.create(
        campaign=campaign, reminder_days="5,2", overdue_repeat_days=4
    )
    old.get_model("workflow", "Reminder").objects.create(
        task=task,
        unit=unit,
        kind="overdue",
        day=date(2025, 8, 1),
        days_before=-1,
        recipients="旧用户",
        created_at=now,
    )
    note = old.get_model("workflow", "Notification").objects.create(
        recipient=user,
        kind="overdue",
        title="逾期督办",
        url="/x/",
        register=register,
        created_at=now,
    )
    old.get_model("workflow", "OutboxMessage").objects.create(
        notification=note, to="alt@example.org", subject="逾期", body="正文", created_at=now
    )

    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    moved_task = ScheduleTask.objects.get()
    assert (moved_task.task, moved_task.deadline, moved_task.campaign_id) == (
        "查找廉政风险",
        date(2025, 7, 31),
        campaign.pk,
    )
    settings = CampaignReminderSettings.objects.get()
    assert (settings.reminder_days, settings.overdue_repeat_days) == ("5,2", 4)
    reminder = Reminder.objects.get()
    assert (reminder.task_id, reminder.unit_id, reminder.kind) == (
        moved_task.pk,
        unit.pk,
        "overdue",
    )
    notification = Notification.objects.get()
    assert (notification.title, notification.register_id, notification.recipient_id) == (
        "逾期督办",
        register.pk,
        user.pk,
    )
    assert OutboxMessage.objects.get().notification_id == notification.pk
    # The content type row is renamed, not duplicated: permissions and history stay attached.
    assert ContentType.objects.get(pk=old_type.pk).app_label == "notifications"
    assert ContentType.objects.get_for_model(Notification).pk == old_type.pk
