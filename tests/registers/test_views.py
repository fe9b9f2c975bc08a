import json
import re
from dataclasses import replace

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registers.choices import EDITABLE_STATES, Impact, Likelihood, RegisterState
from registers.data import AuthorityItemData, EntryData
from registers.models import Campaign, Category, Register, RiskEntry
from registers.services import campaign_start, entry_update
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, RiskEntryFactory, UnitFactory
from tests.registers.conftest import Registers
from tests.walk import walk_to
from workflow.transitions import SENT_BACK_BY_EDIT

HTMX = {"HTTP_HX_REQUEST": "true"}


def categories(register: Register) -> list[Category]:
    return list(register.campaign.category_set.categories.order_by("order"))


def entry_data(register: Register, **overrides: object) -> dict[str, object]:
    return {
        "revision": register.revision,
        "category": categories(register)[1].pk,
        "risk": "环评审批中违规降低标准",
        "manifestations": "为关系人项目开绿色通道",
        "likelihood": Likelihood.HIGH,
        "impact": Impact.SEVERE,
        "grade": 1,
        "prevention_measures": "集体会审",
        "responsible_department": "审批处",
        "responsible_leader": "",
        "responsible_leader_name": "",
        **overrides,
    }


def test_register_page_groups_entries_by_category_with_notes_and_empty_groups(
    client: Client, cast: Cast, registers: Registers
) -> None:
    cats = categories(registers.dept)
    RiskEntryFactory(register=registers.dept, category=cats[1], risk="权力风险甲", grade=1)
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[registers.dept.pk])).text
    names = re.findall(r'data-category="([^"]+)"', page)
    assert names == [c.name for c in cats]
    for category in cats:
        assert category.note.splitlines()[0] in page
    assert page.count("暂无风险点") == len(cats) - 1
    # The grade shows by the campaign's scheme (高/中/低 by default).
    assert re.search(r'data-testid="entry-grade">高<', page)


def test_post_level_register_shows_abc_grades(
    client: Client, cast: Cast, registers: Registers
) -> None:
    RiskEntryFactory(register=registers.post, grade=2)
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[registers.post.pk])).text
    assert re.search(r'data-testid="entry-grade">B<', page)


