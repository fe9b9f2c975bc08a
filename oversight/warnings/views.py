"""Views of leads (廉情信息) and warnings (廉情预警): thin. Whoever is outside a lead's or a
warning's circle gets a 404 from every URL of it (selectors.lead_for / warning_for); inside it, a
step he has no right to is a 403; a refused or stale step is a message."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orgs.http import AuthenticatedHttpRequest, download_response
from orgs.models import Unit
from oversight.attachments import attachments_of
from oversight.choices import LeadDecision, WarningLevel, WarningState
from oversight.models import Lead, Warning
from oversight.warnings import leads as lead_services
from oversight.warnings import services
from oversight.warnings.forms import (
    AnswerForm,
    DismissForm,
    LeadFilterForm,
    LeadForm,
    NoteForm,
    RectifyForm,
    WarningFilterForm,
    WarningForm,
)
from oversight.warnings.permissions import (
    DELIVERED_STATES,
    can_answer,
    can_edit_warning_attachments,
    is_committee,
    is_party_group,
)
from oversight.warnings.selectors import (
    LeadFilters,
    lead_for,
    lead_list,
    my_warnings,
    notice_context,
    warning_for,
    warning_history,
    warning_register,
    warning_url,
)
from registers.exceptions import DomainError
from reports.pdf import write_pdf

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _committee_only(request: AuthenticatedHttpRequest) -> None:
    """Leads are the committee's: to anyone else their pages do not exist."""
    if not is_committee(request.user):
        raise Http404


def _warning_circle(request: AuthenticatedHttpRequest) -> None:
    """The register of warnings is for the committee and the party group; anyone else gets 404."""
    if not (is_committee(request.user) or is_party_group(request.user)):
        raise Http404


def _committee_step(request: AuthenticatedHttpRequest) -> None:
    """A committee's step: the party group, who sees warnings, is refused (403); anyone else
    does not see them (404)."""
    if is_committee(request.user):
        return
    if is_party_group(request.user):
        raise PermissionDenied
    raise Http404


# --- leads ----------------------------------------------------------------------------------


@login_required
@require_GET
def lead_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _committee_only(request)
    # Supervision opinions that have no lead yet (sent before this area was connected) come in.
    lead_services.leads_import_feedback()
    form = LeadFilterForm(request.GET or None)
    filters = LeadFilters()
    if form.is_bound and form.is_valid():
        filters = LeadFilters(
            source=form.cleaned_data["source"], decision=form.cleaned_data["decision"]
        )
    leads, counts = lead_list(user=request.user, filters=filters)
    lead_services.lead_list_record(actor=request.user, shown=len(leads))
    decisions = [(value, label, counts.get(value, 0)) for value, label in LeadDecision.choices]
    return render(
        request,
        "oversight/leads/list.html",
        {"leads": leads, "form": form, "decisions": decisions, "total": sum(counts.values())},
    )


def _initial_unit(request: AuthenticatedHttpRequest, default: Unit | None = None) -> Unit | None:
    """The unit the entries list is for when the unit select changes (an htmx GET with it)."""
    raw = request.GET.get("subject_unit", "")
    if raw.isdecimal():
        return Unit.objects.filter(pk=int(raw)).first()
    return default


@login_required
@require_http_methods(["GET", "POST"])
def lead_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _committee_only(request)
    unit = _initial_unit(request)
    form = LeadForm(
        request.POST or None,
        initial={"received_on": timezone.localdate(), "subject_unit": unit},
        initial_unit=unit,
        refresh_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        try:
            lead = lead_services.lead_create(actor=request.user, data=form.to_data())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("廉情信息已登记。"))
            return redirect("oversight:lead_detail", pk=lead.pk)
    return render(request, "oversight/leads/form.html", {"form": form, "lead": None})


@login_required
@require_GET
def lead_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _committee_only(request)
    lead = lead_for(user=request.user, pk=pk)
    lead_services.lead_record_view(lead=lead, actor=request.user)
    return _render_lead(request, lead)


