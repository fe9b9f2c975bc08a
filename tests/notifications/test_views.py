"""The bell, the notifications page and mark as read; the schedule and progress pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orgs.models import User
from registers.models import ScheduleTask
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, UnitFactory
from tests.notifications.conftest import DEADLINE, World, set_state
from workflow.models import CampaignReminderSettings, Notification

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def note(user: User, title: str = "审批处廉政风险清单已提交,请审阅签字", **extra) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind=extra.pop("kind", "submitted"),
        title=title,
        body=extra.pop("body", "刘经办 提交了 审批处廉政风险清单,等待您签字。"),
        url=extra.pop("url", "/org/"),
        created_at=timezone.now(),
        **extra,
    )


def test_bell_shows_the_unread_count(cast: Cast) -> None:
    note(cast.leader)
    note(cast.leader, "第二条")
    note(cast.leader, "已读的", read_at=timezone.now())
    note(cast.head, "别人的")
    response = client_for(cast.leader).get(reverse("home"))
    html = response.content.decode()
    assert 'data-testid="notification-bell"' in html
    assert 'data-testid="unread-count">2<' in html
    response = client_for(cast.outsider).get(reverse("home"))
    assert 'data-testid="unread-count"' not in response.content.decode()


def test_bell_partial_for_polling(cast: Cast) -> None:
    note(cast.leader)
    response = client_for(cast.leader).get(reverse("notifications:bell"))
    assert response.status_code == 200
    assert 'data-testid="unread-count">1<' in response.content.decode()


def test_list_shows_only_your_own(cast: Cast) -> None:
    note(cast.leader, "给分管领导的")
    note(cast.head, "给处长的")
    html = client_for(cast.leader).get(reverse("notifications:list")).content.decode()
    assert "给分管领导的" in html
    assert "给处长的" not in html


def test_list_query_count(cast: Cast, django_assert_num_queries) -> None:
    for i in range(40):
        note(cast.leader, f"通知{i}")
    client = client_for(cast.leader)
    # session, user, roles for the navigation, unread count for the bell, paginator count,
    # the page of notifications
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:list"))
    assert response.content.decode().count('data-testid="notification"') == 30


def test_unread_filter(cast: Cast) -> None:
    note(cast.leader, "未读的")
    note(cast.leader, "已读的", read_at=timezone.now())
    html = client_for(cast.leader).get(reverse("notifications:list") + "?unread=1").content
    assert "未读的" in html.decode()
    assert "已读的" not in html.decode()


def test_mark_one_read_with_htmx(cast: Cast) -> None:
    first, second = note(cast.leader), note(cast.leader, "第二条")
    response = client_for(cast.leader).post(
        reverse("notifications:read", args=[first.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="notification-{first.pk}"' in html
    assert 'data-testid="mark-read"' not in html
    # The bell is swapped out of band with the new count.
    assert 'hx-swap-oob="true"' in html
    assert 'data-testid="unread-count">1<' in html
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_someone_elses_notification_is_a_404(cast: Cast) -> None:
    theirs = note(cast.head)
    client = client_for(cast.leader)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(cast: Cast) -> None:
    mine = note(cast.leader)
    response = client_for(cast.leader).get(reverse("notifications:read", args=[mine.pk]))
    assert response.status_code == 405


def test_mark_all_read(cast: Cast) -> None:
    note(cast.leader)
    note(cast.leader, "第二条")
    theirs = note(cast.head)
    response = client_for(cast.leader).post(
        reverse("notifications:read_all"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="notification-list"' in response.content.decode()
    assert not Notification.objects.filter(recipient=cast.leader, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_marks_read_and_follows_only_local_links(cast: Cast) -> None:
    local = note(cast.leader, url="/org/")
    foreign = note(cast.leader, url="https://evil.example/")
    client = client_for(cast.leader)
    response = client.get(reverse("notifications:open", args=[local.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/org/"
    response = client.get(reverse("notifications:open", args=[foreign.pk]))
    assert response["Location"] == reverse("notifications:list")
    local.refresh_from_db()
    assert local.read_at is not None


def test_bell_polling_stops_when_the_session_ends(db: None) -> None:
    assert Client().get(reverse("notifications:bell")).status_code == 286


def test_anonymous_is_sent_to_sign_in() -> None:
    response = Client().get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Schedule and progress --------------------------------------------------------------------


def test_admin_prefills_an_empty_schedule(cast: Cast) -> None:
    campaign = CampaignFactory(started_at=timezone.now())
    client = client_for(cast.admin)
    url = reverse("notifications:schedule", args=[campaign.pk])
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
    url = reverse("notifications:schedule", args=[world.campaign.pk])
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
        reverse("notifications:schedule", args=[world.campaign.pk]), data
    )
    assert response.status_code == 200
    assert "请填写至少一个正整数天数" in response.content.decode()


@pytest.mark.parametrize("who", ["filler", "head", "leader", "principal", "committee", "outsider"])
def test_others_read_the_schedule_but_cannot_change_it(world: World, who: str) -> None:
    client = client_for(world.cast.users()[who])
    url = reverse("notifications:schedule", args=[world.campaign.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="schedule-form"' not in response.content.decode()
    assert client.post(url, _formset_data(world)).status_code == 403


def test_progress_page(world: World) -> None:
    set_state(world.dept_register, "submitted")
    set_state(world.post_register, "submitted")
    world.submit_task.deadline = timezone.localdate() - timedelta(days=1)
    world.submit_task.save()
    html = (
        client_for(world.cast.committee)
        .get(reverse("notifications:progress", args=[world.campaign.pk]))
        .content.decode()
    )
    assert html.count('data-testid="progress-unit"') == 2
    assert "已完成 1/2" in html
    assert 'data-status="overdue"' in html


def test_progress_page_shows_a_department_its_own_units_only(world: World) -> None:
    html = (
        client_for(world.cast.filler)
        .get(reverse("notifications:progress", args=[world.campaign.pk]))
        .content.decode()
    )
    assert "审批处" in html
    assert "财务处" not in html


def test_current_campaign_shortcuts(world: World) -> None:
    client = client_for(world.cast.committee)
    assert client.get(reverse("notifications:progress_current")).status_code == 200
    assert client.get(reverse("notifications:schedule_current")).status_code == 200


def test_reminders_reach_the_bell(world: World) -> None:
    from workflow.schedule import reminders_sweep

    reminders_sweep(today=DEADLINE)
    html = client_for(world.cast.other_leader).get(reverse("notifications:list")).content
    assert "今天截止,尚未完成:处室、分局、直属单位制定《廉政风险清单》" in html.decode()


def test_progress_query_count_is_independent_of_size(
    world: World, django_assert_num_queries
) -> None:
    client = client_for(world.cast.committee)
    url = reverse("notifications:progress", args=[world.campaign.pk])
    # 1 session, 2 user, 3 campaign, 4 tasks, 5 registers' states, 6 units,
    # 7 roles (navigation), 8 unread notifications (the bell)
    with django_assert_num_queries(8):
        client.get(url)
    for i in range(15):
        unit = UnitFactory(parent=world.cast.bureau)
        RegisterFactory(campaign=world.campaign, unit=unit)
        UnitFactory(name=f"空单位{i}")
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('data-testid="progress-unit"') == 17


def test_home_shows_notification_times_in_shanghai(cast: Cast) -> None:
    # 23:30 UTC is 07:30 the next day in Asia/Shanghai: the home page and the list must agree.
    at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    Notification.objects.filter(pk=note(cast.leader, "夜里到的通知").pk).update(created_at=at)
    home = client_for(cast.leader).get(reverse("home")).content.decode()
    listing = client_for(cast.leader).get(reverse("notifications:list")).content.decode()
    assert "2026-03-02 07:30" in home
    assert "2026-03-02 07:30" in listing
    assert "2026-03-01 23:30" not in home
