"""The pages of the actions (措施落实): an entry's actions, one action with its evidence and
verification, 我的落实措施 (page and home inbox), the committee's 检查清单, and the link from
the register page."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import DjangoAssertNumQueries, Settings

from audit import actions as audit_actions
from audit.models import AuditEntry
from oversight.attachments import attachments_of
from oversight.choices import ActionStatus
from oversight.measures.services import action_create, action_update
from oversight.models import Action, Attachment
from registers.models import Register, RiskEntry
from tests.clients import client_for
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.usefixtures("party")


@pytest.fixture
def draft_entry(cast: Cast) -> RiskEntry:
    """A grade-1 entry of a draft register of 审批处: unseen outside 审批处 and its leaders."""
    register = RegisterFactory(unit=cast.dept)
    return RiskEntryFactory(
        register=register, grade=1, risk="违规发放许可", prevention_measures="双人复核"
    )


@pytest.fixture
def draft_action(draft_entry: RiskEntry, cast: Cast) -> Action:
    return action_create(
        entry=draft_entry, actor=cast.filler, content="建立复核台账", owner=cast.filler
    )


@pytest.fixture
def planned(high_entry: RiskEntry, cast: Cast) -> Action:
    return action_create(
        entry=high_entry,
        actor=cast.filler,
        content="重大审批事项一律集体会审",
        owner=cast.outsider,
        deadline=datetime.date(2027, 3, 31),
    )


# --- An entry's actions ----------------------------------------------------------------------


def test_the_entry_page_shows_the_entry_and_lets_the_filler_add_an_action(
    high_entry: RiskEntry, cast: Cast
) -> None:
    client = client_for(cast.filler)
    url = reverse("oversight:entry_actions", args=[high_entry.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "集体会审;全程留痕" in page.text  # the entry's 防控措施
    assert 'data-testid="action-form"' in page.text
    response = client.post(
        url,
        {
            "content": "每月抽查审批卷宗",
            "owner": cast.head.pk,
            "deadline": "2027-01-31",
            "status": ActionStatus.NOT_STARTED,
            "progress_note": "",
            "on_inspection_list": "on",
        },
    )
    assert response.status_code == 302
    action = high_entry.actions.get()
    assert (action.content, action.owner, action.on_inspection_list) == (
        "每月抽查审批卷宗",
        cast.head,
        True,
    )
    assert "每月抽查审批卷宗" in client.get(url).text


def test_the_entry_page_query_count_is_independent_of_the_actions(
    high_entry: RiskEntry, cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(cast.head)
    url = reverse("oversight:entry_actions", args=[high_entry.pk])
    for count in (1, 10):
        while high_entry.actions.count() < count:
            action_create(entry=high_entry, actor=cast.filler, content="措施", owner=cast.head)
        # 1 session, 2 user, 3 roles, 4 unit scope, 5 the entry with its register, unit and
        # campaign, 6 the owner choices, 7 the actions with owner and verifier, 8 their
        # evidence, 9 the bell
        with django_assert_num_queries(9):
            page = client.get(url).text
        assert page.count("data-action=") == count


def test_a_bad_form_shows_its_errors(high_entry: RiskEntry, cast: Cast) -> None:
    response = client_for(cast.filler).post(
        reverse("oversight:entry_actions", args=[high_entry.pk]),
        {"content": "", "deadline": "明年", "status": "whatever"},
    )
    assert response.status_code == 200
    assert response.text.count('class="text-danger small"') == 3
    assert not high_entry.actions.exists()


def test_a_grade_2_entry_offers_no_inspection_mark(published: Register, cast: Cast) -> None:
    low = published.entries.get(grade=2)
    page = client_for(cast.filler).get(reverse("oversight:entry_actions", args=[low.pk]))
    assert 'name="content"' in page.text
    assert 'name="on_inspection_list"' not in page.text


def test_readers_of_a_published_register_see_its_actions_but_cannot_add(
    planned: Action, cast: Cast
) -> None:
    client = client_for(cast.other_head)
    url = reverse("oversight:entry_actions", args=[planned.entry_id])
    page = client.get(url)
    assert page.status_code == 200
    assert "重大审批事项一律集体会审" in page.text
    assert 'data-testid="action-form"' not in page.text
    assert client.post(url, {"content": "x", "status": "not_started"}).status_code == 403


def test_an_entry_outside_the_users_scope_is_a_404(
    draft_action: Action, draft_entry: RiskEntry, cast: Cast
) -> None:
    outsider = client_for(cast.outsider)
    assert (
        outsider.get(reverse("oversight:entry_actions", args=[draft_entry.pk])).status_code == 404
    )
    assert outsider.get(reverse("oversight:action_edit", args=[draft_action.pk])).status_code == 404
    assert (
        outsider.post(reverse("oversight:action_delete", args=[draft_action.pk])).status_code == 404
    )
    # The leader in charge of 审批处 sees it.
    leader = client_for(cast.leader)
    assert leader.get(reverse("oversight:entry_actions", args=[draft_entry.pk])).status_code == 200


def test_the_register_page_links_each_entry_to_its_actions(
    published: Register, high_entry: RiskEntry, cast: Cast
) -> None:
    page = client_for(cast.filler).get(reverse("registers:register_detail", args=[published.pk]))
    assert reverse("oversight:entry_actions", args=[high_entry.pk]) in page.text
    assert page.text.count('data-testid="entry-actions-link"') == published.entries.count()


# --- One action ------------------------------------------------------------------------------


def test_the_owner_reports_progress_from_another_unit(planned: Action, cast: Cast) -> None:
    client = client_for(cast.outsider)
    url = reverse("oversight:action_edit", args=[planned.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' in page.text
    assert 'name="content"' not in page.text  # the owner reports, he does not rewrite
    response = client.post(
        url, {"status": ActionStatus.DONE, "progress_note": "已建立会审制度", "content": "改写"}
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.progress_note) == (ActionStatus.DONE, "已建立会审制度")
    assert planned.content == "重大审批事项一律集体会审"


def test_the_owner_sees_his_action_even_on_a_register_he_may_not_see(
    draft_entry: RiskEntry, cast: Cast
) -> None:
    action = action_create(
        entry=draft_entry, actor=cast.filler, content="交叉检查", owner=cast.outsider
    )
    client = client_for(cast.outsider)
    assert client.get(reverse("oversight:action_edit", args=[action.pk])).status_code == 200
    # ... but not the register's other entries and actions.
    assert client.get(reverse("oversight:entry_actions", args=[draft_entry.pk])).status_code == 404


def test_a_reader_who_is_not_the_owner_may_not_post(planned: Action, cast: Cast) -> None:
    client = client_for(cast.other_head)
    url = reverse("oversight:action_edit", args=[planned.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": ActionStatus.DONE}).status_code == 403
    planned.refresh_from_db()
    assert planned.status == ActionStatus.NOT_STARTED


def test_verification_from_the_page(planned: Action, cast: Cast) -> None:
    action_update(action=planned, actor=cast.outsider, status=ActionStatus.DONE)
    url = reverse("oversight:action_verify", args=[planned.pk])
    assert client_for(cast.filler).post(url, {"note": "自己说了算"}).status_code == 403
    head = client_for(cast.head)
    page = head.get(reverse("oversight:action_edit", args=[planned.pk]))
    assert 'data-testid="verify-form"' in page.text
    assert head.post(url, {"note": "抽查属实"}).status_code == 302
    planned.refresh_from_db()
    assert planned.verified_by == cast.head
    assert "抽查属实" in head.get(reverse("oversight:entry_actions", args=[planned.entry_id])).text


def test_the_committee_marks_an_action_for_inspection(planned: Action, cast: Cast) -> None:
    url = reverse("oversight:action_inspection", args=[planned.pk])
    assert client_for(cast.outsider).post(url, {"on": "1"}).status_code == 403
    committee = client_for(cast.committee)
    assert (
        'data-testid="inspection-toggle"'
        in committee.get(reverse("oversight:action_edit", args=[planned.pk])).text
    )
    committee.post(url, {"on": "1"})
    planned.refresh_from_db()
    assert planned.on_inspection_list is True


def test_delete_from_the_page(planned: Action, cast: Cast) -> None:
    url = reverse("oversight:action_delete", args=[planned.pk])
    assert client_for(cast.outsider).post(url).status_code == 403
    response = client_for(cast.filler).post(url)
    assert response.status_code == 302
    assert not Action.objects.filter(pk=planned.pk).exists()


# --- Evidence --------------------------------------------------------------------------------


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client: Client, action: Action, name: str, content: bytes) -> None:
    client.post(
        reverse("oversight:attachment_upload", args=["action", action.pk]),
        {"file": SimpleUploadedFile(name, content), "note": "会审记录"},
    )


def test_the_owner_uploads_evidence_and_the_register_readers_download_it(
    media: Path, draft_action: Action, cast: Cast
) -> None:
    owner = client_for(cast.filler)
    _upload(owner, draft_action, "会审记录.pdf", PDF)
    [attachment] = attachments_of(draft_action)
    assert attachment.name == "会审记录.pdf"
    page = owner.get(reverse("oversight:action_edit", args=[draft_action.pk])).text
    assert reverse("oversight:attachment_download", args=[attachment.pk]) in page
    download = reverse("oversight:attachment_download", args=[attachment.pk])
    response = client_for(cast.head).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(
        action=audit_actions.ATTACHMENT_DOWNLOAD, actor=cast.head
    ).exists()
    # Another unit's user sees neither the register nor its evidence.
    assert client_for(cast.outsider).get(download).status_code == 404


def test_an_html_file_is_refused(media: Path, draft_action: Action, cast: Cast) -> None:
    client = client_for(cast.filler)
    _upload(client, draft_action, "记录.html", b"<html><script>alert(1)</script></html>")
    assert not Attachment.objects.exists()
    page = client.get(reverse("oversight:action_edit", args=[draft_action.pk])).text
    assert "不接受文件" in page


def test_only_the_owner_and_the_editors_add_evidence(
    media: Path, planned: Action, cast: Cast
) -> None:
    # 周处长 reads the published register, but the action is neither his nor his unit's.
    response = client_for(cast.other_head).post(
        reverse("oversight:attachment_upload", args=["action", planned.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 403
    _upload(client_for(cast.outsider), planned, "记录.pdf", PDF)
    assert attachments_of(planned).count() == 1


def test_an_owner_outside_the_unit_files_evidence_on_a_draft_register(
    media: Path, draft_entry: RiskEntry, cast: Cast
) -> None:
    action = action_create(
        entry=draft_entry, actor=cast.filler, content="交叉检查", owner=cast.outsider
    )
    owner = client_for(cast.outsider)
    _upload(owner, action, "检查记录.pdf", PDF)
    [attachment] = attachments_of(action)
    download = reverse("oversight:attachment_download", args=[attachment.pk])
    assert owner.get(download).status_code == 200
    assert client_for(cast.other_head).get(download).status_code == 404


# --- My actions and the home inbox -----------------------------------------------------------


@pytest.fixture
def mine(high_entry: RiskEntry, cast: Cast) -> list[Action]:
    """Three open actions of 刘经办 (one overdue, one without deadline, one in time) and a done
    one."""
    today = timezone.localdate()
    made = [
        action_create(
            entry=high_entry, actor=cast.head, content=content, owner=cast.filler, deadline=day
        )
        for content, day in [
            ("没有期限的措施", None),
            ("期限未到的措施", today + datetime.timedelta(days=10)),
            ("已经逾期的措施", today - datetime.timedelta(days=3)),
            ("已经完成的措施", today - datetime.timedelta(days=30)),
        ]
    ]
    action_update(action=made[3], actor=cast.filler, status=ActionStatus.DONE)
    return made


def test_my_actions_lists_the_open_ones_overdue_first(
    mine: list[Action], cast: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(cast.filler)
    # 1 session, 2 user, 3 the actions with entry, register, unit, campaign,
    # 4 roles (navigation), 5 the bell's unread notifications
    with django_assert_num_queries(5):
        page = client.get(reverse("oversight:my_actions")).text
    order = [page.index(text) for text in ("已经逾期的措施", "期限未到的措施", "没有期限的措施")]
    assert order == sorted(order)
    assert "已经完成的措施" not in page
    assert page.count('data-testid="overdue"') == 1
    assert "已经完成的措施" in client.get(reverse("oversight:my_actions") + "?show=done").text


def test_the_home_inbox_shows_my_open_actions(mine: list[Action], cast: Cast) -> None:
    page = client_for(cast.filler).get(reverse("home")).text
    section = page.split('data-inbox="my_actions"')[1].split('data-inbox="')[0]
    assert "我的落实措施" in page
    assert section.index("已经逾期的措施") < section.index("期限未到的措施")
    assert "已逾期" in section
    assert "已经完成的措施" not in section
    # Nobody else's inbox.
    assert 'data-inbox="my_actions"' not in client_for(cast.head).get(reverse("home")).text


# --- The inspection list ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("committee", 200), ("admin", 200), ("filler", 403), ("head", 403), ("principal", 403)],
)
def test_who_sees_the_inspection_list(cast: Cast, who: str, status: int) -> None:
    response = client_for(getattr(cast, who)).get(reverse("oversight:inspection_list"))
    assert response.status_code == status


def test_the_inspection_list_shows_marked_actions_of_grade_1_entries(
    planned: Action,
    published: Register,
    cast: Cast,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    action_update(action=planned, actor=cast.committee, on_inspection_list=True)
    action_create(entry=planned.entry, actor=cast.filler, content="未列入的措施")
    regraded = action_create(
        entry=RiskEntryFactory(register=published, grade=1),
        actor=cast.filler,
        content="后来降级的措施",
        on_inspection_list=True,
    )
    RiskEntry.objects.filter(pk=regraded.entry_id).update(grade=2)
    client = client_for(cast.committee)
    url = reverse("oversight:inspection_list")
    # 1 session, 2 user, 3 campaign and 4 unit of the filter (validated), 5 counts by status,
    # 6 overdue count, 7 the page's count, 8 the page's actions, 9 roles (navigation),
    # 10 the filter form's campaigns and 11 units, 12 the bell
    with django_assert_num_queries(12):
        page = client.get(url, {"campaign": published.campaign_id, "unit": cast.dept.pk}).text
    assert "重大审批事项一律集体会审" in page
    assert "未列入的措施" not in page
    assert "后来降级的措施" not in page
    assert "吴外人" in page
    assert client.get(url, {"status": ActionStatus.DONE}).text.count("data-action=") == 0
    assert client.get(url, {"unit": cast.other_dept.pk}).text.count("data-action=") == 0
    # A filter that does not exist is ignored, not a 500.
    assert client.get(url, {"campaign": "999999", "page": "x"}).status_code == 200


# --- Bad input -------------------------------------------------------------------------------

HOSTILE = ("99999999999999999999999999", "-1", "2026-02-30", "长" * 5000, "<script>", "")


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_never_give_a_500(planned: Action, cast: Cast, value: str) -> None:
    action_update(action=planned, actor=cast.outsider, status=ActionStatus.DONE)
    fields = ("content", "owner", "deadline", "status", "progress_note", "on_inspection_list")
    posts = [
        (cast.filler, reverse("oversight:entry_actions", args=[planned.entry_id]), fields),
        (cast.filler, reverse("oversight:action_edit", args=[planned.pk]), fields),
        (cast.outsider, reverse("oversight:action_edit", args=[planned.pk]), fields),
        (cast.head, reverse("oversight:action_verify", args=[planned.pk]), ("note", "next")),
        (cast.committee, reverse("oversight:action_inspection", args=[planned.pk]), ("on",)),
    ]
    for user, url, names in posts:
        status = client_for(user).post(url, dict.fromkeys(names, value)).status_code
        assert status in {200, 302, 403}, (url, status)
    gets = {name: value for name in ("campaign", "unit", "status", "page")}
    committee = client_for(cast.committee)
    assert committee.get(reverse("oversight:inspection_list"), gets).status_code == 200
    assert committee.get(reverse("oversight:my_actions"), {"show": value}).status_code == 200


def test_every_page_answers_every_member_of_the_cast(
    planned: Action, draft_action: Action, cast: Cast
) -> None:
    action_update(action=planned, actor=cast.outsider, status=ActionStatus.DONE)
    urls = [
        reverse("oversight:entry_actions", args=[planned.entry_id]),
        reverse("oversight:entry_actions", args=[draft_action.entry_id]),
        reverse("oversight:action_edit", args=[planned.pk]),
        reverse("oversight:action_edit", args=[draft_action.pk]),
        reverse("oversight:my_actions"),
        reverse("oversight:inspection_list"),
    ]
    for user in [*cast.users().values(), cast.other_head]:
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code in {200, 403, 404}, (user, url)
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
