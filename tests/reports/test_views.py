"""Export and statistics views across the cast: rights, audit, async jobs, pinned queries."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit import actions
from audit.models import AuditEntry
from reports.choices import ExportState
from reports.models import ExportJob
from tests.clients import client_for
from tests.conftest import Cast
from tests.factories import RegisterFactory, UnitFactory
from tests.reports.conftest import Data, make_entries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("filler", 200),
        ("head", 200),
        ("leader", 200),
        ("principal", 200),
        ("committee", 200),
        ("admin", 200),
        ("outsider", 404),  # another department's unpublished register is out of scope
    ],
)
def test_register_export_follows_visibility(data: Data, cast: Cast, who: str, status: int) -> None:
    client = client_for(cast.users()[who])
    for fmt in ("pdf", "xlsx"):
        url = reverse("reports:register_export", args=[data.dept_register.pk, fmt])
        response = client.get(url)
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
            assert response.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_published_register_is_exportable_by_anyone(data: Data, cast: Cast) -> None:
    url = reverse("reports:register_export", args=[data.other_register.pk, "xlsx"])
    assert client_for(cast.filler).get(url).status_code == 200


def test_export_writes_an_audit_row(data: Data, cast: Cast) -> None:
    url = reverse("reports:register_export", args=[data.dept_register.pk, "pdf"])
    client_for(cast.head).get(url)
    entry = AuditEntry.objects.get(action=actions.REGISTER_EXPORT_PDF)
    assert entry.actor == cast.head
    assert entry.data["register"] == data.dept_register.pk


def test_anonymous_is_sent_to_login(data: Data) -> None:
    url = reverse("reports:register_export", args=[data.dept_register.pk, "pdf"])
    assert Client().get(url).status_code == 302


def test_large_export_runs_as_a_job_for_its_owner_only(
    data: Data, cast: Cast, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EXPORT_ASYNC_THRESHOLD = 5
    client = client_for(cast.head)
    url = reverse("reports:register_export", args=[data.dept_register.pk, "xlsx"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    assert job.owner == cast.head and job.state == ExportState.DONE and job.progress == 100
    assert AuditEntry.objects.filter(action=actions.REGISTER_EXPORT_XLSX).count() == 1
    page = client.get(reverse("reports:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert reverse("reports:job_download", args=[job.pk]) in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # done: polling stops
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert ws["A3"].value == "廉政风险清单"
    # Someone else, even an administrator, cannot see or take the file.
    for other in (cast.leader, cast.admin):
        assert client_for(other).get(reverse("reports:job", args=[job.pk])).status_code == 404
        assert (
            client_for(other).get(reverse("reports:job_download", args=[job.pk])).status_code == 404
        )


def test_large_export_outside_scope_starts_no_job(data: Data, cast: Cast, settings) -> None:
    settings.EXPORT_ASYNC_THRESHOLD = 1
    url = reverse("reports:register_export", args=[data.dept_register.pk, "pdf"])
    assert client_for(cast.outsider).get(url).status_code == 404
    assert not ExportJob.objects.exists()


def test_pending_job_page_polls(data: Data, cast: Cast, settings) -> None:
    settings.EXPORT_ASYNC_THRESHOLD = 5
    # Without the on-commit callbacks the job stays pending: the page polls.
    client = client_for(cast.head)
    client.get(reverse("reports:register_export", args=[data.dept_register.pk, "pdf"]))
    job = ExportJob.objects.get()
    assert job.state == ExportState.PENDING
    body = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("filler", 403),
        ("head", 403),
        ("outsider", 403),
        ("leader", 200),
        ("principal", 200),
        ("committee", 200),
        ("admin", 200),
    ],
)
def test_stats_rights(data: Data, cast: Cast, who: str, status: int) -> None:
    client = client_for(cast.users()[who])
    query = f"?campaign={data.campaign.pk}"
    assert client.get(reverse("reports:stats") + query).status_code == status
    assert client.get(reverse("reports:stats_xlsx") + query).status_code == status


def test_leader_sees_his_scope_only(data: Data, cast: Cast) -> None:
    response = client_for(cast.leader).get(
        reverse("reports:stats") + f"?campaign={data.campaign.pk}"
    )
    units = {line.register.unit for line in response.context["figures"].registers}
    # His own unit (he is on the bureau's staff) and the department he oversees; not the other.
    assert cast.dept in units and cast.other_dept not in units
    body = response.content.decode()
    assert 'id="stats-data"' in body and "vendor/echarts/echarts.min.js" in body
    assert "js/stats.js" in body and "<script>" not in body


def test_stats_figures(data: Data, cast: Cast) -> None:
    response = client_for(cast.committee).get(
        reverse("reports:stats") + f"?campaign={data.campaign.pk}"
    )
    figures = response.context["figures"]
    assert figures.total == 40 + 6 + 4
    lines = {line.register.unit.name: line for line in figures.registers}
    assert lines["测试局"].share == 20.0 and lines["测试局"].share_status == "ok"
    rows = {name: cells for name, cells, _total in figures.matrix_rows()}
    assert rows["制度机制类"] == [0, 0, 0]
    assert sum(sum(cells) for cells in rows.values()) == 50


def test_stats_xlsx_content(data: Data, cast: Cast) -> None:
    response = client_for(cast.admin).get(
        reverse("reports:stats_xlsx") + f"?campaign={data.campaign.pk}"
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["进度与占比", "类别×等级"]
    assert wb["类别×等级"]["A2"].value == "排查类别"
    assert AuditEntry.objects.filter(action=actions.CAMPAIGN_EXPORT_STATS).exists()


def test_stats_query_count_is_pinned(data: Data, cast: Cast, django_assert_num_queries) -> None:
    client = client_for(cast.committee)
    url = reverse("reports:stats") + f"?campaign={data.campaign.pk}"
    # 1 session, 2 user, 3 roles (cached on the user for the navigation too), 4 campaign,
    # 5 registers with their units, 6 categories, 7 entry counts by register × category × grade,
    # 8 submission / sign-off / publication dates from the transitions, 9 the campaign picker,
    # 10 oversight's warnings per unit × quarter × level, 11 its rectification items per unit ×
    # quarter (sections other apps add to the page), 12 the header bell's unread count.
    with django_assert_num_queries(12):
        client.get(url)
    # Ten more units with entries: the same number of queries.
    for _ in range(10):
        register = RegisterFactory(campaign=data.campaign, unit=UnitFactory(parent=cast.bureau))
        make_entries(register, data.categories, 12)
    with django_assert_num_queries(12):
        client.get(url)


def test_exports_page_is_for_administrators(data: Data, cast: Cast) -> None:
    url = reverse("reports:campaign_exports", args=[data.campaign.pk])
    assert client_for(cast.committee).get(url).status_code == 403
    body = client_for(cast.admin).get(url).content.decode()
    assert reverse("reports:register_export", args=[data.unit_register.pk, "pdf"]) in body
    assert reverse("reports:campaign_workbook", args=[data.campaign.pk]) in body


def test_workbook_rights(data: Data, cast: Cast) -> None:
    url = reverse("reports:campaign_workbook", args=[data.campaign.pk])
    assert client_for(cast.leader).get(url).status_code == 403
    assert client_for(cast.committee).get(url).status_code == 200


def test_annex3_download(data: Data, cast: Cast) -> None:
    response = client_for(cast.filler).get(
        reverse("reports:annex3", args=[data.campaign.pk, "pdf"])
    )
    assert response.status_code == 200 and response.content[:4] == b"%PDF"


def test_expired_jobs_are_purged(
    data: Data, cast: Cast, settings, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from reports.services import export_jobs_purge

    settings.EXPORT_ASYNC_THRESHOLD = 5
    client = client_for(cast.head)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("reports:register_export", args=[data.dept_register.pk, "pdf"]))
    job = ExportJob.objects.get()
    assert job.file.storage.exists(job.file.name)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404
    assert export_jobs_purge() == 1
    assert not job.file.storage.exists(job.file.name)


def test_pdf_goes_async_sooner_than_xlsx(data: Data, cast: Cast, settings) -> None:
    from reports.services import export_threshold

    settings.EXPORT_ASYNC_THRESHOLD = 20
    assert export_threshold("annex_xlsx") == 20 and export_threshold("annex_pdf") == 5
    client = client_for(cast.head)
    # Six entries: the workbook comes at once, the PDF becomes a job.
    xlsx = client.get(reverse("reports:register_export", args=[data.dept_register.pk, "xlsx"]))
    assert xlsx.status_code == 200
    pdf = client.get(reverse("reports:register_export", args=[data.dept_register.pk, "pdf"]))
    assert pdf.status_code == 302 and ExportJob.objects.get().kind == "annex_pdf"
