"""回头看 pages: the committee's rounds (list, open, progress, close, summary exports), a unit's
answer to the three questions with its findings, the committee's rating, and turning a finding
into a new entry or a rectification item.

Thin views on the selectors and services: what the user may not see is a 404, a right he lacks a
403, a refused move a message."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import actions
from audit.services import audit_record
from orgs.http import AuthenticatedHttpRequest, download_response
from orgs.models import User
from orgs.permissions import sees_everything
from registers.exceptions import DomainError, show_domain_error
from registers.grading import grade_propose
from registers.models import Campaign
from registers.selectors import current_campaign
from registers.services import responsible_leader_propose
from reviews import services
from reviews.choices import QUESTIONS, AnswerState, FindingOutcome, RoundState
from reviews.exports import summary_pdf, summary_xlsx
from reviews.forms import (
    AnswerForm,
    CampaignFilterForm,
    CloseForm,
    FindingForm,
    NewEntryForm,
    RateForm,
    RectificationForm,
    RoundForm,
)
from reviews.models import ReviewAnswer, ReviewFinding, ReviewRound
from reviews.permissions import (
    can_edit_answer,
    can_export,
    can_make_entry,
    can_make_rectification,
    can_manage_rounds,
    can_rate,
)
from reviews.selectors import (
    answer_for_user,
    answers_visible_to,
    finding_for_user,
    findings_of,
    is_late,
    round_for_user,
    round_progress,
    round_summary,
    rounds_visible_to,
    rounds_with_progress,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Rounds ---------------------------------------------------------------------------------


@login_required
@require_GET
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """回头看: the rounds the user may see (?campaign= one campaign's); for the committee with
    how far each has got, for a unit with its own answers."""
    user = request.user
    rounds = rounds_visible_to(user)
    campaigns = Campaign.objects.filter(pk__in=rounds.values("campaign_id")).order_by(
        "-year", "-id"
    )
    picker = CampaignFilterForm(request.GET or None, campaigns=campaigns)
    campaign = picker.cleaned_data["campaign"] if picker.is_valid() else None
    if campaign is not None:
        rounds = rounds.filter(campaign=campaign)
    overview = sees_everything(user)
    shown = list(rounds_with_progress(rounds) if overview else rounds)
    my_answers = []
    if not overview:
        my_answers = list(
            answers_visible_to(user)
            .filter(round__in=shown)
            .order_by("-round__opened_at", "pk")[:200]
        )
    return render(
        request,
        "reviews/round_list.html",
        {
            "rounds": shown,
            "picker": picker,
            "overview": overview,
            "my_answers": [(a, is_late(a)) for a in my_answers],
            "can_open": can_manage_rounds(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """发起回头看: the committee, for a started campaign."""
    if not can_manage_rounds(request.user):
        raise PermissionDenied
    campaigns = Campaign.objects.filter(started_at__isnull=False).order_by("-year", "-id")
    current = current_campaign()
    initial = {}
    if current is not None:
        initial = {
            "campaign": current.pk,
            "title": _("%(year)s年度廉政风险防控“回头看”") % {"year": current.year},
        }
    form = RoundForm(request.POST or None, campaigns=campaigns, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review_round = services.round_open(
                campaign=data["campaign"],
                title=data["title"],
                deadline=data["deadline"],
                instructions=data["instructions"],
                actor=request.user,
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("回头看已发起,已通知各单位答复。"))
            return redirect("reviews:round_detail", pk=review_round.pk)
    elif request.method == "POST":
        messages.error(request, _("请改正标出的错误。"))
    return render(request, "reviews/round_form.html", {"form": form})


def _render_round(
    request: AuthenticatedHttpRequest,
    review_round: ReviewRound,
    *,
    edit_form: RoundForm | None = None,
    close_form: CloseForm | None = None,
) -> HttpResponse:
    manages = can_manage_rounds(request.user) and review_round.state == RoundState.OPEN
    if manages and edit_form is None:
        edit_form = RoundForm(
            initial={
                "title": review_round.title,
                "deadline": review_round.deadline,
                "instructions": review_round.instructions,
            }
        )
    return render(
        request,
        "reviews/round_detail.html",
        {
            "round": review_round,
            "progress": round_progress(review_round=review_round, user=request.user),
            "overview": sees_everything(request.user),
            "can_export": can_export(request.user),
            "edit_form": edit_form if manages else None,
            "close_form": (close_form or CloseForm()) if manages else None,
        },
    )


@login_required
@require_GET
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_round(request, round_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def round_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review_round = round_for_user(user=request.user, pk=pk)
    if not can_manage_rounds(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.round_update(
                review_round=review_round,
                actor=request.user,
                title=data["title"],
                deadline=data["deadline"],
                instructions=data["instructions"],
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("reviews:round_detail", pk=review_round.pk)
    if review_round.state != RoundState.OPEN:
        messages.error(request, _("该轮回头看已结束。"))
        return redirect("reviews:round_detail", pk=review_round.pk)
    return _render_round(request, review_round, edit_form=form)


@login_required
@require_POST
def round_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review_round = round_for_user(user=request.user, pk=pk)
    if not can_manage_rounds(request.user):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.round_close(
                review_round=review_round,
                actor=request.user,
                conclusion=form.cleaned_data["conclusion"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("reviews:round_detail", pk=review_round.pk)
        messages.success(request, _("本轮回头看已结束。"))
        return redirect("reviews:round_detail", pk=review_round.pk)
    if review_round.state != RoundState.OPEN:
        return redirect("reviews:round_detail", pk=review_round.pk)
    return _render_round(request, review_round, close_form=form)


def _export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    review_round = round_for_user(user=request.user, pk=pk)
    if not can_export(request.user):
        raise PermissionDenied
    summary = round_summary(review_round=review_round, user=request.user)
    with transaction.atomic():
        audit_record(
            action=actions.REVIEW_ROUND_EXPORT_PDF
            if fmt == "pdf"
            else actions.REVIEW_ROUND_EXPORT_XLSX,
            actor=request.user,
            obj=review_round,
            data={"answers": len(summary.answers)},
        )
    name = _("回头看汇总-%(title)s") % {"title": review_round.title}
    if fmt == "pdf":
        pdf = summary_pdf(summary)
        return download_response(pdf, content_type="application/pdf", filename=f"{name}.pdf")
    return download_response(summary_xlsx(summary), content_type=XLSX, filename=f"{name}.xlsx")


@login_required
@require_GET
def round_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The round's summary as a PDF: every unit's answer, rating and findings (audited)."""
    return _export(request, pk, "pdf")


@login_required
@require_GET
def round_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same summary as a workbook: the answers and the findings, a sheet each (audited)."""
    return _export(request, pk, "xlsx")


def _refuse_edit(request: AuthenticatedHttpRequest, answer: ReviewAnswer) -> HttpResponse | None:
    """None when the user may change the answer now; otherwise a message (submitted, or the
    round closed) or a 403 (not his to answer)."""
    if can_edit_answer(request.user, answer):
        return None
    if answer.round.state != RoundState.OPEN or answer.state != AnswerState.DRAFT:
        messages.error(request, _("答复已提交或本轮回头看已结束,不能再修改。"))
        url = reverse("reviews:answer_detail", args=[answer.pk])
        if request.htmx:
            # The whole page is out of date: htmx loads it again rather than swapping a part.
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)
    raise PermissionDenied


# --- Answers --------------------------------------------------------------------------------


def _findings_context(
    user: User, answer: ReviewAnswer, finding_form: FindingForm | None = None
) -> dict[str, object]:
    """What the findings partial shows: each finding with what the user may make of it, and
    the form that adds one while the answer is his to edit."""
    editable = can_edit_answer(user, answer)
    if editable and finding_form is None:
        finding_form = FindingForm(register=answer.register)
    findings = findings_of(answer)
    for finding in findings:
        finding.answer = answer
    return {
        "answer": answer,
        "register": answer.register,
        "editable": editable,
        "finding_form": finding_form if editable else None,
        "findings": [
            (finding, can_make_entry(user, finding), can_make_rectification(user, finding))
            for finding in findings
        ],
    }


def _render_findings(
    request: AuthenticatedHttpRequest, answer: ReviewAnswer, **kw: Any
) -> HttpResponse:
    return render(
        request, "reviews/partials/_findings.html", _findings_context(request.user, answer, **kw)
    )


def _render_answer(
    request: AuthenticatedHttpRequest,
    answer: ReviewAnswer,
    *,
    answer_form: AnswerForm | None = None,
    finding_form: FindingForm | None = None,
    rate_form: RateForm | None = None,
) -> HttpResponse:
    user = request.user
    editable = can_edit_answer(user, answer)
    if editable and answer_form is None:
        answer_form = AnswerForm(initial={name: getattr(answer, name) for name, _l in QUESTIONS})
    rates = can_rate(user, answer)
    if rates and rate_form is None:
        rate_form = RateForm(
            initial={"rating": answer.rating, "committee_conclusion": answer.committee_conclusion}
        )
    return render(
        request,
        "reviews/answer_detail.html",
        {
            **_findings_context(user, answer, finding_form),
            "round": answer.round,
            "questions": [(label, getattr(answer, name)) for name, label in QUESTIONS],
            "late": is_late(answer),
            "answer_form": answer_form if editable else None,
            "rate_form": rate_form if rates else None,
        },
    )


@login_required
@require_GET
def answer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_answer(request, answer_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def answer_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """保存 the draft, or 提交 it to the committee (a `submit` field sent by that button)."""
    answer = answer_for_user(user=request.user, pk=pk)
    refused = _refuse_edit(request, answer)
    if refused is not None:
        return refused
    form = AnswerForm(request.POST)
    if form.is_valid():
        texts = {name: form.cleaned_data[name] for name, _l in QUESTIONS}
        submit = "submit" in request.POST
        try:
            if submit:
                services.answer_submit(
                    answer=answer,
                    actor=request.user,
                    q1=texts["q1_missing_risks"],
                    q2=texts["q2_measures_in_place"],
                    q3=texts["q3_effects_shown"],
                )
            else:
                services.answer_save(
                    answer=answer,
                    actor=request.user,
                    q1=texts["q1_missing_risks"],
                    q2=texts["q2_measures_in_place"],
                    q3=texts["q3_effects_shown"],
                )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("答复已提交纪委。") if submit else _("已保存。"))
            return redirect("reviews:answer_detail", pk=answer.pk)
    return _render_answer(request, answer, answer_form=form)


@login_required
@require_POST
def answer_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = answer_for_user(user=request.user, pk=pk)
    if not can_manage_rounds(request.user):
        raise PermissionDenied
    if not can_rate(request.user, answer):
        messages.error(request, _("该答复当前不能评定。"))
        return redirect("reviews:answer_detail", pk=answer.pk)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.answer_rate(
                answer=answer,
                actor=request.user,
                rating=form.cleaned_data["rating"],
                conclusion=form.cleaned_data["committee_conclusion"],
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("已评定。"))
            return redirect("reviews:answer_detail", pk=answer.pk)
    return _render_answer(request, answer, rate_form=form)


# --- Findings -------------------------------------------------------------------------------


@login_required
@require_POST
def finding_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = answer_for_user(user=request.user, pk=pk)
    refused = _refuse_edit(request, answer)
    if refused is not None:
        return refused
    form = FindingForm(request.POST, register=answer.register)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.finding_add(
                answer=answer,
                actor=request.user,
                kind=data["kind"],
                text=data["text"],
                entry=data["entry"],
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            if request.htmx:
                return _render_findings(request, answer)
            messages.success(request, _("已添加发现的问题。"))
            return redirect("reviews:answer_detail", pk=answer.pk)
    if request.htmx:
        return _render_findings(request, answer, finding_form=form)
    return _render_answer(request, answer, finding_form=form)


@login_required
@require_POST
def finding_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    finding = finding_for_user(user=request.user, pk=pk)
    answer = finding.answer
    refused = _refuse_edit(request, answer)
    if refused is not None:
        return refused
    try:
        services.finding_delete(finding=finding, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if request.htmx:
            return _render_findings(request, answer)
        messages.success(request, _("已删除。"))
    return redirect("reviews:answer_detail", pk=answer.pk)


def _finding_page(
    request: AuthenticatedHttpRequest, finding: ReviewFinding, template: str, form: forms.Form
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "finding": finding,
            "answer": finding.answer,
            "register": finding.answer.register,
            "form": form,
            "refusal": services.entry_refusal(finding.answer.register),
        },
    )


def _decided_elsewhere(request: AuthenticatedHttpRequest, finding: ReviewFinding) -> HttpResponse:
    messages.error(request, _("该问题已处理,或答复尚未提交。"))
    return redirect("reviews:answer_detail", pk=finding.answer_id)


@login_required
@require_http_methods(["GET", "POST"])
def finding_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """补入清单: the finding as a new entry of the register (a published one gets a new
    version first)."""
    finding = finding_for_user(user=request.user, pk=pk)
    if not can_make_entry(request.user, finding):
        if finding.outcome != FindingOutcome.PENDING or finding.answer.state == AnswerState.DRAFT:
            return _decided_elsewhere(request, finding)
        raise PermissionDenied
    register = finding.answer.register
    initial: dict[str, object] = {"risk": finding.text}
    if finding.entry is not None:
        initial["category"] = finding.entry.category_id
    form = NewEntryForm(request.POST or None, register=register, initial=initial)
    if request.method == "POST" and form.is_valid():
        grade = grade_propose(
            likelihood=form.cleaned_data["likelihood"], impact=form.cleaned_data["impact"]
        )
        leader = responsible_leader_propose(register=register, grade=grade)
        try:
            services.finding_to_entry(
                finding=finding, actor=request.user, data=form.entry_data(leader=leader)
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("已补入清单。"))
            return redirect("reviews:answer_detail", pk=finding.answer_id)
    return _finding_page(request, finding, "reviews/finding_entry.html", form)


@login_required
@require_http_methods(["GET", "POST"])
def finding_rectification(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """列入整改: the finding as a rectification item of the register's unit."""
    finding = finding_for_user(user=request.user, pk=pk)
    if not can_make_rectification(request.user, finding):
        if finding.outcome != FindingOutcome.PENDING or finding.answer.state == AnswerState.DRAFT:
            return _decided_elsewhere(request, finding)
        raise PermissionDenied
    register = finding.answer.register
    owners = User.objects.filter(services.rectification_owners(register)).order_by(
        "unit__order", "name"
    )
    form = RectificationForm(
        request.POST or None,
        owners=owners,
        initial={
            "owner": register.unit.head_id,
            "title": finding.text.splitlines()[0][:60] if finding.text else "",
            "problem": finding.text,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rectification = services.finding_to_rectification(
                finding=finding,
                actor=request.user,
                owner=data["owner"],
                title=data["title"],
                problem=data["problem"],
                steps=data["steps"],
                deadline=data["deadline"],
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(
                request,
                _("已列入整改事项“%(title)s”,已通知整改责任人。") % {"title": rectification.title},
            )
            return redirect("reviews:answer_detail", pk=finding.answer_id)
    return _finding_page(request, finding, "reviews/finding_rectification.html", form)
