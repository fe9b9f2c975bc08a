"""The public page (no sign-in): publication period, names hidden, switch-off, feedback."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from registers.models import Register
from tests.factories import TEST_PASSWORD
from workflow import services
from workflow.models import Feedback, PublishedVersion


@pytest.fixture
def published(register: Register, people) -> PublishedVersion:
    entry = register.entries.first()
    entry.responsible_leader_name = "李副局长"
    entry.save()
    campaign = register.campaign
    today = timezone.localdate()
    campaign.publication_start, campaign.publication_end = today, today + timedelta(days=7)
    campaign.save()
    services.register_submit(register=register, actor=people["filler"])
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    services.register_approve(register=register, actor=people["committee"])
    services.register_deliberate(register=register, actor=people["party"])
    return services.register_publish(register=register, actor=people["committee"])


def test_public_page_lists_and_shows_without_names(published, client: Client) -> None:
    index = client.get(reverse("public:index"))
    assert index.status_code == 200 and published.title in index.content.decode()
    detail = client.get(reverse("public:detail", args=[published.pk])).content.decode()
    assert "审批中吃拿卡要" in detail
    assert "李副局长" not in detail and "责任领导" not in detail
    assert 'data-testid="published-signers"' not in detail


def test_public_page_shows_names_when_configured(published, client, settings) -> None:
    settings.PUBLIC_HIDE_NAMES = False
    detail = client.get(reverse("public:detail", args=[published.pk])).content.decode()
    assert "李副局长" in detail and 'data-testid="published-signers"' in detail


def test_outside_the_period_and_switched_off(published, client, settings) -> None:
    campaign = published.campaign
    campaign.publication_end = timezone.localdate() - timedelta(days=1)
    campaign.publication_start = campaign.publication_end - timedelta(days=7)
    campaign.save()
    for url in (reverse("public:index"), reverse("public:detail", args=[published.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "当前不在公示期内" in response.content.decode()
        assert "审批中吃拿卡要" not in response.content.decode()
    settings.PUBLIC_PAGE_ENABLED = False
    assert client.get(reverse("public:index")).status_code == 404
    assert client.get(reverse("public:detail", args=[published.pk])).status_code == 404


def test_anonymous_feedback_lands_in_the_committee_inbox(published, people, client) -> None:
    response = client.post(
        reverse("public:feedback", args=[published.pk]),
        {"text": "防控措施没有落实到人", "contact": "13800000000"},
        follow=True,
    )
    assert "监督意见已提交" in response.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.is_public and feedback.author is None
    committee = Client()
    committee.force_login(people["committee"])
    home = committee.get(reverse("home")).content.decode()
    assert 'data-inbox="feedback"' in home
    inbox = committee.get(reverse("workflow:feedback")).content.decode()
    assert "防控措施没有落实到人" in inbox


def test_reopened_register_keeps_its_published_version_public(published, people, client) -> None:
    register = published.register
    services.register_reopen(register=register, actor=people["filler"])
    detail = client.get(reverse("public:detail", args=[published.pk]))
    assert detail.status_code == 200 and "审批中吃拿卡要" in detail.content.decode()


def test_open_period_with_nothing_published_says_so(register: Register, client: Client) -> None:
    campaign = register.campaign
    today = timezone.localdate()
    campaign.publication_start, campaign.publication_end = today, today + timedelta(days=7)
    campaign.save()
    page = client.get(reverse("public:index")).content.decode()
    assert "暂无公示的清单" in page and "当前不在公示期内" not in page
    campaign.publication_start = today + timedelta(days=1)
    campaign.save()
    assert "当前不在公示期内" in client.get(reverse("public:index")).content.decode()


# Nothing listens on this port: every cache call raises a connection error, as in a Redis outage.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6390/0",
    }
}


def test_feedback_is_kept_and_limited_while_redis_is_down(published, client, settings) -> None:
    settings.CACHES = DEAD_REDIS
    settings.PUBLIC_FEEDBACK_PER_HOUR = 2
    with pytest.raises(RedisConnectionError):
        cache.get("probe")
    url = reverse("public:feedback", args=[published.pk])
    for n in range(2):
        page = client.post(url, {"text": f"第{n}条意见"}, follow=True)
        assert page.status_code == 200 and "监督意见已提交,感谢您的监督" in page.content.decode()
    assert Feedback.objects.count() == 2
    # The third within the hour from the same address is refused in Chinese, and not stored.
    page = client.post(url, {"text": "第三条"}, follow=True)
    assert page.status_code == 200 and "提交过于频繁,请稍后再试" in page.content.decode()
    assert Feedback.objects.count() == 2
    # Another address has its own allowance.
    page = client.post(url, {"text": "另一地址"}, REMOTE_ADDR="10.1.2.3", follow=True)
    assert "监督意见已提交" in page.content.decode()
    # Opinions older than an hour no longer count.
    Feedback.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    page = client.post(url, {"text": "一小时后"}, follow=True)
    assert "监督意见已提交" in page.content.decode()
    assert Feedback.objects.filter(ip="127.0.0.1").count() == 3
