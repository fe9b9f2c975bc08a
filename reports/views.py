"""Export and statistics views: thin, on the visibility selectors (outside scope: 404)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from orgs.http import AuthenticatedHttpRequest, download_response
from orgs.permissions import is_admin
from registers.exceptions import DomainError
from registers.models import Campaign, Register
from registers.selectors import campaign_from_query, campaigns_visible_to, register_for_user
from reports.choices import ExportKind, ExportState
from reports.exports import ExportFile
from reports.models import ExportJob
from reports.selectors import (
    campaign_figures,
    can_export_campaign,
    can_see_stats,
    export_job_stalled,
    export_jobs_of,
    stats_registers,
)
from reports.services import export_job_retry, export_run
from reports.stats_sections import stats_sections_for
from workflow.forms import CampaignPickerForm


def _respond(request: AuthenticatedHttpRequest, result: ExportFile | ExportJob) -> HttpResponse:
    if isinstance(result, ExportJob):
        return redirect("reports:job", job_id=result.pk)
    return download_response(
        result.content, content_type=result.content_type, filename=result.filename
    )


@login_required
@require_GET
def register_export(request: AuthenticatedHttpRequest, register_id: int, fmt: str) -> HttpResponse:
    """Annex 1 / Annex 2 / the self-check form of one register, as PDF or xlsx; or the full
    register (every field, one row per entry) as xlsx."""
    register = register_for_user(user=request.user, register_id=register_id)
    kinds = {
        "pdf": ExportKind.ANNEX_PDF,
        "xlsx": ExportKind.ANNEX_XLSX,
        "full.xlsx": ExportKind.FULL_XLSX,
    }
    if fmt not in kinds:
        raise Http404
    result = export_run(kind=kinds[fmt], params={"register": register.pk}, actor=request.user)
    return _respond(request, result)


def _campaign(request: AuthenticatedHttpRequest, campaign_id: int) -> Campaign:
    return get_object_or_404(campaigns_visible_to(request.user), pk=campaign_id)


@login_required
@require_GET
def campaign_annex3(request: AuthenticatedHttpRequest, campaign_id: int, fmt: str) -> HttpResponse:
    """The campaign's work schedule (Annex 3): every signed-in user may read the plan."""
    campaign = _campaign(request, campaign_id)
    kinds = {"pdf": ExportKind.ANNEX3_PDF, "xlsx": ExportKind.ANNEX3_XLSX}
    if fmt not in kinds:
        raise Http404
    result = export_run(kind=kinds[fmt], params={"campaign": campaign.pk}, actor=request.user)
    return _respond(request, result)


