"""The entry fields beyond the Annexes' columns (形成原因, 监测指标, 责任岗位, and the extra fields
an imported file brings) in the editor and on the register page; and ungraded entries (an
imported row whose file gave no grade): shown as 未评定, listed at the top, left out of the
high-risk share."""

import re
from dataclasses import replace

from django.test import Client
from django.urls import reverse

from registers.data import EntryData
from registers.models import Register, RiskEntry
from registers.selectors import high_share, register_rows
from registers.services import entry_update
from tests.conftest import Cast
from tests.factories import RiskEntryFactory
from tests.registers.conftest import Registers
from tests.registers.test_views import HTMX, categories, entry_data

EXTRAS = [["风险编号", "FX-07"], ["备注", "每季度抽查一次"]]


def _page(client: Client, register: Register) -> str:
    return client.get(reverse("registers:register_detail", args=[register.pk])).text


def _row(html: str, entry: RiskEntry) -> str:
    row = re.search(rf'<tr id="entry-{entry.pk}".*?</tr>', html, re.S)
    assert row, entry.pk
    return row[0]


def _loaded(client: Client, edit_url: str) -> str:
    form = client.get(edit_url, **HTMX).text
    found = re.search(r'name="loaded" value="([0-9a-f]+)"', form)
    assert found
    return found[1]


def test_editor_saves_the_three_fields_and_the_page_shows_them(
    client: Client, cast: Cast, registers: Registers
) -> None:
    register = registers.dept
    client.force_login(cast.filler)
    response = client.post(
        reverse("registers:entry_new", args=[register.pk]),
        entry_data(
            register,
            cause="审批权集中于少数人",
            monitoring_indicator="审批超时限件数",
            responsible_post="环评审批岗",
        ),
        **HTMX,
    )
    assert response.status_code == 200
    entry = RiskEntry.objects.get(register=register)
    assert (entry.cause, entry.monitoring_indicator, entry.responsible_post) == (
        "审批权集中于少数人",
        "审批超时限件数",
        "环评审批岗",
    )
    # Each under the column it belongs with, labelled.
    row = _row(response.text, entry)
    assert re.search(
        r'data-testid="entry-cause"><span[^>]*>形成原因:</span>审批权集中于少数人', row
    )
    assert re.search(
        r'data-testid="entry-indicator"><span[^>]*>监测指标:</span>审批超时限件数', row
    )
    assert re.search(r'data-testid="entry-post"><span[^>]*>责任岗位:</span>环评审批岗', row)
    cells = re.findall(r"<td.*?</td>", row, re.S)
    assert "表现形式" not in cells[2] and "为关系人项目开绿色通道" in cells[2]
    assert "形成原因" in cells[2] and "监测指标" in cells[4] and "责任岗位" in cells[5]

    form = client.get(reverse("registers:entry_edit", args=[register.pk, entry.pk]), **HTMX).text
    assert re.search(r'name="cause"[^>]*>审批权集中于少数人</textarea>', form)
    assert re.search(r'name="monitoring_indicator"[^>]*>审批超时限件数</textarea>', form)
    assert re.search(r'name="responsible_post"[^>]*value="环评审批岗"', form)
    for label in ("形成原因", "监测指标", "责任岗位"):
        assert f">{label}</label>" in form
    # 形成原因 beside 表现形式, 监测指标 after 防控措施, 责任岗位 after 责任部门.
    order = [
        form.index(f'name="{name}"')
        for name in (
            "manifestations",
            "cause",
            "prevention_measures",
            "monitoring_indicator",
            "responsible_department",
            "responsible_post",
        )
    ]
    assert order == sorted(order)


def test_editing_keeps_the_extra_fields_and_shows_them_read_only(
    client: Client, cast: Cast, registers: Registers
) -> None:
    register = registers.dept
    entry = RiskEntryFactory(register=register, risk="原来的风险", extra_fields=EXTRAS)
    url = reverse("registers:entry_edit", args=[register.pk, entry.pk])
    client.force_login(cast.filler)
    form = client.get(url, **HTMX).text
    extras = form.split('data-testid="form-extras"')[1].split("</dl>")[0]
    assert re.search(r"风险编号</dt><dd[^>]*>FX-07</dd>", extras)
    assert re.search(r"备注</dt><dd[^>]*>每季度抽查一次</dd>", extras)
    assert extras.index("风险编号") < extras.index("备注")
    assert "<input" not in extras and "<textarea" not in extras

    response = client.post(
        url, entry_data(register, risk="改过的风险", loaded=_loaded(client, url)), **HTMX
    )
    assert response.status_code == 200 and "改过的风险" in response.text
    entry.refresh_from_db()
    assert entry.risk == "改过的风险"
    assert entry.extra_fields == EXTRAS

    # A new entry has none.
    new_form = client.get(reverse("registers:entry_new", args=[register.pk]), **HTMX).text
    assert 'data-testid="form-extras"' not in new_form