def test_add_entry_with_htmx_returns_the_body_with_the_new_row(
    client: Client, cast: Cast, registers: Registers
) -> None:
    client.force_login(cast.filler)
    url = reverse("registers:entry_new", args=[registers.dept.pk])
    response = client.post(url, entry_data(registers.dept), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#register-body"
    assert 'id="register-body"' in response.text
    assert "环评审批中违规降低标准" in response.text
    entry = RiskEntry.objects.get(register=registers.dept)
    assert entry.grade == 1 and entry.updated_by == cast.filler
    registers.dept.refresh_from_db()
    assert f'data-revision="{registers.dept.revision}"' in response.text


def test_conflict_keeps_the_users_input_and_explains(
    client: Client, cast: Cast, registers: Registers
) -> None:
    client.force_login(cast.filler)
    stale = entry_data(registers.dept, risk="我刚写的一条风险,别丢", revision=0)
    RiskEntryFactory(register=registers.dept)
    Register.objects.filter(pk=registers.dept.pk).update(revision=5)
    response = client.post(reverse("registers:entry_new", args=[registers.dept.pk]), stale, **HTMX)
    assert response.status_code == 200
    assert "清单已被他人修改" in response.text
    assert "我刚写的一条风险,别丢" in response.text
    # The reopened form carries the current revision: saving again is a deliberate choice.
    assert 'name="revision" value="5"' in response.text
    assert not RiskEntry.objects.filter(risk="我刚写的一条风险,别丢").exists()


def _loaded(client: Client, edit_url: str) -> str:
    """The digest of the entry that the edit form carries, as a browser would post it back."""
    form = client.get(edit_url, **HTMX).text
    found = re.search(r'name="loaded" value="([0-9a-f]+)"', form)
    assert found
    return found[1]


def test_edit_conflict_over_another_entry_keeps_the_input_and_saves_again(
    client: Client, cast: Cast, registers: Registers
) -> None:
    """Someone changed another entry: the user's entry is as he found it, so nothing of anyone's
    would be overwritten; the form takes the current revision and saving again keeps his text."""
    register = registers.dept
    entry = RiskEntryFactory(register=register, risk="原来的风险")
    other = RiskEntryFactory(register=register, risk="另一条")
    url = reverse("registers:entry_edit", args=[register.pk, entry.pk])
    client.force_login(cast.filler)
    mine = entry_data(register, risk="我的修改", loaded=_loaded(client, url))
    entry_update(
        entry=other, actor=cast.head, data=replace(EntryData.of(other), risk="处长改了另一条")
    )
    register.refresh_from_db()
    html = client.post(url, mine, **HTMX).text
    assert "清单已被他人修改" in html and "处长改了另一条" in html
    assert 'data-testid="edit-conflict"' not in html
    assert re.search(r'name="risk"[^>]*>我的修改</textarea>', html)
    assert f'name="revision" value="{register.revision}"' in html
    client.post(url, {**mine, "revision": register.revision}, **HTMX)
    entry.refresh_from_db()
    assert entry.risk == "我的修改"


def _conflict_row(html: str, field: str) -> str:
    row = re.search(rf'<tr data-field="{field}".*?</tr>', html, re.S)
    assert row, field
    return row[0]


def test_edit_conflict_shows_both_versions_and_overwrites_only_on_request(
    client: Client, cast: Cast, registers: Registers
) -> None:
    """Two people edit one entry; the head saves first. The filler keeps his input, sees the
    head's version beside it field by field, and overwrites it only with the explicit button."""
    register = registers.dept
    stale = register.revision
    entry = RiskEntryFactory(
        register=register,
        category=categories(register)[1],
        risk="原来的风险",
        manifestations="为关系人项目开绿色通道",
        likelihood=Likelihood.HIGH,
        impact=Impact.SEVERE,
        grade=1,
        prevention_measures="集体会审",
        responsible_department="审批处",
    )
    url = reverse("registers:entry_edit", args=[register.pk, entry.pk])
    client.force_login(cast.filler)
    mine = entry_data(register, risk="我的修改", revision=stale, loaded=_loaded(client, url))
    entry_update(entry=entry, actor=cast.head, data=replace(EntryData.of(entry), risk="处长的修改"))
    register.refresh_from_db()

    response = client.post(url, mine, **HTMX)
    html = response.text
    assert "此风险点已被他人修改" in html
    conflict = html.split('data-testid="edit-conflict"')[1]
    assert "陈处长" in conflict.split("</div>")[0]  # who saved the other version
    risk = _conflict_row(html, "risk")
    assert 'data-differs="yes"' in risk and 'class="table-warning"' in risk
    assert re.search(r'data-version="mine">我的修改<', risk)
    assert re.search(r'data-version="saved">处长的修改<', risk)
    assert 'data-differs="no"' in _conflict_row(html, "prevention_measures")
    # His input stays in the form, which still carries the revision he started from; the
    # explicit choices are the overwrite button (with the current revision) and discarding.
    assert re.search(r'name="risk"[^>]*>我的修改</textarea>', html)
    assert f'name="revision" value="{stale}"' in html
    assert re.search(
        rf'name="overwrite_revision" value="{register.revision}"[^>]*data-testid="overwrite-entry"',
        html,
    )
    assert 'data-testid="discard-mine"' in html and "用我的版本覆盖" in html
    assert 'data-testid="save-entry"' not in html
    entry.refresh_from_db()
    assert entry.risk == "处长的修改"

    # A plain save of the same form again (the stale revision) is refused again.
    again = client.post(url, mine, **HTMX).text
    assert 'data-testid="edit-conflict"' in again
    entry.refresh_from_db()
    assert entry.risk == "处长的修改"

    # The explicit overwrite with the revision of the version he was shown wins...
    client.post(url, {**mine, "overwrite_revision": register.revision}, **HTMX)
    entry.refresh_from_db()
    assert entry.risk == "我的修改" and entry.updated_by == cast.filler

    # ...but not over a third save made after the comparison was shown.
    shown = register.revision
    entry_update(
        entry=entry, actor=cast.head, data=replace(EntryData.of(entry), risk="处长的第二次修改")
    )
    response = client.post(url, {**mine, "overwrite_revision": shown}, **HTMX)
    assert re.search(r'data-version="saved">处长的第二次修改<', response.text)
    entry.refresh_from_db()
    assert entry.risk == "处长的第二次修改"


def test_in_place_writes_announce_the_new_revision_to_the_workflow_panel(
    client: Client, cast: Cast, registers: Registers
) -> None:
    """The panel beside the entries posts its revision back with 提交签字; each in-place write
    tells it the new one (register.js listens), so the user's own edits are no conflict."""
    register = registers.dept
    client.force_login(cast.filler)

    def announced(response: HttpResponse) -> int:
        register.refresh_from_db()
        assert response.status_code == 200
        revision = json.loads(response["HX-Trigger"])["register-revision"]["revision"]
        assert revision == register.revision
        return revision

    page = client.get(reverse("registers:register_detail", args=[register.pk])).text
    assert f"<span data-panel-revision>{register.revision}</span>" in page
    assert 'name="expected_revision"' in page and "js/register.js" in page

    seen = [register.revision]
    response = client.post(
        reverse("registers:entry_new", args=[register.pk]), entry_data(register), **HTMX
    )
    seen.append(announced(response))
    first = RiskEntry.objects.get()
    response = client.post(
        reverse("registers:entry_new", args=[register.pk]),
        entry_data(register, risk="第二条"),
        **HTMX,
    )
    seen.append(announced(response))
    response = client.post(
        reverse("registers:entry_edit", args=[register.pk, first.pk]),
        entry_data(register, risk="改过的第一条"),
        **HTMX,
    )
    seen.append(announced(response))
    response = client.post(
        reverse("registers:entry_move", args=[register.pk, first.pk]),
        {"direction": "down", "revision": register.revision},
        **HTMX,
    )
    seen.append(announced(response))
    response = client.post(
        reverse("registers:entry_delete", args=[register.pk, first.pk]),
        {"revision": register.revision},
        **HTMX,
    )
    seen.append(announced(response))
    assert seen == list(range(seen[0], seen[0] + 6))

    # With the announced revision the panel's 提交签字 goes through.
    response = client.post(
        reverse("workflow:act", args=[register.pk, "submit"]),
        {"expected_state": RegisterState.DRAFT, "expected_revision": seen[-1]},
    )
    assert response.status_code == 302
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED


def test_override_without_reason_is_refused_with_input_kept(
    client: Client, cast: Cast, registers: Registers
) -> None:
    client.force_login(cast.filler)
    data = entry_data(registers.dept, grade=3, risk="降级的风险")
    response = client.post(reverse("registers:entry_new", args=[registers.dept.pk]), data, **HTMX)
    assert "请填写调整理由" in response.text
    assert "降级的风险" in response.text
    assert 'data-testid="override-reason"' in response.text
    assert not RiskEntry.objects.exists()
    data["grade_override_reason"] = "已有完善的集体会审制度"
    client.post(reverse("registers:entry_new", args=[registers.dept.pk]), data, **HTMX)
    assert RiskEntry.objects.get().grade_override_reason == "已有完善的集体会审制度"


def test_grade_proposal_sets_grade_and_leader_when_likelihood_changes(
    client: Client, cast: Cast, registers: Registers
) -> None:
    client.force_login(cast.filler)
    url = reverse("registers:grade_proposal", args=[registers.dept.pk])
    response = client.get(
        url,
        {"likelihood": 3, "impact": 3, "grade": 3},
        HTTP_HX_TRIGGER_NAME="likelihood",
        **HTMX,
    )
    assert "建议等级:高" in response.text
    assert re.search(r'<option value="1" selected>高</option>', response.text)
    # Grade 1 → the principal (document 003).
    assert f'<option value="{cast.principal.pk}" selected>' in response.text
    assert 'data-testid="override-reason"' not in response.text


def test_choosing_another_grade_reveals_the_reason(
    client: Client, cast: Cast, registers: Registers
) -> None:
    client.force_login(cast.filler)
    url = reverse("registers:grade_proposal", args=[registers.dept.pk])
    response = client.get(
        url, {"likelihood": 3, "impact": 3, "grade": 3}, HTTP_HX_TRIGGER_NAME="grade", **HTMX
    )
    assert re.search(r'<option value="3" selected>低</option>', response.text)
    assert 'data-testid="override-reason"' in response.text
    # Grade 3 → the department head.
    assert f'<option value="{cast.head.pk}" selected>' in response.text


def test_each_row_carries_its_own_action_urls_and_labels(
    client: Client, cast: Cast, registers: Registers
) -> None:
    category = categories(registers.dept)[0]
    entries = [RiskEntryFactory(register=registers.dept, category=category) for _ in range(3)]
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[registers.dept.pk])).text
    for entry in entries:
        row = re.search(rf'<tr id="entry-{entry.pk}".*?</tr>', page, re.S)
        assert row, entry.pk
        args = [registers.dept.pk, entry.pk]
        assert f'hx-get="{reverse("registers:entry_edit", args=args)}"' in row[0]
        assert row[0].count(f'hx-post="{reverse("registers:entry_move", args=args)}"') == 2
        assert f'hx-post="{reverse("registers:entry_delete", args=args)}"' in row[0]
        for label in ("编辑", "上移", "下移", "删除"):
            assert f'aria-label="{label}"' in row[0]
        assert 'data-confirm="确定删除该风险点吗?"' in row[0]


