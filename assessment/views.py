"""Pages of the quarterly assessment (季度廉政考核). Thin views on the selectors and services: an
assessment the user may not see is a 404, a right he lacks a 403, a refused step a message."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import services
from assessment.forms import (
    DeadlineForm,
    GradeScaleForm,
    IndicatorForm,
    PeriodOpenForm,
    ScoreForm,
    ScoringFilterForm,
    YearForm,
)
from assessment.models import Indicator
from assessment.permissions import (
    can_configure,
    can_manage_periods,
    can_score,
    can_see_assessment,
    sees_all_results,
)
from assessment.scoring import FORMULA, Thresholds
from assessment.selectors import (
    active_indicators,
    adverse_results,
    all_periods,
    annual_rollup,
    assessment_for,
    assessment_for_scoring,
    current_thresholds,
    grade_scale,
    my_results,
    period_for,
    period_lines,
    period_results,
    scores_of,
    scoring_list,
    system_inputs,
    years_with_results,
)
from assessment.xlsx import annual_xlsx as build_annual_xlsx
from assessment.xlsx import results_xlsx as build_results_xlsx
from audit import actions
from audit.services import audit_record
from orgs.http import AuthenticatedHttpRequest, download_response
from oversight.warnings.services import warning_list_record
from registers.exceptions import DomainError, show_domain_error

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_results(request: AuthenticatedHttpRequest) -> None:
    if not sees_all_results(request.user):
        raise PermissionDenied


# --- Periods --------------------------------------------------------------------------------


@login_required
@require_GET
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """季度廉政考核: every quarter with its progress (the committee and administrators)."""
    _require_results(request)
    return render(
        request,
        "assessment/period_list.html",
        {
            "lines": period_lines(),
            "can_manage": can_manage_periods(request.user),
            "can_configure": can_configure(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_open(request: AuthenticatedHttpRequest) -> HttpResponse:
    """开启季度考核 (the committee): the quarter, and the deadline of its scoring."""
    if not can_manage_periods(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    form = PeriodOpenForm(
        request.POST or None,
        initial={
            "year": today.year,
            "quarter": quarter,
            "deadline": services.default_deadline(today.year, quarter),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_open(
                actor=request.user,
                year=data["year"],
                quarter=data["quarter"],
                deadline=data["deadline"],
                today=today,
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("已开启%(period)s,已通知评分人。") % {"period": period})
            return redirect("assessment:period_detail", pk=period.pk)
    return render(
        request,
        "assessment/period_open.html",
        {"form": form, "indicators": active_indicators()},
    )


def _render_period(
    request: AuthenticatedHttpRequest, pk: int, *, deadline_form: DeadlineForm | None = None
) -> HttpResponse:
    period = period_for(user=request.user, pk=pk)
    results = period_results(period)
    total = sum(len(layer.rows) for layer in results)
    unscored = sum(layer.counts.get("", 0) for layer in results)
    manage = can_manage_periods(request.user) and period.is_open
    return render(
        request,
        "assessment/period_detail.html",
        {
            "period": period,
            "results": results,
            "total": total,
            "unscored": unscored,
            "can_manage": manage,
            "deadline_form": (deadline_form or DeadlineForm(initial={"deadline": period.deadline}))
            if manage
            else None,
        },
    )


@login_required
@require_GET
def period_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A quarter's results by layer: the 通报 list, its progress while it is open."""
    return _render_period(request, pk)


@login_required
@require_POST
def period_deadline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = period_for(user=request.user, pk=pk)
    if not can_manage_periods(request.user):
        raise PermissionDenied
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.period_set_deadline(
                period=period, actor=request.user, deadline=form.cleaned_data["deadline"]
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("评分截止日期已修改。"))
            return redirect("assessment:period_detail", pk=period.pk)
    if not period.is_open:
        return redirect("assessment:period_detail", pk=period.pk)
    return _render_period(request, pk, deadline_form=form)


