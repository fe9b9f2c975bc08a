"""The import flow through its views: upload → (mapping) → preview → commit, all or nothing,
rights, state and the audit row."""

import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper

from audit.models import AuditEntry
from registers.choices import RegisterState
from registers.data import EntryData
from registers.exceptions import NotEditable
from registers.importing.services import ImportInvalid, entries_import
from registers.importing.validation import ImportRow
from registers.models import Category, ImportCategoryChoice, Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory
from tests.registers.import_workbooks import annex2_workbook, list_workbook, simple_workbook
from tests.walk import walk_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _import_dir(tmp_path: Path, settings: SettingsWrapper) -> None:
    settings.IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def register(cast: Cast) -> Register:
    return RegisterFactory(unit=cast.dept)


def _upload(
    client: Client, register: Register, data: bytes, name: str = "审批处清单.xlsx"
) -> HttpResponse:
    return client.post(
        reverse("registers:import", args=[register.pk]),
        {"file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def _token(response: HttpResponse) -> str:
    # .../import/<token>/ or .../import/<token>/mapping/
    return response["Location"].split("/import/")[1].split("/")[0]


def test_annex2_upload_previews_and_commits(client: Client, cast: Cast, register: Register) -> None:
    RiskEntryFactory(register=register, category=Category.objects.get(name="权力运行类"), order=1)
    client.force_login(cast.filler)
    page = client.get(reverse("registers:import", args=[register.pk]))
    assert page.status_code == 200
    assert "排查类别 | 主要廉政风险 | 风险类别 | 责任部门 | 责任领导" in page.text

    response = _upload(client, register, annex2_workbook())
    token = _token(response)
    preview_url = reverse("registers:import_preview", args=[register.pk, token])
    assert response["Location"] == preview_url  # every header known: no mapping step
    assert len(list(Path(settings.IMPORT_DIR).glob("*.json"))) == 1

    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "已忽略空行 3 行" in preview.text
    assert "违规审批建设项目环评文件" in preview.text
    # The Annex's own numbers are removed, and shown removed: before → after.
    assert (
        '<del class="text-danger" title="导入时去掉" data-testid="cell-removed">1、</del>'
        "违规审批建设项目环评文件"
    ) in preview.text
    assert "已去掉 5 条“主要廉政风险”开头的分类序号" in preview.text
    assert 'data-testid="import-commit"' in preview.text
    assert RiskEntry.objects.filter(register=register).count() == 1  # nothing written yet

    revision = register.revision
    done = client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": revision},
    )
    assert done["Location"] == reverse("registers:import_done", args=[register.pk])
    entries = list(RiskEntry.objects.filter(register=register).order_by("category__order", "order"))
    assert len(entries) == 6
    power = [e for e in entries if e.category.name == "权力运行类"]
    # Imported entries follow the one already there.
    assert [e.order for e in power] == [1, 2, 3]
    assert power[1].risk == "违规审批建设项目环评文件" and power[1].grade == 1
    assert power[1].updated_by == cast.filler
    register.refresh_from_db()
    assert register.revision == revision + 1
    audit = AuditEntry.objects.get(action="register.import")
    assert audit.actor == cast.filler
    assert audit.object_id == str(register.pk)
    assert audit.data["file_name"] == "审批处清单.xlsx"
    assert audit.data["rows"] == 5
    # The parsed upload is gone.
    assert list(Path(settings.IMPORT_DIR).glob("*.json")) == []
    assert client.get(preview_url).status_code == 404

    confirmation = client.get(done["Location"])
    assert "已从“审批处清单.xlsx”导入 5 条风险点" in confirmation.text
    assert "违规审批建设项目环评文件" in confirmation.text


def test_list_layout_goes_through_the_mapping_step(
    client: Client, cast: Cast, register: Register
) -> None:
    client.force_login(cast.filler)
    response = _upload(client, register, list_workbook())
    token = _token(response)
    mapping_url = reverse("registers:import_mapping", args=[register.pk, token])
    assert response["Location"] == mapping_url
    # The preview sends the user back while the mapping is open.
    assert (
        client.get(reverse("registers:import_preview", args=[register.pk, token]))["Location"]
        == mapping_url
    )
    page = client.get(mapping_url)
    assert "未识别" in page.text and "岗位" in page.text

    fields = {
        "col_0": "",
        "col_1": "responsible_department",
        "col_2": "",
        "col_3": "risk",
        "col_4": "manifestations",
        "col_5": "grade",
        "col_6": "prevention_measures",
        "col_7": "responsible_leader_name",
    }
    # No category column and no category chosen: asked again.
    again = client.post(mapping_url, fields)
    assert again.status_code == 200
    assert "有些行没有排查类别,请选择这些行归入的类别" in again.text
    # A field on two columns is refused.
    twice = client.post(mapping_url, {**fields, "col_2": "risk"})
    assert "只能对应一列" in twice.text

    category = Category.objects.get(name="岗位履职类")
    response = client.post(mapping_url, {**fields, "category": category.pk})
    assert response["Location"] == reverse("registers:import_preview", args=[register.pk, token])
    preview = client.get(response["Location"])
    assert "已忽略空行 1 行" in preview.text
    assert "未填类别的行归入“岗位履职类”" in preview.text

    client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision},
    )
    entries = RiskEntry.objects.filter(register=register).order_by("order")
    assert [(e.risk, e.grade, e.category_id) for e in entries] == [
        ("审批把关不严", 1, category.pk),
        ("泄露审批信息", 2, category.pk),
        ("收受服务对象礼金", 3, category.pk),
    ]
    assert entries[0].manifestations == "对不符合条件的项目予以审批"
    assert entries[2].responsible_leader_name == "刘经办"