def test_register_page_shows_each_entrys_extra_fields_folded(
    client: Client, cast: Cast, registers: Registers
) -> None:
    register = registers.dept
    with_extras = RiskEntryFactory(register=register, extra_fields=EXTRAS)
    plain = RiskEntryFactory(register=register)
    client.force_login(cast.filler)
    page = _page(client, register)
    row = _row(page, with_extras)
    assert "<summary>其他字段(2)</summary>" in row, row
    shown = re.sub(r"<[^>]+>", "", row.split('data-testid="entry-extras"')[1])
    assert shown.index("风险编号:FX-07") < shown.index("备注:每季度抽查一次")
    assert 'data-testid="entry-extras"' not in _row(page, plain)


def test_ungraded_entry_shows_unrated_and_is_listed_at_the_top(
    client: Client, cast: Cast, registers: Registers
) -> None:
    register = registers.dept
    category = categories(register)[1]
    graded = RiskEntryFactory(register=register, category=category, risk="已定级的风险", grade=2)
    ungraded = RiskEntryFactory(
        register=register, category=category, risk="导入时没有等级的风险", grade=None
    )
    client.force_login(cast.filler)
    page = _page(client, register)

    row = _row(page, ungraded)
    assert re.search(
        r'class="badge text-bg-warning" data-testid="entry-grade" data-ungraded="true">'
        r"<i[^>]*></i> 未评定<",
        row,
    )
    assert "未评定" not in _row(page, graded)

    panel = page.split('data-testid="ungraded-entries"')[1].split("</ol>")[0]
    assert "1 条风险点尚未评定风险等级" in panel
    assert "本清单不能提交签字" in panel
    assert f'href="#entry-{ungraded.pk}"' in panel
    assert f"{category.name} 第 2 条:导入时没有等级的风险" in panel
    assert 'data-testid="grade-ungraded"' in panel  # the filler may grade it from here
    assert "已定级的风险" not in panel

    # Once graded, neither the badge nor the panel.
    RiskEntry.objects.filter(pk=ungraded.pk).update(grade=3)
    page = _page(client, register)
    assert 'data-testid="ungraded-entries"' not in page and "未评定" not in page


def test_high_share_counts_only_graded_entries(
    client: Client, cast: Cast, registers: Registers
) -> None:
    share = high_share(campaign=registers.campaign, grades=[1, 2, 3, 3, None, None])
    assert (share.total, share.high, share.percent, share.ungraded, share.entries) == (
        4,
        1,
        25.0,
        2,
        6,
    )

    # One high of four graded: 25%, within 20% ± 10. Counting the eight ungraded entries as
    # not high would make it 1 of 12 (8%) and warn that the share is too low.
    register = registers.dept
    for grade in (1, 2, 3, 3):
        RiskEntryFactory(register=register, grade=grade)
    for _ in range(8):
        RiskEntryFactory(register=register, grade=None)
    client.force_login(cast.filler)
    page = _page(client, register)
    figures = page.split('data-testid="high-share"')[1].split("</div>")[0]
    assert 'data-testid="share-warning"' not in figures and "在合理范围内" in figures
    text = re.sub(r"<[^>]+>", "", figures)
    assert "风险点 12 条,其中 8 条未评定等级;已评定的 4 条中高风险 1 条,占比 25%" in text

    row = next(r for r in register_rows(user=cast.filler) if r.register == register)
    assert (row.entry_count, row.ungraded_count, row.share.total, row.share.percent) == (
        12,
        8,
        4,
        25.0,
    )
    listing = client.get(reverse("registers:register_list")).text
    line = re.search(rf'<tr data-register="{register.pk}">.*?</tr>', listing, re.S)
    assert line and "8 条未评定" in line[0] and "data-share-warning" not in line[0]