@login_required
@require_GET
def campaign_workbook(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    campaign = _campaign(request, campaign_id)
    if not can_export_campaign(request.user):
        raise PermissionDenied
    result = export_run(
        kind=ExportKind.WORKBOOK_XLSX,
        params={"campaign": campaign.pk},
        actor=request.user,
    )
    return _respond(request, result)


@login_required
@require_GET
def campaign_exports(request: AuthenticatedHttpRequest, campaign_id: int) -> HttpResponse:
    """The administrators' page: every official table of the campaign, and their export jobs."""
    campaign = _campaign(request, campaign_id)
    if not is_admin(request.user):
        raise PermissionDenied
    # Every register, the post-level self-checks included (their form is a PDF).
    registers = Register.objects.filter(campaign=campaign).select_related(
        "unit", "post", "person", "campaign"
    )
    registers = registers.order_by("unit__order", "unit_id", "level", "post__order", "person__name")
    jobs = export_jobs_of(request.user)[:20]
    return render(
        request,
        "reports/campaign_exports.html",
        {
            "campaign": campaign,
            "picker": CampaignPickerForm(
                campaigns=campaigns_visible_to(request.user), campaign=campaign
            ),
            "registers": registers,
            "jobs": jobs,
        },
    )


@login_required
@require_GET
def exports_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The navigation's entry: the chosen (?campaign=) or the current campaign's exports page."""
    campaign = campaign_from_query(request.GET, campaigns_visible_to(request.user))
    if campaign is None:
        raise Http404
    return redirect("reports:campaign_exports", campaign_id=campaign.pk)


def _stats_context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    if not can_see_stats(request.user):
        raise PermissionDenied
    campaign = campaign_from_query(request.GET, campaigns_visible_to(request.user))
    if campaign is None:
        raise Http404
    registers = stats_registers(user=request.user, campaign=campaign)
    figures = campaign_figures(registers=registers, campaign=campaign)
    campaigns = campaigns_visible_to(request.user).filter(started_at__isnull=False)
    return {
        "campaign": campaign,
        "figures": figures,
        "picker": CampaignPickerForm(campaigns=campaigns, campaign=campaign),
    }


@login_required
@require_GET
def stats(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Progress per unit, counts by category × grade and the high-risk share against the target,
    within the viewer's scope. The chart data goes to static/js/stats.js through json_script."""
    context = _stats_context(request)
    figures = context["figures"]
    grades = [figures.grade_labels[grade] for grade in (1, 2, 3)]
    context["chart"] = {
        "units": [
            f"{line.register.unit.short_name or line.register.unit.name}"
            for line in figures.registers
        ],
        "shares": [line.share for line in figures.registers],
        "target": figures.campaign.high_share_target,
        "categories": [name for name, _cells, _total in figures.matrix_rows()],
        "grades": grades,
        "matrix": [cells for _name, cells, _total in figures.matrix_rows()],
        "states": [[label, count] for _value, label, count in figures.states],
    }
    # Sections of the apps above reports (oversight's warnings and rectification per unit).
    context["stats_sections"] = stats_sections_for(request.user, year=context["campaign"].year)
    return render(request, "reports/stats.html", context)


@login_required
@require_GET
def stats_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = _stats_context(request)
    result = export_run(
        kind=ExportKind.STATS_XLSX,
        params={"campaign": context["campaign"].pk},
        actor=request.user,
        figures=context["figures"],
    )
    return _respond(request, result)


def _own_job(request: AuthenticatedHttpRequest, job_id: int) -> ExportJob:
    """Only the owner sees a job (anyone else: 404), and not after it expired."""
    return get_object_or_404(export_jobs_of(request.user), pk=job_id)


@login_required
@require_GET
def my_jobs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """我的导出: the user's own export jobs, whoever he is (a filler exporting his register
    included); the administrators' exports page is not for him."""
    jobs = export_jobs_of(request.user)[:50]
    return render(request, "reports/my_jobs.html", {"jobs": jobs})


def _job_context(export_job: ExportJob) -> dict[str, Any]:
    stalled = export_job_stalled(export_job)
    return {
        "job": export_job,
        "stalled": stalled,
        "polling": export_job.state in (ExportState.PENDING, ExportState.RUNNING),
        # While the worker is presumed dead nothing changes until the sweep: poll gently.
        "poll_seconds": 5 if stalled else 1,
        "retry_within": settings.EXPORT_JOB_LEASE_SECONDS + settings.EXPORT_JOB_SWEEP_SECONDS,
    }


@login_required
@require_GET
def job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    context = _job_context(_own_job(request, job_id))
    if request.htmx:
        return render(request, "reports/partials/_job_status.html", context)
    return render(request, "reports/job.html", context)


@login_required
@require_POST
def job_retry(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """重试: the owner queues a failed job again."""
    export_job = _own_job(request, job_id)
    try:
        export_job_retry(job=export_job, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已重新提交导出任务。"))
    return redirect("reports:job", job_id=export_job.pk)


@login_required
@require_GET
def job_download(request: AuthenticatedHttpRequest, job_id: int) -> FileResponse:
    export_job = _own_job(request, job_id)
    if not export_job.file:
        raise Http404
    return FileResponse(
        export_job.file.open("rb"), as_attachment=True, filename=export_job.filename
    )