def test_move_and_delete_in_place(client: Client, cast: Cast, registers: Registers) -> None:
    category = categories(registers.dept)[0]
    first = RiskEntryFactory(register=registers.dept, category=category, order=1, risk="甲")
    second = RiskEntryFactory(register=registers.dept, category=category, order=2, risk="乙")
    client.force_login(cast.filler)
    response = client.post(
        reverse("registers:entry_move", args=[registers.dept.pk, second.pk]),
        {"direction": "up", "revision": registers.dept.revision},
        **HTMX,
    )
    assert response.text.index("乙") < response.text.index("甲")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.order < first.order
    registers.dept.refresh_from_db()
    response = client.post(
        reverse("registers:entry_delete", args=[registers.dept.pk, first.pk]),
        {"revision": registers.dept.revision},
        **HTMX,
    )
    assert not RiskEntry.objects.filter(pk=first.pk).exists()
    assert "甲" not in response.text


def test_approved_register_is_read_only(client: Client, cast: Cast, registers: Registers) -> None:
    # From the committee's approval on the content is frozen (see registers.choices).
    walk_to(registers.dept, RegisterState.APPROVED)
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[registers.dept.pk])).text
    assert 'data-testid="read-only"' in page
    assert 'data-testid="add-entry"' not in page
    response = client.post(
        reverse("registers:entry_new", args=[registers.dept.pk]),
        entry_data(registers.dept),
        **HTMX,
    )
    assert response.status_code == 200
    assert "清单当前状态不允许修改" in response.text
    assert not RiskEntry.objects.exists()