def test_grading_the_last_ungraded_entry_reloads_the_page(
    client: Client, cast: Cast, registers: Registers
) -> None:
    """The workflow panel beside the body says the register cannot be submitted: when the last
    ungraded entry is graded in place, the whole page reloads so that it no longer does."""
    register = registers.dept
    first = RiskEntryFactory(register=register, grade=None, risk="未评定一")
    second = RiskEntryFactory(register=register, grade=None, risk="未评定二")
    client.force_login(cast.filler)

    url = reverse("registers:entry_edit", args=[register.pk, first.pk])
    form = client.get(url, **HTMX).text
    assert 'data-testid="form-ungraded"' in form
    # The editor still asks for a grade.
    refused = client.post(
        url, entry_data(register, risk="未评定一", grade="", likelihood="", impact=""), **HTMX
    )
    assert "请评定风险等级" in refused.text
    first.refresh_from_db()
    assert first.grade is None

    register.refresh_from_db()
    graded = entry_data(register, risk="未评定一", grade=2, likelihood="", impact="")
    response = client.post(url, graded, **HTMX)
    assert "HX-Refresh" not in response  # one is left
    assert "1 条风险点尚未评定风险等级" in response.text
    first.refresh_from_db()
    assert first.grade == 2

    register.refresh_from_db()
    url = reverse("registers:entry_edit", args=[register.pk, second.pk])
    response = client.post(
        url, {**graded, "risk": "未评定二", "revision": register.revision}, **HTMX
    )
    assert response["HX-Refresh"] == "true"
    second.refresh_from_db()
    assert second.grade == 2


def _conflict_row(html: str, field: str) -> str:
    row = re.search(rf'<tr data-field="{field}".*?</tr>', html, re.S)
    assert row, field
    return row[0]


def test_stale_edit_comparison_shows_the_new_fields_with_their_labels(
    client: Client, cast: Cast, registers: Registers
) -> None:
    register = registers.dept
    stale = register.revision
    entry = RiskEntryFactory(
        register=register,
        category=categories(register)[1],
        risk="原来的风险",
        grade=1,
        cause="原来的原因",
        monitoring_indicator="超时限件数",
        responsible_post="审批岗",
        extra_fields=EXTRAS,
    )
    url = reverse("registers:entry_edit", args=[register.pk, entry.pk])
    client.force_login(cast.filler)
    mine = entry_data(
        register,
        risk="原来的风险",
        likelihood="",
        impact="",
        cause="我写的原因",
        monitoring_indicator="超时限件数",
        responsible_post="审批岗",
        revision=stale,
        loaded=_loaded(client, url),
    )
    entry_update(
        entry=entry,
        actor=cast.head,
        data=replace(EntryData.of(entry), cause="处长写的原因", responsible_post="审核岗"),
    )
    html = client.post(url, mine, **HTMX).text
    assert 'data-testid="edit-conflict"' in html

    cause = _conflict_row(html, "cause")
    assert ">形成原因 <span" in cause and 'data-differs="yes"' in cause
    assert re.search(r'data-version="mine">我写的原因<', cause)
    assert re.search(r'data-version="saved">处长写的原因<', cause)
    post = _conflict_row(html, "responsible_post")
    assert ">责任岗位 <span" in post and 'data-differs="yes"' in post
    indicator = _conflict_row(html, "monitoring_indicator")
    assert ">监测指标</th>" in indicator and 'data-differs="no"' in indicator
    extras = _conflict_row(html, "extra_fields")
    assert ">其他字段</th>" in extras and 'data-differs="no"' in extras
    assert "风险编号:FX-07<br>备注:每季度抽查一次" in extras
    # The reopened form still shows the extra fields, and overwriting keeps them.
    assert 'data-testid="form-extras"' in html
    register.refresh_from_db()
    client.post(url, {**mine, "overwrite_revision": register.revision}, **HTMX)
    entry.refresh_from_db()
    assert (entry.cause, entry.responsible_post) == ("我写的原因", "审批岗")
    assert entry.extra_fields == EXTRAS


def test_admin_lists_the_ungraded_entries_apart(
    client: Client, cast: Cast, registers: Registers
) -> None:
    RiskEntryFactory(register=registers.dept, risk="已定级的风险", grade=2)
    RiskEntryFactory(register=registers.dept, risk="导入时没有等级的风险", grade=None)
    client.force_login(cast.admin)
    url = reverse("admin:registers_riskentry_changelist")
    ungraded = client.get(url, {"graded": "no"}).text
    assert "导入时没有等级的风险" in ungraded and "已定级的风险" not in ungraded
    graded = client.get(url, {"graded": "yes"}).text
    assert "已定级的风险" in graded and "导入时没有等级的风险" not in graded
    assert client.get(url, {"q": "导入时没有"}).status_code == 200
