"""The public page (no sign-in): publication period, names hidden, switch-off, feedback."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