def test_high_share_warning(client: Client, cast: Cast, registers: Registers) -> None:
    for _ in range(3):
        RiskEntryFactory(register=registers.dept, grade=1)
    RiskEntryFactory(register=registers.dept, grade=3)
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[registers.dept.pk])).text
    assert 'data-testid="share-warning"' in page and "明显偏高" in page
    listing = client.get(reverse("registers:register_list")).text
    assert 'data-share-warning="high"' in listing


def test_roll_forward_marks_new_changed_unchanged_and_removed(client: Client, cast: Cast) -> None:
    # Last year's register, published through the workflow (that campaign had no party-group
    # stage: nobody in the cast deliberates).
    old = CampaignFactory(
        year=2025, started_at="2025-07-01T00:00:00+08:00", has_party_group_stage=False
    )
    source = RegisterFactory(campaign=old, unit=cast.dept)
    for risk in ("保持不变", "将被修改", "将被删除"):
        RiskEntryFactory(register=source, risk=risk, grade=2)
    walk_to(source, RegisterState.PUBLISHED)
    new = Campaign.objects.create(
        year=2026, title="2026年度", category_set=old.category_set, previous=old
    )
    created = campaign_start(campaign=new, actor=cast.admin)
    register = next(r for r in created if r.unit_id == cast.dept.pk and r.post_id is None)
    entries = {e.risk: e for e in register.entries.all()}
    changed = entries["将被修改"]
    entry_update(
        entry=changed,
        actor=cast.filler,
        data=replace(EntryData.of(changed), grade=1, likelihood=None),
    )
    entries["将被删除"].delete()
    RiskEntryFactory(register=register, risk="今年新增")
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[register.pk])).text
    assert 'data-testid="roll-forward"' in page
    assert page.count('data-change="new"') == 1
    assert page.count('data-change="changed"') == 1
    assert page.count('data-change="unchanged"') == 1
    removed = page.split('data-testid="removed-entries"')[1]
    assert "将被删除" in removed


