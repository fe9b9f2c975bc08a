"""The pages of leads and warnings across the cast: 404 outside the circle (the administrator
included), 403 for a step one may not take inside it, every reading audited, the notice PDF, the
register's counts and filters, the inbox and the navigation."""

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from audit import actions
from audit.models import AuditEntry
from oversight.attachments import attachments_of
from oversight.choices import Disposal, LeadDecision, WarningLevel, WarningState
from oversight.models import Lead, Warning
from oversight.warnings import leads, services
from registers.models import Register, RiskEntry
from tests.clients import client_for
from tests.conftest import Cast
from tests.oversight.test_leads import lead_data
from tests.oversight.test_warnings import FACTS, draft, issued
from workflow import services as workflow_services
from workflow.models import PublishedVersion

CAST = ("filler", "head", "leader", "principal", "committee", "admin", "outsider")

# An audit row of a reading: a savepoint, the chain's head, the row, the savepoint's release, and
# on PostgreSQL the chain's advisory lock.
AUDIT_ROW_QUERIES = 5 if connection.vendor == "postgresql" else 4


def _reads(action: str, obj: Warning | Lead) -> int:
    return AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).count()


# --- warnings: who gets what ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    # 诫勉纠错 to 刘经办 (filler), approved by 王局长 (principal, party group).
    list(zip(CAST, (200, 404, 404, 200, 200, 404, 404), strict=True)),
)
def test_an_issued_warning_is_seen_by_its_circle_only(party: Cast, who: str, expected: int) -> None:
    warning = issued(party)
    client = client_for(getattr(party, who))
    response = client.get(reverse("oversight:warning_detail", args=[warning.pk]))
    assert response.status_code == expected
    assert _reads(actions.WARNING_VIEW, warning) == (1 if expected == 200 else 0)
    if expected == 200:
        assert FACTS in response.text
    else:
        for name in ("warning_edit", "warning_submit", "warning_answer", "warning_close"):
            url = reverse(f"oversight:{name}", args=[warning.pk])
            method = client.get if name == "warning_edit" else client.post
            assert method(url).status_code == 404, name
        # The notice is refused before anything is rendered.
        assert client.get(reverse("oversight:warning_pdf", args=[warning.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    # 责令整改 to 审批处 itself: its head (陈处长) answers; its staff (filler) is not told.
    list(zip(CAST, (404, 200, 404, 200, 200, 404, 404), strict=True)),
)
def test_a_warning_to_a_department_is_seen_by_its_head(
    party: Cast, who: str, expected: int
) -> None:
    warning = issued(party, subject_user=None, disposal=Disposal.RECTIFY)
    response = client_for(getattr(party, who)).get(warning_url(warning))
    assert response.status_code == expected
    assert ('data-testid="answer-form"' in response.text) == (who == "head")


def test_the_subject_sees_his_warning_only_once_it_is_issued(party: Cast) -> None:
    warning = draft(party)
    url = reverse("oversight:warning_detail", args=[warning.pk])
    subject, approver = client_for(party.filler), client_for(party.principal)
    assert subject.get(url).status_code == 404
    assert approver.get(url).status_code == 404  # a draft is the committee's alone
    services.warning_submit(warning=warning, actor=party.committee)
    assert subject.get(url).status_code == 404
    assert approver.get(url).status_code == 200
    services.warning_approve(warning=warning, actor=party.principal)
    assert subject.get(url).status_code == 200


def test_the_register_is_for_the_committee_and_the_party_group(party: Cast) -> None:
    issued(party)
    url = reverse("oversight:warning_list")
    for who in CAST:
        status = client_for(getattr(party, who)).get(url).status_code
        assert status == (200 if who in ("committee", "principal") else 404), who


def test_steps_inside_the_circle_without_the_right_are_403(party: Cast) -> None:
    warning = issued(party)
    subject, approver = client_for(party.filler), client_for(party.principal)
    assert subject.post(reverse("oversight:warning_close", args=[warning.pk])).status_code == 403
    assert approver.get(reverse("oversight:warning_edit", args=[warning.pk])).status_code == 403
    assert approver.get(reverse("oversight:warning_create")).status_code == 403
    assert client_for(party.admin).get(reverse("oversight:warning_create")).status_code == 404


# --- the procedure through the pages --------------------------------------------------------


def test_the_procedure_through_the_pages(party: Cast, high_entry: RiskEntry) -> None:
    committee = client_for(party.committee)
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    form = {
        "level": WarningLevel.HIGHEST,
        "disposal": Disposal.RECTIFY,
        "subject_unit": party.dept.pk,
        "subject_user": "",
        "facts": "重大项目安排中未经集体研究。",
        "requirement": "健全集体决策制度。",
        "deadline": deadline,
        "entries": [high_entry.pk],
    }
    response = committee.post(reverse("oversight:warning_create"), form)
    warning = Warning.objects.get()
    assert response.status_code == 302 and response["Location"] == warning_url(warning)
    assert list(warning.entries.all()) == [high_entry]

    detail = warning_url(warning)
    committee.post(reverse("oversight:warning_submit", args=[warning.pk]))
    approver = client_for(party.principal)
    page = approver.get(detail)
    assert "批准并下达" in page.text and "报请党委批准" not in page.text
    approver.post(reverse("oversight:warning_approve", args=[warning.pk]), {"note": "同意"})
    # The second click of the same button (a stale page) gets the message, not a 500.
    again = approver.post(reverse("oversight:warning_approve", args=[warning.pk]))
    assert again.status_code == 409 and "已被他人处理" in again.text

    head = client_for(party.head)  # a warning to the department: its head answers
    page = head.get(detail)
    assert 'data-testid="answer-form"' in page.text
    empty = head.post(reverse("oversight:warning_answer", args=[warning.pk]), {"answer": " "})
    assert empty.status_code == 400 and "请填写整改情况报告" in empty.text
    head.post(reverse("oversight:warning_answer", args=[warning.pk]), {"answer": "已建立制度。"})
    committee.post(reverse("oversight:warning_close", args=[warning.pk]), {"note": "销号"})
    warning.refresh_from_db()
    assert warning.state == WarningState.CLOSED and warning.answer == "已建立制度。"
    history = committee.get(detail).text
    for step in ("起草廉情预警", "批准并下达廉情预警", "报告预警整改情况", "廉情预警销号"):
        assert step in history


def warning_url(warning: Warning) -> str:
    return reverse("oversight:warning_detail", args=[warning.pk])


def test_a_form_with_errors_is_shown_again(party: Cast) -> None:
    committee = client_for(party.committee)
    response = committee.post(
        reverse("oversight:warning_create"),
        {
            "level": WarningLevel.GENERAL,
            "disposal": Disposal.REMINDER,
            "subject_unit": party.dept.pk,
        },
    )
    assert response.status_code == 200 and 'data-testid="field-error"' in response.text
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = committee.post(
        reverse("oversight:warning_create"),
        {
            "level": WarningLevel.GENERAL,
            "disposal": Disposal.REMINDER,
            "subject_unit": party.dept.pk,
            "facts": "事由",
            "requirement": "要求",
            "deadline": past,
        },
    )
    assert "请选择预警对象" in response.text and "不能早于今天" not in response.text
    assert not Warning.objects.exists()
    assert committee.get(reverse("oversight:warning_create") + "?lead=x").status_code == 404


def test_a_warning_started_from_a_lead_is_prefilled(party: Cast, high_entry: RiskEntry) -> None:
    lead = leads.lead_create(actor=party.committee, data=lead_data(party, entries=(high_entry,)))
    response = client_for(party.committee).get(
        reverse("oversight:warning_create") + f"?lead={lead.pk}"
    )
    assert response.status_code == 200
    assert lead.summary in response.text
    assert f'<option value="{high_entry.pk}" selected>' in response.text


# --- the notice -----------------------------------------------------------------------------


def test_the_notice_pdf(party: Cast) -> None:
    warning = issued(party)
    url = reverse("oversight:warning_pdf", args=[warning.pk])
    response = client_for(party.filler).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    for expected in (
        warning.number,
        "廉情预警通知书",
        FACTS,
        "诫勉纠错",
        "中共测试局纪律检查委员会",
    ):
        assert "".join(expected.split()) in flat, expected
    assert _reads(actions.WARNING_EXPORT_PDF, warning) == 1
    # A draft has no notice, even for the committee.
    unissued = draft(party)
    committee = client_for(party.committee)
    assert committee.get(reverse("oversight:warning_pdf", args=[unissued.pk])).status_code == 404


# --- attachments through the parent registration -------------------------------------------


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path
    yield tmp_path


def test_the_subject_attaches_evidence_that_only_the_circle_downloads(
    party: Cast, media: Path
) -> None:
    warning = issued(party)
    subject = client_for(party.filler)
    upload = reverse("oversight:attachment_upload", args=["warning", warning.pk])
    pdf = SimpleUploadedFile("凭证.pdf", b"%PDF-1.4\n%%EOF\n")
    assert subject.post(upload, {"file": pdf}).status_code == 302
    attachment = attachments_of(warning).get()
    attachment_url = reverse("oversight:attachment_download", args=[attachment.pk])
    assert client_for(party.committee).get(attachment_url).status_code == 200
    for who in ("admin", "head", "outsider"):
        assert client_for(getattr(party, who)).get(attachment_url).status_code == 404, who
    # The approver, who may read it, may not add to the subject's report.
    other = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client_for(party.principal).post(upload, {"file": other}).status_code == 403


# --- leads ----------------------------------------------------------------------------------


def test_lead_pages_are_the_committees_alone(party: Cast, published: Register) -> None:
    publication = PublishedVersion.objects.get(register=published)
    feedback = workflow_services.feedback_create(
        publication=publication, text="意见", ip="10.0.0.3"
    )
    lead = Lead.objects.get(feedback=feedback)
    urls = [
        reverse("oversight:lead_list"),
        reverse("oversight:lead_create"),
        reverse("oversight:lead_detail", args=[lead.pk]),
        reverse("oversight:lead_edit", args=[lead.pk]),
        reverse("oversight:lead_rectify", args=[lead.pk]),
    ]
    for who in ("filler", "head", "leader", "principal", "admin", "outsider"):
        client = client_for(getattr(party, who))
        for url in urls:
            assert client.get(url).status_code == 404, (who, url)
        assert client.post(reverse("oversight:lead_dismiss", args=[lead.pk])).status_code == 404
    assert _reads(actions.LEAD_VIEW, lead) == 0
    committee = client_for(party.committee)
    for url in urls:
        assert committee.get(url).status_code == 200, url
    assert _reads(actions.LEAD_VIEW, lead) == 1


def test_the_lead_list_brings_in_opinions_without_a_lead(party: Cast, published: Register) -> None:
    publication = PublishedVersion.objects.get(register=published)
    workflow_services.feedback_create(publication=publication, text="漏了收费环节", ip="10.0.0.4")
    Lead.objects.all().delete()
    response = client_for(party.committee).get(reverse("oversight:lead_list"))
    assert "漏了收费环节" in response.text
    assert Lead.objects.get().decision == LeadDecision.PENDING


def test_the_lead_list_query_count(party: Cast, django_assert_num_queries) -> None:
    for n in range(3):
        leads.lead_create(actor=party.committee, data=lead_data(party, summary=f"信息{n}"))
    client = client_for(party.committee)
    # 1 session, 2 user, 3 roles, 4 opinions without a lead (none), 5 the counts per decision,
    # 6 the leads with their subject person and unit, the audit row of the reading (see
    # AUDIT_ROW_QUERIES), 7 unread notifications (the bell)
    with django_assert_num_queries(7 + AUDIT_ROW_QUERIES):
        response = client.get(reverse("oversight:lead_list"), {"decision": "pending"})
    assert response.text.count("data-lead=") == 3


def test_triage_through_the_pages(party: Cast, high_entry: RiskEntry) -> None:
    committee = client_for(party.committee)
    response = committee.post(
        reverse("oversight:lead_create"),
        {
            "source": "inspection",
            "summary": "巡察发现审批处环评审批未集体会审",
            "received_on": timezone.localdate().isoformat(),
            "subject_unit": party.dept.pk,
            "entries": [high_entry.pk],
        },
    )
    lead = Lead.objects.get()
    assert response.status_code == 302 and list(lead.entries.all()) == [high_entry]
    refused = committee.post(reverse("oversight:lead_dismiss", args=[lead.pk]), {"note": ""})
    assert refused.status_code == 400
    response = committee.post(
        reverse("oversight:lead_rectify", args=[lead.pk]),
        {
            "title": "环评审批集体会审",
            "problem": "未集体会审",
            "unit": party.dept.pk,
            "owner": party.head.pk,
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "entry": high_entry.pk,
        },
    )
    lead.refresh_from_db()
    item = lead.rectifications.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:rectification_detail", args=[item.pk])
    assert lead.decision == LeadDecision.RECTIFICATION
    # Decided: no second decision, no edit.
    again = committee.get(reverse("oversight:lead_rectify", args=[lead.pk]))
    assert again.status_code == 302


# --- the register, the inbox, the navigation ------------------------------------------------


def test_the_register_counts_and_filters(party: Cast, django_assert_num_queries) -> None:
    issued(party)
    issued(party, level=WarningLevel.HIGHEST)
    draft(party, level=WarningLevel.HIGHEST)
    client = client_for(party.committee)
    url = reverse("oversight:warning_list")
    # 1 session, 2 user, 3 roles, 4 units of the filter form, 5 the counts, 6 the warnings with
    # their subject, unit, starter and approver, the audit row of the reading (see
    # AUDIT_ROW_QUERIES), 7 unread notifications (the bell)
    with django_assert_num_queries(7 + AUDIT_ROW_QUERIES):
        response = client.get(url, {"level": WarningLevel.HIGHEST})
    assert response.text.count("data-warning=") == 2
    assert 'data-testid="warning-total">3<' in response.text
    filtered = client.get(url, {"level": WarningLevel.HIGHEST, "state": WarningState.ISSUED})
    assert filtered.text.count("data-warning=") == 1
    # The approver does not see the committee's draft, in the rows or the counts.
    approver = client_for(party.principal).get(url)
    assert approver.text.count("data-warning=") == 2
    assert 'data-testid="warning-total">2<' in approver.text
    assert client.get(url, {"year": "abc"}).status_code == 200


def test_the_inbox_and_my_warnings(party: Cast) -> None:
    warning = draft(party)
    services.warning_submit(warning=warning, actor=party.committee)
    home = client_for(party.principal).get(reverse("home")).text
    assert 'data-inbox="warnings_to_approve"' in home and "待批准的预警" in home
    warning = services.warning_approve(warning=warning, actor=party.principal)
    subject = client_for(party.filler)
    assert "需要我报告整改的预警" in subject.get(reverse("home")).text
    mine = subject.get(reverse("oversight:my_warnings")).text
    assert warning.number in mine and "待我报告整改" in mine
    assert warning.number not in client_for(party.head).get(reverse("oversight:my_warnings")).text
    services.warning_answer(warning=warning, actor=party.filler, report="已整改")
    assert "需要我报告整改的预警" not in subject.get(reverse("home")).text
    assert "待销号的预警" in client_for(party.committee).get(reverse("home")).text


def test_the_navigation(party: Cast) -> None:
    leads_url, register_url = reverse("oversight:lead_list"), reverse("oversight:warning_list")
    committee = client_for(party.committee).get(reverse("home")).text
    assert leads_url in committee and register_url in committee
    principal = client_for(party.principal).get(reverse("home")).text
    assert leads_url not in principal and register_url in principal
    for who in ("filler", "head", "admin"):
        page = client_for(getattr(party, who)).get(reverse("home")).text
        assert leads_url not in page and register_url not in page, who
