"""A filler imports his department's Annex 2 spreadsheet in Chromium: upload, preview, commit,
and the entries are there."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from registers.models import RiskEntry
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD, RegisterFactory
from tests.registers.import_workbooks import annex2_workbook, list_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_filler_imports_annex2_spreadsheet(
    page: Page, cast: Cast, tmp_path: Path, settings: Settings
) -> None:
    settings.IMPORT_DIR = tmp_path
    register = RegisterFactory(unit=cast.dept)
    sign_in(page, "filler", TEST_PASSWORD)
    page.goto(f"/registers/{register.pk}/import/")
    expect(page.locator("h1")).to_contain_text("从Excel导入")
    screenshot(page, "import-upload")

    # A wrong file first: a clear message, no error page.
    page.set_input_files(
        "input[type=file]", {"name": "清单.csv", "mimeType": "text/csv", "buffer": b"a,b\n"}
    )
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("import-file-error")).to_contain_text("只能导入 Excel 工作簿")

    page.set_input_files(
        "input[type=file]",
        {"name": "审批处廉政风险清单.xlsx", "mimeType": XLSX, "buffer": annex2_workbook()},
    )
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("import-skipped")).to_have_text("已忽略空行 3 行")
    preview = page.get_by_test_id("import-preview")
    expect(preview.locator("tbody tr")).to_have_count(5)
    expect(preview.locator("tr[data-row='7']")).to_contain_text("权力运行类")
    expect(preview.locator("tr[data-row='7']")).to_contain_text("违规审批建设项目环评文件")
    screenshot(page, "import-preview")
    assert not RiskEntry.objects.filter(register=register).exists()

    page.get_by_test_id("import-commit").click()
    expect(page.get_by_role("alert")).to_contain_text("导入 5 条风险点")
    entries = page.get_by_test_id("register-entries")
    expect(entries).to_contain_text("违反中央八项规定精神接受宴请")
    expect(entries).to_contain_text("纪律作风类")
    screenshot(page, "import-done")
    assert RiskEntry.objects.filter(register=register).count() == 5


def test_filler_maps_columns_and_sees_errors(
    page: Page, cast: Cast, tmp_path: Path, settings: Settings
) -> None:
    settings.IMPORT_DIR = tmp_path
    register = RegisterFactory(unit=cast.dept)
    rows = [
        [
            1,
            "审批处",
            "审批岗",
            "审批把关不严",
            "对不符合条件的项目予以审批",
            "一级",
            "集体会审",
            "陈处长",
        ],
        [
            2,
            "审批处",
            "审批岗",
            "泄露审批信息",
            "向申请人透露评审意见",
            "特级",
            "签订保密承诺",
            "陈处长",
        ],
    ]
    sign_in(page, "filler", TEST_PASSWORD)
    page.goto(f"/registers/{register.pk}/import/")
    page.set_input_files(
        "input[type=file]",
        {"name": "岗位风险点.xlsx", "mimeType": XLSX, "buffer": list_workbook(rows)},
    )
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("import-mapping-form")).to_contain_text("未识别")
    page.get_by_label("未填类别的行归入").select_option(label="岗位履职类")
    screenshot(page, "import-mapping")
    page.get_by_role("button", name="下一步:预览").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text("第 5 行 · F 列“风险等级”")
    expect(page.get_by_test_id("import-commit")).to_have_count(0)
    page.get_by_role("link", name="只看有错误的行").click()
    expect(page.get_by_test_id("import-preview").locator("tbody tr")).to_have_count(1)
    screenshot(page, "import-errors")
    assert not RiskEntry.objects.filter(register=register).exists()

    # No dead end: the bad row is skipped in the preview (htmx), and the rest imports.
    page.get_by_role("link", name="全部行").click()
    bad = page.get_by_test_id("import-preview").locator("tr[data-row='5']")
    bad.get_by_test_id("skip-row").click()
    expect(bad).to_contain_text("不导入")
    page.reload()
    expect(page.get_by_test_id("import-commit")).to_contain_text("确认导入 1 条风险点")
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_role("alert")).to_contain_text("导入 1 条风险点")
    [entry] = RiskEntry.objects.filter(register=register)
    assert entry.risk == "审批把关不严"
    assert entry.extra_fields == [["岗位", "审批岗"]]