def test_register_page_query_count_is_independent_of_size(
    client: Client, cast: Cast, registers: Registers, django_assert_num_queries
) -> None:
    """Queries for the filler's register page:
    1. session  2. user  3. the register (visibility selector, with campaign, unit, post)
    4. roles_of: units the user heads or oversees  5. unit_scope: the unit tree
    6. the campaign's categories  7. the entries with leader and authority item
    8. the header bell's unread notifications  9. the workflow panel's transitions (return
    reason)  10. its signatures."""
    client.force_login(cast.filler)
    url = reverse("registers:register_detail", args=[registers.dept.pk])
    category = categories(registers.dept)[0]
    RiskEntry.objects.bulk_create(
        RiskEntry(register=registers.dept, category=category, order=i, risk=f"风险{i}", grade=2)
        for i in range(10)
    )
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    RiskEntry.objects.bulk_create(
        RiskEntry(
            register=registers.dept,
            category=categories(registers.dept)[i % 6],
            order=i,
            risk=f"更多风险{i}",
            grade=1 + i % 3,
            responsible_leader=cast.head,
        )
        for i in range(190)
    )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.text.count("data-entry=") == 200
    assert len(large.captured_queries) == len(small.captured_queries) == 10


def test_register_list_query_count_is_independent_of_size(
    client: Client, cast: Cast, registers: Registers, django_assert_num_queries
) -> None:
    """1. session 2. user 3. current campaign (the default filter) 4. the filter form's campaign
    lookup 5. roles 6. scope (with the units he leads, whose people's own registers he sees)
    7. registers with their counts (one query) 8. campaigns and 9. units for the filter selects
    10. the header bell's unread notifications."""
    client.force_login(cast.principal)
    for _ in range(5):
        RegisterFactory(campaign=registers.campaign, unit=UnitFactory(parent=cast.bureau))
    with django_assert_num_queries(10):
        client.get(reverse("registers:register_list"))


def test_inbox_lists_registers_to_fill(client: Client, cast: Cast, registers: Registers) -> None:
    client.force_login(cast.filler)
    section = next(
        s for s in client.get(reverse("home")).context["sections"] if s.key == "registers_to_fill"
    )
    urls = {item.url for item in section.items}
    assert reverse("registers:register_detail", args=[registers.dept.pk]) in urls
    assert reverse("registers:register_detail", args=[registers.post.pk]) in urls
    assert reverse("registers:register_detail", args=[registers.other.pk]) not in urls
    walk_to(registers.dept, RegisterState.SUBMITTED)
    section = next(
        s for s in client.get(reverse("home")).context["sections"] if s.key == "registers_to_fill"
    )
    assert section.count == 1
    client.force_login(cast.committee)
    section = next(
        s for s in client.get(reverse("home")).context["sections"] if s.key == "registers_to_fill"
    )
    assert section.count == 1  # the bureau's unit-level register, his own unit's


def test_import_link_only_for_fillers(client: Client, cast: Cast, registers: Registers) -> None:
    url = reverse("registers:register_detail", args=[registers.dept.pk])
    client.force_login(cast.filler)
    assert "从Excel导入" in client.get(url).text
    client.force_login(cast.committee)
    assert "从Excel导入" not in client.get(url).text


def test_entry_can_link_an_authority_item_of_its_unit(
    client: Client, cast: Cast, registers: Registers
) -> None:
    from registers.services import authority_item_create

    item = authority_item_create(
        actor=cast.filler,
        unit=cast.dept,
        data=AuthorityItemData(name="环评审批", kind="power", category="licensing"),
        steps=[],
    )
    other = authority_item_create(
        actor=cast.outsider,
        unit=cast.other_dept,
        data=AuthorityItemData(name="资金拨付", kind="duty", category="internal"),
        steps=[],
    )
    client.force_login(cast.filler)
    form = client.get(reverse("registers:entry_new", args=[registers.dept.pk]), **HTMX).text
    assert "环评审批" in form and "资金拨付" not in form
    response = client.post(
        reverse("registers:entry_new", args=[registers.dept.pk]),
        entry_data(registers.dept, authority_item=item.pk),
        **HTMX,
    )
    assert RiskEntry.objects.get().authority_item == item
    assert "环评审批" in response.text
    client.post(
        reverse("registers:entry_new", args=[registers.dept.pk]),
        entry_data(registers.dept, authority_item=other.pk, revision=registers.dept.revision + 1),
        **HTMX,
    )
    assert RiskEntry.objects.count() == 1


