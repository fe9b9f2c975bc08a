"""The bell, the notifications page and mark as read."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from orgs.models import User
from tests.clients import client_for
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


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


def test_home_shows_notification_times_in_shanghai(cast: Cast) -> None:
    # 23:30 UTC is 07:30 the next day in Asia/Shanghai: the home page and the list must agree.
    at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    Notification.objects.filter(pk=note(cast.leader, "夜里到的通知").pk).update(created_at=at)
    home = client_for(cast.leader).get(reverse("home")).content.decode()
    listing = client_for(cast.leader).get(reverse("notifications:list")).content.decode()
    assert "2026-03-02 07:30" in home
    assert "2026-03-02 07:30" in listing
    assert "2026-03-01 23:30" not in home