def _render_lead(
    request: AuthenticatedHttpRequest,
    lead: Lead,
    *,
    dismiss_form: DismissForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "lead": lead,
        "entries": lead.entries.select_related("register__unit", "register__post"),
        "warnings": lead.warnings.select_related("subject_unit", "subject_user"),
        "rectifications": lead.rectifications.select_related("unit", "owner"),
        "dismiss_form": dismiss_form or DismissForm(),
        "pending": lead.decision == LeadDecision.PENDING,
    }
    return render(request, "oversight/leads/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _committee_only(request)
    lead = lead_for(user=request.user, pk=pk)
    if lead.decision != LeadDecision.PENDING:
        messages.error(request, _("该廉情信息已研判,不能再修改。"))
        return redirect("oversight:lead_detail", pk=lead.pk)
    unit = _initial_unit(request, lead.subject_unit)
    form = LeadForm(
        request.POST or None,
        initial={
            "source": lead.source,
            "summary": lead.summary,
            "received_on": lead.received_on,
            "subject_unit": unit,
            "subject_user": lead.subject_user,
            "entries": list(lead.entries.all()),
        },
        initial_unit=unit,
        from_feedback=lead.feedback_id is not None,
        refresh_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        try:
            lead_services.lead_update(lead=lead, actor=request.user, data=form.to_data())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("廉情信息已保存。"))
            return redirect("oversight:lead_detail", pk=lead.pk)
    return render(request, "oversight/leads/form.html", {"form": form, "lead": lead})


@login_required
@require_POST
def lead_dismiss_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _committee_only(request)
    lead = lead_for(user=request.user, pk=pk)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            lead_services.lead_dismiss(
                lead=lead, actor=request.user, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("已研判为不予处理。"))
            return redirect("oversight:lead_detail", pk=lead.pk)
    return _render_lead(request, lead, dismiss_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def lead_rectify_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _committee_only(request)
    lead = lead_for(user=request.user, pk=pk)
    if lead.decision != LeadDecision.PENDING:
        messages.error(request, _("该廉情信息已研判,不能再列入整改。"))
        return redirect("oversight:lead_detail", pk=lead.pk)
    owner = lead.subject_user or (lead.subject_unit.head if lead.subject_unit else None)
    form = RectifyForm(
        request.POST or None,
        lead=lead,
        initial={
            "problem": lead.summary,
            "unit": lead.subject_unit,
            "owner": owner,
            "entry": lead.entries.first(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            rectification = lead_services.lead_rectify(
                lead=lead, actor=request.user, data=form.to_data(), note=form.cleaned_data["note"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("已列入整改。"))
            return redirect("oversight:rectification_detail", pk=rectification.pk)
    return render(request, "oversight/leads/rectify.html", {"form": form, "lead": lead})


# --- warnings -------------------------------------------------------------------------------


@login_required
@require_GET
def warning_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """预警台账."""
    _warning_circle(request)
    form = WarningFilterForm(request.GET or None)
    register = warning_register(user=request.user, filters=form.filters())
    services.warning_list_record(actor=request.user, shown=len(register.warnings))
    return render(
        request,
        "oversight/warnings/list.html",
        {"form": form, "register": register, "can_create": is_committee(request.user)},
    )


@login_required
@require_GET
def my_warnings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """我的预警: the warnings addressed to the user (or to the department he heads)."""
    warnings = list(my_warnings(request.user))
    services.warning_list_record(actor=request.user, shown=len(warnings))
    owed = {
        warning.pk
        for warning in warnings
        if warning.state == WarningState.ISSUED and can_answer(request.user, warning)
    }
    return render(request, "oversight/warnings/mine.html", {"warnings": warnings, "owed": owed})


def _render_form(
    request: AuthenticatedHttpRequest,
    form: WarningForm,
    *,
    warning: Warning | None,
    lead: Lead | None,
) -> HttpResponse:
    return render(
        request,
        "oversight/warnings/form.html",
        {"form": form, "warning": warning, "lead": lead, "levels": form.level_choices()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def warning_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee drafts a warning; ?lead=<pk> starts it from a lead (研判: 启动预警)."""
    _committee_step(request)
    lead = None
    lead_id = request.GET.get("lead", "")
    if lead_id:
        if not lead_id.isdecimal():
            raise Http404
        lead = lead_for(user=request.user, pk=int(lead_id))
    unit = _initial_unit(request, lead.subject_unit if lead else None)
    initial: dict[str, object] = {"subject_unit": unit, "level": WarningLevel.GENERAL}
    if lead is not None:
        initial.update(
            facts=lead.summary,
            subject_user=lead.subject_user,
            entries=list(lead.entries.all()),
        )
    refresh_url = request.path + (f"?lead={lead.pk}" if lead else "")
    form = WarningForm(
        request.POST or None, initial=initial, initial_unit=unit, refresh_url=refresh_url
    )
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.warning_create(actor=request.user, data=form.to_data(), lead=lead)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("预警已起草,核对后请报请党委批准。"))
            return redirect(warning_url(warning))
    return _render_form(request, form, warning=None, lead=lead)


@login_required
@require_http_methods(["GET", "POST"])
def warning_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    warning = warning_for(user=request.user, pk=pk)
    if not is_committee(request.user):
        raise PermissionDenied
    if warning.state not in (WarningState.DRAFT, WarningState.REJECTED):
        messages.error(request, _("只有拟稿或未批准的预警可以修改。"))
        return redirect(warning_url(warning))
    unit = _initial_unit(request, warning.subject_unit)
    form = WarningForm(
        request.POST or None,
        initial={
            "level": warning.level,
            "disposal": warning.disposal,
            "subject_unit": unit,
            "subject_user": warning.subject_user,
            "facts": warning.facts,
            "requirement": warning.requirement,
            "deadline": warning.deadline,
            "entries": list(warning.entries.all()),
        },
        initial_unit=unit,
        refresh_url=request.path,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_update(warning=warning, actor=request.user, data=form.to_data())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("预警已保存。"))
            return redirect(warning_url(warning))
    return _render_form(request, form, warning=warning, lead=warning.lead)


def _render_detail(
    request: AuthenticatedHttpRequest,
    warning: Warning,
    *,
    answer_form: AnswerForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The warning's page for its reader, with the steps his role may take; each rendering is a
    reading and is audited."""
    user = request.user
    services.warning_record_view(warning=warning, actor=user)
    committee, party = is_committee(user), is_party_group(user)
    state = warning.state
    context = {
        "warning": warning,
        "committee": committee,
        "party": party,
        "entries": warning.entries.select_related("register__unit", "register__post"),
        "history": warning_history(warning),
        "attachments": attachments_of(warning),
        "can_edit_attachments": can_edit_warning_attachments(user, warning),
        "can_edit": committee and state in (WarningState.DRAFT, WarningState.REJECTED),
        "can_submit": committee and state in (WarningState.DRAFT, WarningState.REJECTED),
        "can_decide": party
        and state == WarningState.PENDING_APPROVAL
        and request.user.pk not in (warning.started_by_id, warning.subject_user_id),
        "can_answer": state == WarningState.ISSUED and can_answer(user, warning),
        "can_review": committee
        and state == WarningState.ANSWERED
        and request.user.pk not in (warning.answered_by_id, warning.subject_user_id),
        "has_notice": state in DELIVERED_STATES,
        "answer_form": answer_form or AnswerForm(initial={"answer": warning.answer}),
        "note_form": note_form or NoteForm(),
        "rectifications": warning.rectifications.select_related("unit", "owner")
        if committee
        else [],
    }
    return render(request, "oversight/warnings/detail.html", context, status=status)


@login_required
@require_GET
def warning_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    warning = warning_for(user=request.user, pk=pk)
    return _render_detail(request, warning)


SUCCESS_MESSAGES: dict[str, "StrOrPromise"] = {
    "submit": gettext_lazy("已报请党委批准。"),
    "approve": gettext_lazy("已批准,预警已下达。"),
    "reject": gettext_lazy("已退回纪委(未批准)。"),
    "answer": gettext_lazy("整改情况已报告纪委。"),
    "return": gettext_lazy("整改报告已退回。"),
    "close": gettext_lazy("预警已销号。"),
}


@login_required
@require_POST
def warning_act_view(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the procedure. A refused or stale step comes back as the page with the
    message (and what was typed kept)."""
    warning = warning_for(user=request.user, pk=pk)
    user = request.user
    # The services check the notes and the report; the forms only carry them back on refusal.
    note = request.POST.get("note", "")
    note_form = NoteForm(initial={"note": note})
    answer_form = AnswerForm(initial={"answer": request.POST.get("answer", "")})
    try:
        if action == "submit":
            services.warning_submit(warning=warning, actor=user)
        elif action == "approve":
            services.warning_approve(warning=warning, actor=user, note=note)
        elif action == "reject":
            services.warning_reject(warning=warning, actor=user, note=note)
        elif action == "return":
            services.warning_return(warning=warning, actor=user, note=note)
        elif action == "close":
            services.warning_close(warning=warning, actor=user, note=note)
        elif action == "answer":
            services.warning_answer(
                warning=warning, actor=user, report=request.POST.get("answer", "")
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
        warning.refresh_from_db()
        return _render_detail(
            request,
            warning,
            answer_form=answer_form if action == "answer" else None,
            note_form=note_form,
            status=409 if isinstance(error, services.StaleWarning) else 400,
        )
    messages.success(request, SUCCESS_MESSAGES[action])
    return redirect(warning_url(warning))


@login_required
@require_GET
def warning_pdf_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """预警通知书, once the warning is issued; every download is audited."""
    warning = warning_for(user=request.user, pk=pk)
    if warning.state not in DELIVERED_STATES:
        raise Http404
    html = render_to_string("oversight/warnings/pdf/notice.html", notice_context(warning))
    content = write_pdf(html)
    services.warning_record_view(warning=warning, actor=request.user, pdf=True)
    filename = _("廉情预警通知书-%(number)s.pdf") % {"number": warning.number or warning.pk}
    return download_response(content, content_type="application/pdf", filename=filename)