@pytest.mark.parametrize("state", [s.value for s in RegisterState if s in EDITABLE_STATES])
def test_edits_that_void_a_signature_say_so_before(
    client: Client, cast: Cast, registers: Registers, state: str
) -> None:
    """While the register waits for a signature or the committee's review an edit voids the
    signature and sends it back (workflow.transitions.SENT_BACK_BY_EDIT): the page says so, and
    save, move and delete ask first. In the filler's own states nothing is said."""
    register = registers.dept
    category = categories(register)[0]
    entry = RiskEntryFactory(register=register, category=category, order=1)
    RiskEntryFactory(register=register, category=category, order=2)
    walk_to(register, state)
    client.force_login(cast.filler)
    page = client.get(reverse("registers:register_detail", args=[register.pk])).text
    edit_form = client.get(
        reverse("registers:entry_edit", args=[register.pk, entry.pk]), **HTMX
    ).text
    new_form = client.get(reverse("registers:entry_new", args=[register.pk]), **HTMX).text
    row = re.search(rf'<tr id="entry-{entry.pk}".*?</tr>', page, re.S)
    assert row
    save = [
        re.search(r'<button type="submit"[^>]*data-testid="save-entry"[^>]*>', form)
        for form in (edit_form, new_form)
    ]
    assert all(save)
    if state in SENT_BACK_BY_EDIT:
        warning = "正在等待签字" if state == RegisterState.SUBMITTED else "会使签字失效"
        banner = page.split('data-testid="send-back-warning"')[1].split("</div>")[0]
        assert warning in banner and "退回“自查填报”" in banner
        for question in ("确定删除该风险点吗?", "确定调整顺序吗?"):
            assert re.search(rf'data-confirm="[^"]*{warning}[^"]*{re.escape(question)}"', row[0])
        for form, button in zip((edit_form, new_form), save, strict=True):
            assert button and re.search(rf'data-confirm="[^"]*{warning}', button[0])
            assert 'data-testid="form-send-back-warning"' in form
    else:
        assert 'data-testid="send-back-warning"' not in page
        assert 'data-confirm="确定删除该风险点吗?"' in row[0]
        assert "确定调整顺序吗" not in page
        assert all(button and "data-confirm" not in button[0] for button in save)
        assert 'data-testid="form-send-back-warning"' not in edit_form + new_form


def test_review_page_shows_likelihood_impact_and_the_override_reason(
    client: Client, cast: Cast, registers: Registers
) -> None:
    """The signer and the committee judge the grades on the review page: each entry shows its
    likelihood, impact and, when the grade was overridden, the reason, as text."""
    register = registers.dept
    RiskEntryFactory(
        register=register,
        risk="从严定级的风险",
        likelihood=Likelihood.MEDIUM,
        impact=Impact.SERIOUS,
        grade=1,
        grade_override_reason="近年同类问题多发,从严管理",
    )
    RiskEntryFactory(register=register, risk="未评估的风险", grade=3)
    client.force_login(cast.committee)
    html = client.get(reverse("workflow:register", args=[register.pk])).text
    rows = re.findall(r"<tr data-entry=.*?</tr>", html, re.S)
    graded = next(row for row in rows if "从严定级的风险" in row)
    assert re.search(r'data-testid="entry-likelihood">有一定可能<', graded)
    assert re.search(r'data-testid="entry-impact">后果较严重<', graded)
    reason = graded.split('data-testid="grade-override-reason"')[1]
    assert "调整等级理由" in reason and "近年同类问题多发,从严管理" in reason
    plain = next(row for row in rows if "未评估的风险" in row)
    assert re.search(r'data-testid="entry-likelihood">—<', plain)
    assert 'data-testid="grade-override-reason"' not in plain
    for header in ("发生可能性", "危害程度"):
        assert f">{header}</th>" in html
