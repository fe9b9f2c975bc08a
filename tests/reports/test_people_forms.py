"""The people's forms: the personal self-check form (document 001's, and document 004's 附件3),
document 004's department form (附件4) and the 三重一大 form (附件5), as PDF and xlsx."""

from dataclasses import dataclass

import pytest

from registers.choices import PeopleDocument, RegisterLevel, RegisterState
from registers.models import Campaign, Register, RiskEntry
from registers.selectors import categories_for
from reports import forms_text as ft
from reports.annex import AnnexTable, annex_table
from reports.pdf import annex_pdf
from reports.xlsx import annex_xlsx
from tests.conftest import Cast
from tests.factories import CampaignFactory
from tests.reports.test_annex_pdf import pages_text
from tests.reports.test_xlsx import sheet
from tests.walk import walk_to

pytestmark = pytest.mark.django_db


@dataclass
class Forms:
    campaign: Campaign
    personal: Register
    department: Register
    major: Register


def _entry(register: Register, risk: str, grade: int, category_index: int = 0) -> None:
    categories = list(categories_for(register))
    RiskEntry.objects.create(
        register=register,
        category=categories[category_index],
        risk=risk,
        manifestations=f"{risk}的表现",
        grade=grade,
        prevention_measures=f"{risk}的措施",
        responsible_leader_name="王局长",
    )


def _forms(cast: Cast, document: str) -> Forms:
    campaign = CampaignFactory(
        people_document=document, grading_scheme="levels", has_party_group_stage=False
    )
    personal = Register.objects.create(
        campaign=campaign, unit=cast.dept, level=RegisterLevel.PERSONAL, person=cast.filler
    )
    department = Register.objects.create(
        campaign=campaign, unit=cast.dept, level=RegisterLevel.DEPARTMENT
    )
    major = Register.objects.create(campaign=campaign, unit=cast.bureau, level=RegisterLevel.MAJOR)
    _entry(personal, "收受服务对象礼品", 1)
    _entry(department, "审批超时限", 2)
    _entry(major, "大额资金未经集体研究", 1, category_index=3)
    walk_to(personal, RegisterState.SIGNED)  # signed by his department head
    return Forms(campaign=campaign, personal=personal, department=department, major=major)


def _xlsx_text(table: AnnexTable) -> str:
    ws = sheet(annex_xlsx(table))
    return "|".join(
        str(cell.value) for row in ws.iter_rows() for cell in row if cell.value is not None
    )


def test_doc004_personal_form_is_annex_3(cast: Cast) -> None:
    forms = _forms(cast, PeopleDocument.DOC004)
    table = annex_table(forms.personal)
    assert (table.form, table.label, table.title_lines) == (
        "selfcheck",
        "附件3",
        [ft.SELFCHECK_TITLE],
    )
    text = "".join(pages_text(annex_pdf(table)))
    assert text.startswith("附件3个人岗位风险点自查表")
    assert "单位:审批处岗位:审批岗姓名:刘经办" in text
    assert "主管领导(签字):陈处长" in text
    assert "".join(ft.SELFCHECK_HEADERS) in text
    assert "1议事决策类收受服务对象礼品收受服务对象礼品的表现一级" in text
    xlsx = _xlsx_text(table)
    assert "附件3|个人岗位风险点自查表|单位:审批处  岗位:审批岗  姓名:刘经办" in xlsx
    assert "主管领导(签字):陈处长" in xlsx and "|一级|" in xlsx


def test_doc001_personal_form_keeps_todays_form(cast: Cast) -> None:
    forms = _forms(cast, PeopleDocument.DOC001)
    table = annex_table(forms.personal)
    assert table.label == ""
    text = "".join(pages_text(annex_pdf(table)))
    assert text.startswith("个人岗位风险点自查表部门:审批处岗位:审批岗姓名:刘经办")
    assert "审定领导(签字):陈处长" in text
    assert ft.SELFCHECK_NOTE_DOC001 in text
    assert [row.grade for group in table.groups for row in group.rows] == ["A"]


def test_doc004_department_form_is_annex_4(cast: Cast) -> None:
    forms = _forms(cast, PeopleDocument.DOC004)
    table = annex_table(forms.department)
    text = "".join(pages_text(annex_pdf(table)))
    assert text.startswith("附件4部门岗位风险点自查表部门:审批处主管领导(签字):")
    assert "".join(ft.SELFCHECK_HEADERS) in text and "审批超时限" in text
    xlsx = _xlsx_text(table)
    assert "附件4|部门岗位风险点自查表|部门:审批处|主管领导(签字):" in xlsx
    # Under document 001 the department keeps document 000's Annex 2.
    assert annex_table(_forms(cast, PeopleDocument.DOC001).department).form == "annex2"


def test_major_form_is_annex_5(cast: Cast) -> None:
    forms = _forms(cast, PeopleDocument.DOC004)
    table = annex_table(forms.major)
    assert table.headers == ft.MAJOR_HEADERS
    text = "".join(pages_text(annex_pdf(table)))
    assert text.startswith("附件5专项廉能风险防控情况登记表填报单位:测试局单位主要负责人(签字):")
    assert "".join(ft.MAJOR_HEADERS) in text
    assert "1大额度资金的使用大额资金未经集体研究" in text and "王局长" in text
    xlsx = _xlsx_text(table)
    assert "附件5|专项廉能风险防控情况登记表|填报单位:测试局|单位主要负责人(签字):" in xlsx
    assert "|".join(ft.MAJOR_HEADERS) in xlsx
    assert "|1|大额度资金的使用|大额资金未经集体研究|" in xlsx