@login_required
@require_POST
def period_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = period_for(user=request.user, pk=pk)
    if not can_manage_periods(request.user):
        raise PermissionDenied
    try:
        services.period_close(period=period, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(period)s已结束,结果已公布。") % {"period": period})
    return redirect("assessment:period_detail", pk=period.pk)


@login_required
@require_GET
def period_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """下载通报Excel: the quarter's results by layer, and the count of each grade; audited."""
    period = period_for(user=request.user, pk=pk)
    results = period_results(period)
    with transaction.atomic():
        audit_record(
            action=actions.ASSESSMENT_PERIOD_EXPORT_XLSX,
            actor=request.user,
            obj=period,
            data={"people": sum(len(layer.rows) for layer in results)},
        )
    content = build_results_xlsx(period=period, results=results)
    filename = _("%(period)s结果通报.xlsx") % {"period": period}
    return download_response(content, content_type=XLSX, filename=filename)


# --- Scoring --------------------------------------------------------------------------------


@login_required
@require_GET
def scoring(request: AuthenticatedHttpRequest) -> HttpResponse:
    """廉政考核评分: the people the user scores by his authority; by default those still to
    score."""
    params = request.GET.copy()
    params.setdefault("state", "todo")
    form = ScoringFilterForm(params, periods=all_periods())
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {"state": "todo"}
    rows = scoring_list(
        user=request.user,
        period=data.get("period"),
        state=data.get("state") or "all",
        layer=data.get("layer") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/scoring.html", {"form": form, "page": page})


def _initial_scores(assessment: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"note": assessment.note}
    for score in assessment.scores.all():
        initial[ScoreForm.key(score.indicator_id)] = score.value
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The scoring form, with what the system itself knows of the person beside it. Only an
    assessor by authority, while the quarter is open: a 403 for anybody else."""
    assessment = assessment_for_scoring(pk=pk)
    if not can_score(request.user, assessment):
        # Outside the results one may see, the assessment does not exist for him.
        if not can_see_assessment(request.user, assessment):
            raise Http404
        raise PermissionDenied
    indicators = active_indicators()
    form = ScoreForm(
        request.POST or None, indicators=indicators, initial=_initial_scores(assessment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_score(
                assessment=assessment,
                actor=request.user,
                values=form.values(),
                note=form.cleaned_data.get("note") or "",
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(
                request,
                _("已保存对%(person)s的评分。") % {"person": assessment.person},
            )
            return redirect("assessment:scoring")
    today = timezone.localdate()
    scale = current_thresholds()
    inputs = system_inputs(assessment=assessment, viewer=request.user, today=today)
    if inputs.warnings:
        # The person's warnings shown beside the form are a reading of confidential records.
        warning_list_record(actor=request.user, shown=len(inputs.warnings))
    return render(
        request,
        "assessment/score.html",
        {
            "a": assessment,
            "form": form,
            "inputs": inputs,
            "formula": FORMULA,
            "scale": scale,
        },
    )


@login_required
@require_GET
def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One result: its scores, total, grade and 评语."""
    assessment = assessment_for(user=request.user, pk=pk)
    return render(
        request,
        "assessment/detail.html",
        {
            "a": assessment,
            "scores": scores_of(assessment),
            "can_score": can_score(request.user, assessment),
            "formula": FORMULA,
        },
    )


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """我的廉政考核: the user's own results, once their quarter is closed."""
    return render(request, "assessment/mine.html", {"rows": my_results(request.user)})


# --- Roll-up and 不良 results ---------------------------------------------------------------


def _year_of(request: AuthenticatedHttpRequest) -> tuple[int, YearForm]:
    years = sorted(set(years_with_results()) | {timezone.localdate().year}, reverse=True)
    form = YearForm(request.GET or None, years=years)
    if form.is_valid():
        return form.cleaned_data["year"], form
    default = years_with_results()[:1] or [timezone.localdate().year]
    return default[0], YearForm(initial={"year": default[0]}, years=years)


@login_required
@require_GET
def annual(request: AuthenticatedHttpRequest) -> HttpResponse:
    """年度廉政考核汇总: each person's four quarters, their average and the year's grade."""
    _require_results(request)
    year, form = _year_of(request)
    lines = annual_rollup(year=year, thresholds=current_thresholds())
    return render(request, "assessment/annual.html", {"year": year, "form": form, "lines": lines})


@login_required
@require_GET
def annual_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """下载Excel of the year's roll-up (?year=, by default the page's default year); audited."""
    _require_results(request)
    if "year" in request.GET:
        try:
            year = int(request.GET["year"])
        except ValueError:
            raise Http404 from None
        if not 2000 <= year <= 2100:
            raise Http404
    else:
        year, _form = _year_of(request)
    lines = annual_rollup(year=year, thresholds=current_thresholds())
    with transaction.atomic():
        audit_record(
            action=actions.ASSESSMENT_EXPORT_ANNUAL,
            actor=request.user,
            data={"year": year, "people": len(lines)},
        )
    content = build_annual_xlsx(year=year, lines=lines)
    filename = _("%(year)s年度廉政考核汇总.xlsx") % {"year": year}
    return download_response(content, content_type=XLSX, filename=filename)


@login_required
@require_GET
def adverse(request: AuthenticatedHttpRequest) -> HttpResponse:
    """考核结果“不良”: every 不良 result, for the committee (and administrators)."""
    _require_results(request)
    page = Paginator(adverse_results(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/adverse.html", {"page": page})


# --- Indicators and thresholds --------------------------------------------------------------


def _require_configure(request: AuthenticatedHttpRequest) -> None:
    if not can_configure(request.user):
        raise PermissionDenied


def _render_indicators(
    request: AuthenticatedHttpRequest, *, scale_form: GradeScaleForm | None = None
) -> HttpResponse:
    indicators = list(Indicator.objects.order_by("order", "id"))
    scale = grade_scale()
    return render(
        request,
        "assessment/indicators.html",
        {
            "indicators": indicators,
            "weight_total": sum(i.weight for i in indicators if i.active),
            "scale_form": scale_form
            or GradeScaleForm(
                initial={
                    "good_from": scale.good_from,
                    "fine_from": scale.fine_from,
                    "fair_from": scale.fair_from,
                }
            ),
            "formula": FORMULA,
        },
    )


@login_required
@require_GET
def indicators(request: AuthenticatedHttpRequest) -> HttpResponse:
    """考核指标设置: the indicators, their weights and ranges, the grade thresholds."""
    _require_configure(request)
    return _render_indicators(request)


@login_required
@require_POST
def indicators_seed(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_configure(request)
    created = services.indicators_seed_defaults(actor=request.user)
    if created:
        messages.success(request, _("已载入文件规定的四项考核方式。"))
    return redirect("assessment:indicators")


def _indicator_form_page(
    request: AuthenticatedHttpRequest, indicator: Indicator | None
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if indicator is not None:
        initial = {
            "name": indicator.name,
            "description": indicator.description,
            "weight": indicator.weight,
            "min_score": indicator.min_score,
            "max_score": indicator.max_score,
            "order": indicator.order,
            "active": indicator.active,
        }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.IndicatorData(
            name=d["name"],
            description=d.get("description") or "",
            weight=d["weight"],
            min_score=Decimal(d["min_score"]),
            max_score=Decimal(d["max_score"]),
            order=d.get("order") or 0,
            active=bool(d.get("active")),
        )
        try:
            if indicator is None:
                services.indicator_create(actor=request.user, data=data)
            else:
                services.indicator_update(indicator=indicator, actor=request.user, data=data)
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("考核指标已保存。"))
            return redirect("assessment:indicators")
    return render(request, "assessment/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_configure(request)
    return _indicator_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_configure(request)
    return _indicator_form_page(request, get_object_or_404(Indicator, pk=pk))


@login_required
@require_POST
def grade_scale_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_configure(request)
    form = GradeScaleForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.grade_scale_update(
                actor=request.user,
                thresholds=Thresholds(
                    good_from=d["good_from"], fine_from=d["fine_from"], fair_from=d["fair_from"]
                ),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("等级分数线已保存。"))
            return redirect("assessment:indicators")
    return _render_indicators(request, scale_form=form)