def test_one_bad_row_writes_nothing(client: Client, cast: Cast, register: Register) -> None:
    client.force_login(cast.filler)
    data = simple_workbook(
        ["排查类别", "主要廉政风险", "风险等级"],
        [["权力运行类", "违规审批", "高"], ["权力运行类", "受到围猎", "特级"]],
    )
    token = _token(_upload(client, register, data))
    preview = client.get(reverse("registers:import_preview", args=[register.pk, token]))
    assert "第 3 行 · C 列“风险等级”" in preview.text
    assert "特级" in preview.text
    assert 'data-testid="import-commit"' not in preview.text
    response = client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision},
    )
    assert response.status_code == 302
    assert not RiskEntry.objects.filter(register=register).exists()
    assert not AuditEntry.objects.filter(action="register.import").exists()
    # The htmx "errors only" view returns the partial with just the bad row.
    partial = client.get(
        reverse("registers:import_preview", args=[register.pk, token]) + "?errors=1",
        headers={"HX-Request": "true"},
    )
    assert "<html" not in partial.text
    assert 'data-row="3"' in partial.text and 'data-row="2"' not in partial.text


def test_service_refuses_the_whole_import_on_one_invalid_row(
    cast: Cast, register: Register
) -> None:
    category = Category.objects.get(name="权力运行类")
    rows = [
        ImportRow(number=2, data=EntryData(category=category, risk="违规审批", grade=1)),
        ImportRow(number=3, data=EntryData(category=category, risk="", grade=1)),
    ]
    with pytest.raises(ImportInvalid, match="第 3 行"):
        entries_import(register=register, actor=cast.filler, rows=rows, expected_revision=0)
    assert not RiskEntry.objects.filter(register=register).exists()
    register.refresh_from_db()
    assert register.revision == 0


@pytest.mark.parametrize(
    "data,name,message",
    [
        (b"%PDF-1.7 fake", "清单.xlsx", "不是 Excel 工作簿"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "清单.xls", "97-2003"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "清单.xlsx", "加密"),
        (b"a,b\n", "清单.csv", "只能导入"),
        (b"", "清单.xlsx", "空文件"),
    ],
)
def test_bad_files_get_a_message_not_a_500(
    client: Client, cast: Cast, register: Register, data: bytes, name: str, message: str
) -> None:
    client.force_login(cast.filler)
    response = _upload(client, register, data, name)
    assert response.status_code == 200
    assert message in response.text
    assert not RiskEntry.objects.filter(register=register).exists()


def test_size_limit_through_the_view(
    client: Client, cast: Cast, register: Register, settings: SettingsWrapper
) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(cast.filler)
    response = _upload(client, register, annex2_workbook())
    assert "文件过大" in response.text


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("committee", 403), ("leader", 403)]
)
def test_rights(client: Client, cast: Cast, register: Register, who: str, status: int) -> None:
    client.force_login(cast.users()[who])
    url = reverse("registers:import", args=[register.pk])
    assert client.get(url).status_code == status
    assert _upload(client, register, annex2_workbook()).status_code == status
    assert not RiskEntry.objects.filter(register=register).exists()


def test_head_and_admin_may_import(client: Client, cast: Cast, register: Register) -> None:
    for user in (cast.head, cast.admin):
        client.force_login(user)
        assert client.get(reverse("registers:import", args=[register.pk])).status_code == 200


def test_an_upload_belongs_to_its_user_and_register(
    client: Client, cast: Cast, register: Register
) -> None:
    client.force_login(cast.filler)
    token = _token(_upload(client, register, annex2_workbook()))
    client.force_login(cast.head)  # may fill the register, but did not upload this file
    assert (
        client.get(reverse("registers:import_preview", args=[register.pk, token])).status_code
        == 404
    )
    other = RegisterFactory(unit=cast.dept, campaign=register.campaign, level="unit")
    client.force_login(cast.filler)
    assert (
        client.get(reverse("registers:import_preview", args=[other.pk, token])).status_code == 404
    )


