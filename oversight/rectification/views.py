"""Rectification pages (整改纠偏), the committee's board (监督看板) and a unit's ledgers (台账).

Thin views on the selectors and services: an item outside the user's circle is a 404, a right
he lacks a 403, a refused move a message."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import actions
from audit.services import audit_record
from orgs.http import AuthenticatedHttpRequest, download_response
from orgs.models import Unit, User
from orgs.permissions import unit_scope
from oversight.attachments import attachments_of
from oversight.choices import RectificationSource, RectificationState
from oversight.models import Lead, Rectification, Warning
from oversight.rectification import services
from oversight.rectification.board import board_for
from oversight.rectification.forms import (
    NoteForm,
    RectificationCreateForm,
    RectificationEditForm,
    SubmitForm,
    UnitPickerForm,
    head_sources,
)
from oversight.rectification.pdf import rectification_pdf as render_pdf
from oversight.rectification.pdf import report_number
from oversight.rectification.permissions import (
    can_change_deadline,
    can_create_any,
    can_edit_evidence,
    can_see_board,
    can_submit,
    can_write_report,
    is_committee,
)
from oversight.rectification.selectors import (
    is_overdue,
    ledger_actions,
    ledger_rectifications,
    ledger_unit_for,
    ledger_units,
    overdue_first,
    rectification_for_user,
    rectification_history,
    rectifications_visible_to,
)
from oversight.rectification.xlsx import ledger_xlsx as build_ledger_xlsx
from oversight.warnings.permissions import can_see_warning
from registers.exceptions import DomainError, show_domain_error
from registers.models import RiskEntry

# --- List -----------------------------------------------------------------------------------

LIST_FILTERS = {
    "open": (RectificationState.OPEN, RectificationState.SUBMITTED),
    "submitted": (RectificationState.SUBMITTED,),
    "closed": (RectificationState.CLOSED,),
}


@login_required
@require_GET
def rectification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """整改事项: the items the user may see; ?mine=1 his own, ?state=open|submitted|closed|all."""
    show = request.GET.get("state", "open")
    mine = request.GET.get("mine") == "1"
    items = rectifications_visible_to(request.user)
    if show in LIST_FILTERS:
        items = items.filter(state__in=LIST_FILTERS[show])
    else:
        show = "all"
    if mine:
        items = items.filter(owner=request.user)
    today = timezone.localdate()
    rows = sorted(items[:500], key=lambda r: overdue_first(r, today))
    return render(
        request,
        "oversight/rectification/list.html",
        {
            "rows": [(item, is_overdue(item, today)) for item in rows],
            "show": show,
            "mine": mine,
            "can_create": can_create_any(request.user),
        },
    )


# --- Create ---------------------------------------------------------------------------------


def _int_param(request: AuthenticatedHttpRequest, name: str) -> int | None:
    # From the query string only (the form posts back to its own URL): a posted field could
    # otherwise attach the item to a warning the page never showed.
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _origin(
    request: AuthenticatedHttpRequest,
) -> tuple[Warning | None, Lead | None, RiskEntry | None]:
    """The warning, lead or entry the item comes from (?warning= ?lead= ?entry=): 404 when the
    user may not see it, 403 when it is not his to rectify."""
    user = request.user
    warning = lead = entry = None
    warning_id, lead_id, entry_id = (_int_param(request, n) for n in ("warning", "lead", "entry"))
    if warning_id is not None:
        warning = get_object_or_404(Warning.objects.select_related("subject_unit"), pk=warning_id)
        if not can_see_warning(user, warning):
            raise Http404
        if not is_committee(user):
            raise PermissionDenied
    if lead_id is not None:
        # Leads are the committee's: nobody else knows they exist.
        if not is_committee(user):
            raise Http404
        lead = get_object_or_404(Lead, pk=lead_id)
    if entry_id is not None:
        entry = get_object_or_404(RiskEntry.objects.select_related("register__unit"), pk=entry_id)
        if not (is_committee(user) or entry.register.unit.head_id == user.pk):
            raise Http404
    return warning, lead, entry


def _initial(warning: Warning | None, lead: Lead | None, entry: RiskEntry | None) -> dict[str, Any]:
    if warning is not None:
        return {
            "source": RectificationSource.WARNING,
            "unit": warning.subject_unit_id,
            "owner": warning.subject_user_id or warning.subject_unit.head_id,
            "title": _("预警整改:%(number)s") % {"number": str(warning)},
            "problem": warning.facts,
            "steps": warning.requirement,
            "deadline": warning.deadline,
        }
    if lead is not None:
        return {
            "source": RectificationSource.LEAD,
            "unit": lead.subject_unit_id,
            "owner": lead.subject_user_id,
            "problem": lead.summary,
        }
    if entry is not None:
        return {
            "unit": entry.register.unit_id,
            "owner": entry.register.unit.head_id,
            "problem": entry.risk,
        }
    return {}


def _choices_for(
    user: User, warning: Warning | None, lead: Lead | None
) -> tuple[QuerySet[Unit], QuerySet[User], list[str]]:
    people = User.objects.filter(is_active=True).order_by("unit__order", "unit__code", "name")
    if is_committee(user):
        if warning is not None:
            sources = [RectificationSource.WARNING.value]
        elif lead is not None:
            sources = [RectificationSource.LEAD.value]
        else:
            sources = head_sources()
        return Unit.objects.order_by("order", "code"), people, sources
    units = Unit.objects.filter(head=user).order_by("order", "code")
    if not units.exists():
        raise PermissionDenied
    return units, people.filter(unit__in=units), head_sources()


@login_required
@require_http_methods(["GET", "POST"])
def rectification_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """新建整改事项: the committee from any source, a unit's head for his own unit."""
    if not can_create_any(request.user):
        raise PermissionDenied
    warning, lead, entry = _origin(request)
    units, owners, sources = _choices_for(request.user, warning, lead)
    form = RectificationCreateForm(
        request.POST or None,
        units=units,
        owners=owners,
        sources=sources,
        initial=_initial(warning, lead, entry),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rectification = services.rectification_create(
                source=data["source"],
                unit=data["unit"],
                owner=data["owner"],
                title=data["title"],
                problem=data["problem"],
                steps=data["steps"],
                deadline=data["deadline"],
                actor=request.user,
                warning=warning,
                lead=lead,
                entry=entry,
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("整改事项已建立,已通知整改责任人。"))
            return redirect("oversight:rectification_detail", pk=rectification.pk)
    elif request.method == "POST":
        messages.error(request, _("请改正标出的错误。"))
    return render(
        request,
        "oversight/rectification/create.html",
        {"form": form, "warning": warning, "lead": lead, "entry": entry},
    )


# --- Detail and its actions -----------------------------------------------------------------


def _in_scope(user: User, unit_id: int) -> bool:
    """Whether the unit's ledger is the user's to open (ledger_unit_for's rule, without a query)."""
    scope = unit_scope(user)
    return scope is None or unit_id in scope


def _edit_fields(user: User, rectification: Rectification) -> set[str]:
    fields: set[str] = set()
    if can_write_report(user, rectification):
        fields |= {"steps", "report"}
    if can_change_deadline(user, rectification):
        fields.add("deadline")
    return fields


def _render_detail(
    request: AuthenticatedHttpRequest,
    rectification: Rectification,
    *,
    edit_form: RectificationEditForm | None = None,
    submit_form: SubmitForm | None = None,
    return_form: NoteForm | None = None,
    close_form: NoteForm | None = None,
) -> HttpResponse:
    user = request.user
    fields = _edit_fields(user, rectification)
    if edit_form is None and fields:
        edit_form = RectificationEditForm(
            fields=fields,
            initial={
                "steps": rectification.steps,
                "report": rectification.report,
                "deadline": rectification.deadline,
            },
        )
    decides = rectification.state == RectificationState.SUBMITTED and is_committee(user)
    if submit_form is None and can_submit(user, rectification):
        submit_form = SubmitForm(initial={"report": rectification.report})
    context = {
        "r": rectification,
        "number": report_number(rectification),
        "overdue": is_overdue(rectification),
        "edit_form": edit_form if fields else None,
        "submit_form": submit_form if can_submit(user, rectification) else None,
        "return_form": (return_form or NoteForm(prefix="return")) if decides else None,
        "close_form": (close_form or NoteForm(prefix="close")) if decides else None,
        "history": rectification_history(rectification),
        "attachments": attachments_of(rectification),
        "can_edit_evidence": can_edit_evidence(user, rectification),
        "ledger_link": _in_scope(user, rectification.unit_id),
    }
    return render(request, "oversight/rectification/detail.html", context)


@login_required
@require_GET
def rectification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rectification = rectification_for_user(user=request.user, pk=pk)
    if rectification.warning_id is not None:
        # Confidential like its warning: every reading is on the record.
        audit_record(action=actions.RECTIFICATION_VIEW, actor=request.user, obj=rectification)
    return _render_detail(request, rectification)


@login_required
@require_POST
def rectification_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rectification = rectification_for_user(user=request.user, pk=pk)
    fields = _edit_fields(request.user, rectification)
    if not fields:
        raise PermissionDenied
    form = RectificationEditForm(request.POST, fields=fields)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rectification_update(
                rectification=rectification,
                actor=request.user,
                steps=data.get("steps"),
                report=data.get("report"),
                deadline=data.get("deadline"),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("oversight:rectification_detail", pk=rectification.pk)
    return _render_detail(request, rectification, edit_form=form)


@login_required
@require_POST
def rectification_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rectification = rectification_for_user(user=request.user, pk=pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_submit(
                rectification=rectification, actor=request.user, report=form.cleaned_data["report"]
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("已提请纪委销号。"))
            return redirect("oversight:rectification_detail", pk=rectification.pk)
    if not can_submit(request.user, rectification):
        return redirect("oversight:rectification_detail", pk=rectification.pk)
    return _render_detail(request, rectification, submit_form=form)


def _decide(request: AuthenticatedHttpRequest, pk: int, move: str) -> HttpResponse:
    rectification = rectification_for_user(user=request.user, pk=pk)
    if not is_committee(request.user):
        raise PermissionDenied
    form = NoteForm(request.POST, prefix=move)
    if form.is_valid():
        service = (
            services.rectification_return if move == "return" else services.rectification_close
        )
        try:
            service(rectification=rectification, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("oversight:rectification_detail", pk=rectification.pk)
        messages.success(request, _("已退回整改。") if move == "return" else _("已销号。"))
        return redirect("oversight:rectification_detail", pk=rectification.pk)
    if rectification.state != RectificationState.SUBMITTED:
        messages.error(request, _("整改事项当前状态不允许此操作。"))
        return redirect("oversight:rectification_detail", pk=rectification.pk)
    if move == "return":
        return _render_detail(request, rectification, return_form=form)
    return _render_detail(request, rectification, close_form=form)


@login_required
@require_POST
def rectification_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "return")


@login_required
@require_POST
def rectification_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "close")


@login_required
@require_GET
def rectification_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """整改报告 PDF, in the layout of an official letter."""
    rectification = rectification_for_user(user=request.user, pk=pk)
    with transaction.atomic():
        audit_record(action=actions.RECTIFICATION_EXPORT_PDF, actor=request.user, obj=rectification)
    content = render_pdf(rectification)
    filename = _("整改情况报告-%(number)s.pdf") % {"number": report_number(rectification)}
    return download_response(content, content_type="application/pdf", filename=filename)


# --- Board and ledgers ----------------------------------------------------------------------


@login_required
@require_GET
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    """监督看板 (committee and administrators): everything open, overdue first; ?unit= one unit."""
    if not can_see_board(request.user):
        raise PermissionDenied
    picker = UnitPickerForm(request.GET or None, units=Unit.objects.order_by("order", "code"))
    unit = picker.cleaned_data["unit"] if picker.is_valid() else None
    return render(
        request,
        "oversight/board/board.html",
        {"board": board_for(user=request.user, unit=unit), "picker": picker, "unit": unit},
    )


@login_required
@require_GET
def ledger(request: AuthenticatedHttpRequest, unit_id: int | None = None) -> HttpResponse:
    """整改台账 / 措施落实台账 of a unit: the user's own by default, any unit of his scope."""
    unit = ledger_unit_for(user=request.user, unit_id=unit_id)
    today = timezone.localdate()
    rectifications = ledger_rectifications(user=request.user, unit=unit)
    unit_actions = ledger_actions(unit=unit)
    units = ledger_units(request.user)
    return render(
        request,
        "oversight/rectification/ledger.html",
        {
            "unit": unit,
            "rectifications": [(r, is_overdue(r, today)) for r in rectifications],
            "actions": unit_actions,
            "today": today,
            "picker": UnitPickerForm(initial={"unit": unit.pk}, units=units, required=True)
            if units.count() > 1
            else None,
        },
    )


@login_required
@require_GET
def ledger_pick(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The ledger's unit picker (a GET form) lands here and goes on to the unit's ledger."""
    picker = UnitPickerForm(request.GET, units=ledger_units(request.user), required=True)
    if not picker.is_valid():
        raise Http404
    return redirect("oversight:ledger_unit", unit_id=picker.cleaned_data["unit"].pk)


@login_required
@require_GET
def ledger_xlsx(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    """下载Excel: both ledgers of the unit, as the user sees them; the export is audited."""
    unit = ledger_unit_for(user=request.user, unit_id=unit_id)
    today: date = timezone.localdate()
    rectifications = ledger_rectifications(user=request.user, unit=unit)
    unit_actions = ledger_actions(unit=unit)
    with transaction.atomic():
        audit_record(
            action=actions.OVERSIGHT_EXPORT_LEDGER,
            actor=request.user,
            obj=unit,
            data={"rectifications": len(rectifications), "actions": len(unit_actions)},
        )
    content = build_ledger_xlsx(
        unit=unit, rectifications=rectifications, actions=unit_actions, today=today
    )
    filename = _("%(unit)s整改与措施落实台账.xlsx") % {"unit": unit.name}
    return download_response(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=filename,
    )
