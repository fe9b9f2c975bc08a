"""Pagination and filter forms are one partial each (templates/partials/): no list template
writes its own pager or GET form, and the pager's links keep the list's filters while they
move through the pages."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.services import audit_record
from notifications.models import Notification
from tests.conftest import Cast
from tests.factories import CampaignFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
PARTIALS = TEMPLATES / "partials"
# Django admin's own search form, overridden for its translation only.
ADMIN = TEMPLATES / "admin"


def _list_templates() -> list[Path]:
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if PARTIALS not in path.parents and ADMIN not in path.parents
    ]


def test_no_template_writes_its_own_pager_or_filter_form() -> None:
    own = [
        str(path.relative_to(TEMPLATES))
        for path in _list_templates()
        if re.search(r'page\.has_(previous|next)|class="pagination|method="get"', path.read_text())
    ]
    assert own == []


def test_every_list_uses_the_partials() -> None:
    uses = {
        str(path.relative_to(TEMPLATES)): set(
            re.findall(r'include "partials/(_pagination|_filter_form)\.html"', path.read_text())
        )
        for path in _list_templates()
    }
    assert {name: found for name, found in uses.items() if found} == {
        "archives/access_list.html": {"_pagination"},
        "archives/access_queue.html": {"_pagination"},
        "archives/index.html": {"_filter_form", "_pagination"},
        "assessment/adverse.html": {"_pagination"},
        "assessment/annual.html": {"_filter_form"},
        "assessment/scoring.html": {"_filter_form", "_pagination"},
        "commitments/tracker.html": {"_filter_form", "_pagination"},
        "notifications/partials/_list.html": {"_pagination"},
        "oversight/board/board.html": {"_filter_form"},
        "oversight/leads/list.html": {"_filter_form"},
        "oversight/measures/inspection_list.html": {"_filter_form", "_pagination"},
        "oversight/rectification/ledger.html": {"_filter_form"},
        "oversight/warnings/list.html": {"_filter_form"},
        "registers/authority_list.html": {"_filter_form", "_pagination"},
        "reviews/round_list.html": {"_filter_form"},
        "registers/register_list.html": {"_filter_form"},
        "reports/campaign_exports.html": {"_filter_form"},
        "reports/stats.html": {"_filter_form"},
        "workflow/audit_log.html": {"_filter_form", "_pagination"},
        "workflow/overview.html": {"_filter_form"},
        "workflow/published_list.html": {"_filter_form"},
    }


def _pager_links(html: str) -> dict[str, str]:
    """The pager's links by their text (上一页 / 下一页), unescaped."""
    nav = html[html.index('data-testid="pagination"') :]
    nav = nav[: nav.index("</nav>")]
    return {
        text: href.replace("&amp;", "&")
        for href, text in re.findall(r'<a class="page-link" href="([^"]+)">([^<]+)</a>', nav)
    }


@pytest.mark.django_db
def test_the_audit_logs_pager_keeps_its_filters(cast: Cast) -> None:
    campaign = CampaignFactory()
    for _ in range(60):
        audit_record(action=actions.CAMPAIGN_UPDATE, actor=cast.admin, obj=campaign)
    audit_record(action=actions.CAMPAIGN_START, actor=cast.admin, obj=campaign)
    client = Client()
    client.force_login(cast.committee)
    url = reverse("workflow:audit_log")
    query = {"action": actions.CAMPAIGN_UPDATE, "object_type": "registers.campaign"}
    html = client.get(url, query).content.decode()
    assert "1 / 2" in html
    # The filters show as chosen in the filter form.
    assert re.search(rf'<option value="{actions.CAMPAIGN_UPDATE}" selected>', html)
    (next_link,) = _pager_links(html).values()
    assert next_link == f"?action={actions.CAMPAIGN_UPDATE}&object_type=registers.campaign&page=2"
    html = client.get(url + next_link).content.decode()
    assert "2 / 2" in html
    # Still filtered on the second page: ten more updates and not the start.
    assert set(re.findall(r'<tr data-action="([^"]+)"', html)) == {actions.CAMPAIGN_UPDATE}
    assert _pager_links(html) == {
        "上一页": f"?action={actions.CAMPAIGN_UPDATE}&object_type=registers.campaign&page=1"
    }


@pytest.mark.django_db
def test_the_notifications_pager_keeps_the_unread_filter(cast: Cast) -> None:
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=cast.filler,
            kind="other",
            title=f"通知{n}",
            created_at=now - timedelta(minutes=n),
            read_at=now if n % 2 else None,
        )
        for n in range(80)
    )
    client = Client()
    client.force_login(cast.filler)
    html = client.get(reverse("notifications:list"), {"unread": "1", "page": "1"}).content.decode()
    # 40 unread at 30 a page.
    assert "1 / 2" in html
    assert _pager_links(html) == {"下一页": "?unread=1&page=2"}