def test_non_editable_register_refuses_import(
    client: Client, cast: Cast, register: Register
) -> None:
    client.force_login(cast.filler)
    token = _token(_upload(client, register, annex2_workbook()))
    # Approved between preview and commit: the commit is refused, nothing written.
    walk_to(register, RegisterState.APPROVED)
    response = client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision},
        follow=True,
    )
    assert "清单当前状态不允许修改" in response.text
    assert not RiskEntry.objects.filter(register=register).exists()
    # And the upload page says so and takes no file.
    page = client.get(reverse("registers:import", args=[register.pk]))
    assert 'data-testid="import-not-editable"' in page.text
    assert 'data-testid="import-upload-form"' not in page.text
    response = _upload(client, register, annex2_workbook())
    assert response.status_code == 200
    assert "不能导入" in response.text
    register.refresh_from_db()
    with pytest.raises(NotEditable):
        entries_import(register=register, actor=cast.filler, rows=[], expected_revision=None)


def test_a_stale_revision_is_a_conflict(client: Client, cast: Cast, register: Register) -> None:
    client.force_login(cast.filler)
    token = _token(_upload(client, register, annex2_workbook()))
    response = client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision - 1},
        follow=True,
    )
    assert "已被他人修改" in response.text
    assert not RiskEntry.objects.filter(register=register).exists()


def test_cancel_deletes_the_upload(client: Client, cast: Cast, register: Register) -> None:
    client.force_login(cast.filler)
    token = _token(_upload(client, register, annex2_workbook()))
    client.post(reverse("registers:import_cancel", args=[register.pk, token]))
    assert list(Path(settings.IMPORT_DIR).glob("*.json")) == []


