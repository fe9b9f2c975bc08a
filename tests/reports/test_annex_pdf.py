"""The Annexes as PDF: read the text back and compare it with document 000's forms."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from registers.models import RiskEntry
from reports import forms_text as ft
from reports.annex import annex_table, schedule_table
from reports.pdf import (
    FetchRefused,
    annex_pdf,
    refusing_fetcher,
    refusing_fetcher_class,
    schedule_pdf,
    write_pdf,
)
from tests.conftest import Cast
from tests.reports.conftest import Data
from workflow import services
from workflow.models import Signature

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    """PDF text wraps lines where the table cell does: compare without whitespace."""
    return re.sub(r"\s+", "", text)


def pages_text(content: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def font_names(content: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_annex1_pdf_is_document_000s_form(data: Data, cast: Cast) -> None:
    content = annex_pdf(annex_table(data.unit_register))
    pages = pages_text(content)
    text = "".join(pages)
    assert len(pages) >= 2, "40 entries span more than one page"
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    assert pages[0].startswith("附件1测试局廉政风险清单")
    assert "填报单位:测试局" in pages[0]
    signed = timezone.localdate(Signature.objects.get(register=data.unit_register).signed_at)
    assert f"单位主要负责人(签字):王局长{signed.year}年{signed.month}月{signed.day}日" in pages[0]
    for page in pages:
        # The header row repeats on every page, and so does the footer.
        assert "排查类别主要廉政风险风险类别责任部门责任领导" in page
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in page
    assert squash(ft.ANNEX1_NOTE_LINES[0]) in pages[-1]
    for entry in RiskEntry.objects.filter(register=data.unit_register):
        assert squash(entry.risk) in text
    # Entries are numbered within their category: the second category starts again at 1.
    assert "权力运行类" in pages[0]
    assert "1、" + squash(RiskEntry.objects.get(register=data.unit_register, order=3).risk) in text
    # The second category runs over the page breaks and is printed again on every page it
    # continues on (its 35 entries fill pages 1 to 3 at least).
    assert len(pages) >= 3
    for page in pages[:3]:
        assert "权力运行类" in page
    # Every category prints, even an empty one.
    for category in data.categories:
        assert category.name in text
    assert "高" in text and "中" in text and "低" in text


def test_annex_pdf_embeds_noto_cjk_fonts(data: Data) -> None:
    names = font_names(annex_pdf(annex_table(data.dept_register)))
    assert names
    assert all(re.search(r"\+Noto-?(Sans|Serif)-?CJK-?SC", name) for name in names), names


def test_annex2_pdf_title_lines_and_blank_signature(data: Data) -> None:
    pages = pages_text(annex_pdf(annex_table(data.dept_register)))
    first = pages[0]
    assert first.startswith("附件2测试局机关处室、城区分局、直属单位廉政风险清单")
    assert "填报部门(单位):审批处" in first
    # Not signed yet: the signer's place stays blank, the header follows at once.
    assert "分管领导(签字):排查类别" in first
    text = "".join(pages)
    for line in ft.ANNEX2_NOTE_LINES:
        assert squash(line) in text


def test_voided_signature_is_not_printed(data: Data, cast: Cast) -> None:
    assert annex_table(data.unit_register).signer == "王局长"
    # The committee sends it back: the signature no longer covers what will be changed.
    services.register_return(register=data.unit_register, actor=cast.committee, reason="补充")
    assert Signature.objects.get(register=data.unit_register).voided_at is not None
    table = annex_table(data.unit_register)
    assert table.signer == "" and table.signed_on == ""


def test_selfcheck_pdf_grades_a_b_c(data: Data) -> None:
    table = annex_table(data.post_register)
    assert table.form == "selfcheck"
    text = "".join(pages_text(annex_pdf(table)))
    assert text.startswith(ft.SELFCHECK_TITLE)
    assert "序号排查类别风险内容表现形式风险等级防控措施" in text
    assert {row.grade for group in table.groups for row in group.rows} == {"A", "B", "C"}
    assert "表现形式4" in text and "防控措施4" in text


def test_annex3_pdf_falls_back_to_the_template(data: Data) -> None:
    table = schedule_table(data.campaign)
    assert table.is_template
    text = "".join(pages_text(schedule_pdf(table)))
    assert "市生态环境局深入开展廉政风险排查防控工作安排" in text
    assert "工作安排模板" in text
    assert "序号阶段主要任务内容牵头单位责任单位完成时间" in text
    assert "公示《廉政风险清单》,上报市纪委市监委" in text


def test_renderer_fetches_nothing(data: Data) -> None:
    with pytest.raises(FetchRefused):
        refusing_fetcher().fetch("file:///etc/passwd")
    entry = RiskEntry.objects.filter(register=data.dept_register).first()
    entry.risk = '<img src="file:///etc/passwd">恶意内容'
    entry.save()
    # Escaped by the template: it prints as text and nothing is fetched.
    text = "".join(pages_text(annex_pdf(annex_table(data.dept_register))))
    assert "恶意内容" in text


def test_grade_labels_follow_the_campaigns_scheme(data: Data) -> None:
    data.campaign.grading_scheme = "levels"
    data.campaign.save()
    table = annex_table(data.unit_register)
    assert {row.grade for group in table.groups for row in group.rows} == {"一级", "二级", "三级"}


def test_annex_table_query_count_is_fixed(data: Data, django_assert_num_queries) -> None:
    from registers.models import Register

    register = Register.objects.select_related("campaign", "unit", "post").get(
        pk=data.unit_register.pk
    )
    # 1 categories of the campaign's set, 2 entries (with their leaders), 3 the valid signature:
    # the same for 40 entries as for 4,000.
    with django_assert_num_queries(3):
        table = annex_table(register)
    assert table.entry_count == 40
    department = Register.objects.select_related("campaign", "unit", "post").get(
        pk=data.dept_register.pk
    )
    # Annex 2 also walks up to the top unit for its title (one query per level: here one).
    with django_assert_num_queries(4):
        annex_table(department)


def test_every_fetch_goes_to_the_refusing_fetcher(monkeypatch: pytest.MonkeyPatch) -> None:
    fetcher_class = refusing_fetcher_class()
    asked: list[str] = []
    refuse = fetcher_class.fetch

    def spy(self: object, url: str, headers: object = None) -> object:
        asked.append(url)
        return refuse(self, url)

    monkeypatch.setattr(fetcher_class, "fetch", spy)
    content = write_pdf(
        '<html lang="zh-CN"><head><link rel="stylesheet" href="http://example.com/x.css">'
        '</head><body><img src="file:///etc/passwd">正文</body></html>'
    )
    # Refused, not fatal: the document renders without the resources.
    assert content[:4] == b"%PDF"
    assert "file:///etc/passwd" in asked and "http://example.com/x.css" in asked


def test_a_cells_line_breaks_are_printed(data: Data) -> None:
    """A risk written on two lines prints on two lines, as the register shows it."""
    entry = RiskEntry.objects.filter(register=data.dept_register).first()
    entry.risk = "审批环节违规甲乙丙\n现场核查走过场丁戊"
    entry.save()
    text = PdfReader(io.BytesIO(annex_pdf(annex_table(data.dept_register)))).pages[0]
    lines = [line.strip() for line in text.extract_text().splitlines()]
    # The Annex numbers the risk (1、); the second line starts a line of its own.
    assert "1、审批环节违规甲乙丙" in lines
    assert any(line.startswith("现场核查走过场丁戊") for line in lines)