def test_import_pages_need_sign_in(client: Client, register: Register) -> None:
    response = client.get(reverse("registers:import", args=[register.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [3, 60])
def test_preview_query_count_is_independent_of_rows(
    client: Client,
    cast: Cast,
    register: Register,
    count: int,
    django_assert_num_queries: Callable[[int], AbstractContextManager[object]],
) -> None:
    client.force_login(cast.filler)
    rows = [["权力运行类", f"违规审批{i}", "高"] for i in range(count)]
    data = simple_workbook(["排查类别", "主要廉政风险", "风险等级"], rows)
    url = reverse(
        "registers:import_preview", args=[register.pk, _token(_upload(client, register, data))]
    )
    # 1 session, 2 user, 3 the user's roles (units he heads or oversees), 4 his unit scope,
    # 5 the register with campaign, unit and post, 6 the campaign's categories, 7 the unit's
    # remembered category choices, 8 its authority items, 9-10 the leader proposed for the
    # grade (the principal unit above, its head), 11 the header bell's unread notifications
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert f"导入 {count} 行风险点" in response.text


def test_template_round_trip(client: Client, cast: Cast, register: Register) -> None:
    """The downloaded Annex 2 template reads back: blank, it has nothing to import; filled in,
    its rows import under the right categories."""
    client.force_login(cast.filler)
    response = client.get(reverse("registers:import_template", args=[register.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    blank = _upload(client, register, response.content, "模板.xlsx")
    preview = client.get(blank["Location"])
    assert "没有要导入的风险点" in preview.text
    assert "已忽略空行 18 行" in preview.text  # six categories × ("1、", "2、", "… …")
    assert "已忽略备注行 2 行" in preview.text
    assert 'data-testid="import-commit"' not in preview.text

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert [cell.value for cell in sheet[3]] == [
        "排查类别",
        "主要廉政风险",
        "风险类别",
        "责任部门",
        "责任领导",
    ]
    assert sheet["A4"].value == "议事决策类" and sheet["A7"].value == "权力运行类"
    sheet["B7"] = "1、违规审批"
    sheet["C7"] = "高"
    sheet["B8"] = "2、吃拿卡要"
    sheet["C8"] = "中"
    buffer = io.BytesIO()
    workbook.save(buffer)
    token = _token(_upload(client, register, buffer.getvalue(), "已填模板.xlsx"))
    client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision},
    )
    entries = RiskEntry.objects.filter(register=register).order_by("order")
    assert [(e.category.name, e.risk, e.grade) for e in entries] == [
        ("权力运行类", "违规审批", 1),
        ("权力运行类", "吃拿卡要", 2),
    ]


def test_template_needs_the_right_to_fill(client: Client, cast: Cast, register: Register) -> None:
    client.force_login(cast.outsider)
    assert client.get(reverse("registers:import_template", args=[register.pk])).status_code == 404
    client.force_login(cast.committee)
    assert client.get(reverse("registers:import_template", args=[register.pk])).status_code == 403


def test_risk_category_column_holding_categories_is_taken_as_the_category(
    client: Client, cast: Cast, register: Register
) -> None:
    """风险类别 is the grade in document 000, but a list whose 风险类别 holds category names and
    has no other category column means the category."""
    client.force_login(cast.filler)
    data = simple_workbook(
        ["风险类别", "风险点", "风险等级"],
        [["权力运行", "违规审批", "高"], ["纪律作风类", "接受宴请", "低"]],
    )
    response = _upload(client, register, data)
    assert "/mapping/" not in response["Location"]
    client.post(
        reverse("registers:import_commit", args=[register.pk, _token(response)]),
        {"expected_revision": register.revision},
    )
    entries = RiskEntry.objects.filter(register=register).order_by("category__order")
    assert [(e.category.name, e.grade) for e in entries] == [("权力运行类", 1), ("纪律作风类", 3)]


def test_category_values_are_mapped_in_the_mapping_step_and_remembered(
    client: Client, cast: Cast, register: Register
) -> None:
    client.force_login(cast.filler)
    data = simple_workbook(
        ["风险类型", "风险点", "风险等级"],
        [["岗位职责风险", "审批把关不严", "1"], ["外部环境风险", "被围猎", "2"]],
    )
    upload = _upload(client, register, data)
    token = _token(upload)
    mapping_url = reverse("registers:import_mapping", args=[register.pk, token])
    assert upload["Location"] == mapping_url
    page = client.get(mapping_url)
    assert 'data-testid="import-category-values"' in page.text
    assert "岗位职责风险" in page.text and "外部环境风险" in page.text
    fields = {"col_0": "category", "col_1": "risk", "col_2": "grade"}
    # A value left without a category is asked for again.
    again = client.post(mapping_url, fields)
    assert "请选择这个类别对应的排查类别,或选择跳过" in again.text
    duty = Category.objects.get(name="岗位履职类")
    response = client.post(mapping_url, {**fields, "value_0": duty.pk, "value_1": "skip"})
    preview_url = reverse("registers:import_preview", args=[register.pk, token])
    assert response["Location"] == preview_url
    preview = client.get(preview_url)
    assert "1 → 高" in preview.text  # how the number was read
    assert 'data-testid="toggle-grades"' in preview.text
    client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision},
    )
    [entry] = RiskEntry.objects.filter(register=register)
    assert (entry.category, entry.risk, entry.grade) == (duty, "审批把关不严", 1)
    # The unit's next file maps 岗位职责风险 by itself; 外部环境风险 (skipped) is asked again.
    assert ImportCategoryChoice.objects.get(unit=cast.dept, value="岗位职责风险").category == duty
    token = _token(_upload(client, register, data))
    page = client.get(reverse("registers:import_mapping", args=[register.pk, token]))
    assert f'<option value="{duty.pk}" selected>岗位履职类</option>' in page.text


def test_preview_switches_and_row_skips(client: Client, cast: Cast, register: Register) -> None:
    client.force_login(cast.filler)
    token = _token(_upload(client, register, annex2_workbook()))
    preview_url = reverse("registers:import_preview", args=[register.pk, token])
    options_url = reverse("registers:import_options", args=[register.pk, token])
    client.post(options_url, {"option": "keep_numbering", "value": "1"})
    page = client.get(preview_url)
    assert "将原样保留" in page.text and 'data-testid="cell-removed"' not in page.text
    skip_url = reverse("registers:import_skip", args=[register.pk, token])
    partial = client.post(skip_url, {"row": "5"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert "不导入" in partial.text
    client.post(skip_url, {"row": "99999"})  # not a row of the file: nothing happens
    client.post(
        reverse("registers:import_commit", args=[register.pk, token]),
        {"expected_revision": register.revision},
    )
    risks = list(RiskEntry.objects.filter(register=register).values_list("risk", flat=True))
    assert len(risks) == 4 and "1、违规审批建设项目环评文件" in risks
    assert not any("三重一大" in risk for risk in risks)  # row 5 was skipped


def test_preview_switches_need_the_uploads_owner(
    client: Client, cast: Cast, register: Register
) -> None:
    client.force_login(cast.filler)
    token = _token(_upload(client, register, annex2_workbook()))
    client.force_login(cast.head)
    for name, data in (
        ("import_options", {"option": "keep_numbering"}),
        ("import_skip", {"row": 5}),
    ):
        response = client.post(reverse(f"registers:{name}", args=[register.pk, token]), data)
        assert response.status_code == 404
