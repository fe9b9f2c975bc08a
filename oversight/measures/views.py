"""Views of the actions (措施落实): an entry's actions, one action (its edit, progress, evidence
and verification), the user's own actions, and the committee's inspection list (检查清单).
Thin: the rights are oversight.measures.permissions, the rules oversight.measures.services."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orgs.http import AuthenticatedHttpRequest
from oversight.attachments import attachments_of
from oversight.choices import ActionStatus
from oversight.measures.forms import (
    ActionForm,
    ActionProgressForm,
    InspectionFilterForm,
    VerifyForm,
)
from oversight.measures.permissions import (
    may_edit_actions,
    may_report_progress,
    may_see_inspection_list,
    may_set_inspection,
    may_verify,
)
from oversight.measures.selectors import (
    action_for_user,
    actions_of_entry,
    actions_owned_by,
    entry_for_user,
    evidence_of,
    inspection_actions,
)
from oversight.measures.services import (
    UNCHANGED,
    action_create,
    action_delete,
    action_update,
    action_verify,
)
from oversight.models import Action, Attachment
from registers.exceptions import DomainError

INSPECTION_PAGE_SIZE = 50
MY_ACTIONS_SHOWS = ("open", "done", "all")


def is_overdue(action: Action, today: datetime.date) -> bool:
    return (
        action.deadline is not None
        and action.deadline < today
        and action.status != ActionStatus.DONE
    )


@dataclass
class ActionRow:
    """An action as a list shows it, with what the viewer may do to it."""

    action: Action
    overdue: bool
    evidence: list[Attachment] = field(default_factory=list)
    may_progress: bool = False
    may_verify: bool = False


def _add_domain_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _back(request: AuthenticatedHttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (`next`, a path of this site), else to `default`."""
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return HttpResponseRedirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def entry_actions(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    """An entry's prevention measures broken into actions; the editors add actions here."""
    user = request.user
    entry = entry_for_user(user=user, entry_id=entry_id)
    may_edit = may_edit_actions(user, entry)
    form: ActionForm | None = None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = ActionForm(request.POST, entry=entry)
        if form.is_valid():
            data = form.cleaned_data
            try:
                action_create(
                    entry=entry,
                    actor=user,
                    content=data["content"],
                    owner=data["owner"],
                    deadline=data["deadline"],
                    status=data["status"],
                    progress_note=data["progress_note"],
                    on_inspection_list=data.get("on_inspection_list", False),
                )
            except DomainError as error:
                _add_domain_error(form, error)
            else:
                messages.success(request, _("落实措施已添加。"))
                return redirect("oversight:entry_actions", entry_id=entry.pk)
        messages.error(request, _("请改正标出的错误。"))
    elif may_edit:
        form = ActionForm(entry=entry)
    today = timezone.localdate()
    actions = actions_of_entry(entry=entry)
    evidence = evidence_of(actions)
    rows = [
        ActionRow(
            action=action,
            overdue=is_overdue(action, today),
            evidence=evidence.get(action.pk, []),
            may_progress=may_edit or action.owner_id == user.pk,
            may_verify=may_verify(user, action),
        )
        for action in actions
    ]
    return render(
        request,
        "oversight/measures/entry_actions.html",
        {
            "entry": entry,
            "register": entry.register,
            "rows": rows,
            "form": form,
            "may_edit": may_edit,
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One action: the editors change it, its owner reports progress and adds evidence, the
    unit's head or the committee verifies it."""
    user = request.user
    action = action_for_user(user=user, action_id=pk)
    entry = action.entry
    may_edit = may_edit_actions(user, entry)
    may_progress = may_report_progress(user, action)
    form: ActionForm | ActionProgressForm | None = None
    posted = request.POST if request.method == "POST" else None
    if may_edit:
        form = ActionForm(posted, entry=entry, action=action)
    elif may_progress:
        form = ActionProgressForm(
            posted, initial={"status": action.status, "progress_note": action.progress_note}
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                action_update(
                    action=action,
                    actor=user,
                    content=data.get("content", UNCHANGED),
                    owner=data.get("owner", UNCHANGED),
                    deadline=data.get("deadline", UNCHANGED),
                    status=data["status"],
                    progress_note=data["progress_note"],
                    on_inspection_list=data.get("on_inspection_list", UNCHANGED),
                )
            except DomainError as error:
                _add_domain_error(form, error)
            else:
                messages.success(request, _("落实措施已保存。"))
                return redirect("oversight:action_edit", pk=action.pk)
        messages.error(request, _("请改正标出的错误。"))
    today = timezone.localdate()
    return render(
        request,
        "oversight/measures/action.html",
        {
            "action": action,
            "entry": entry,
            "register": entry.register,
            "form": form,
            "may_edit": may_edit,
            "may_progress": may_progress,
            "may_verify": may_verify(user, action),
            # The committee marks actions for its inspection from here when it may not edit.
            "may_mark": not may_edit
            and may_set_inspection(user, action)
            and (entry.grade == 1 or action.on_inspection_list),
            "attachments": attachments_of(action),
            "verify_form": VerifyForm(),
            "overdue": is_overdue(action, today),
            "today": today,
        },
    )


@login_required
@require_POST
def action_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_for_user(user=request.user, action_id=pk)
    entry_id = action.entry_id
    action_delete(action=action, actor=request.user)
    messages.success(request, _("落实措施已删除。"))
    return redirect("oversight:entry_actions", entry_id=entry_id)


@login_required
@require_POST
def action_verify_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = action_for_user(user=request.user, action_id=pk)
    if not may_verify(request.user, action):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("核实意见不能超过 2000 字。"))
    else:
        try:
            action_verify(action=action, actor=request.user, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已核实该措施的落实情况。"))
    return _back(request, reverse("oversight:action_edit", args=[action.pk]))


@login_required
@require_POST
def action_inspection(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put the action on the inspection list (on=1) or take it off (on=0)."""
    action = action_for_user(user=request.user, action_id=pk)
    if not may_set_inspection(request.user, action):
        raise PermissionDenied
    on = request.POST.get("on") == "1"
    try:
        action_update(action=action, actor=request.user, on_inspection_list=on)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已列入检查清单。") if on else _("已移出检查清单。"))
    return _back(request, reverse("oversight:action_edit", args=[action.pk]))


@login_required
@require_GET
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The actions the user owns: the open ones by default, overdue first."""
    show = request.GET.get("show", "open")
    if show not in MY_ACTIONS_SHOWS:
        show = "open"
    today = timezone.localdate()
    rows = [
        ActionRow(action=action, overdue=is_overdue(action, today))
        for action in actions_owned_by(user=request.user, show=show)
    ]
    return render(
        request,
        "oversight/measures/my_actions.html",
        {"rows": rows, "show": show, "today": today},
    )


@login_required
@require_GET
def inspection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """检查清单: the actions of grade-1 entries put on the list, for the committee's
    inspection of how the measures are carried out (document 004, 第四阶段)."""
    if not may_see_inspection_list(request.user):
        raise PermissionDenied
    form = InspectionFilterForm(request.GET)
    form.is_valid()
    # A filter that does not validate (an unknown id) is left out, the others still apply.
    chosen = form.cleaned_data
    campaign = chosen.get("campaign")
    unit = chosen.get("unit")
    actions = inspection_actions(
        campaign_id=campaign.pk if campaign is not None else None,
        unit_id=unit.pk if unit is not None else None,
        status=chosen.get("status") or "",
    )
    today = timezone.localdate()
    counts = {
        row["status"]: row["count"]
        for row in actions.order_by().values("status").annotate(count=Count("id"))
    }
    overdue_count = actions.filter(deadline__lt=today).exclude(status=ActionStatus.DONE).count()
    page = Paginator(actions, INSPECTION_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [ActionRow(action=action, overdue=is_overdue(action, today)) for action in page]
    return render(
        request,
        "oversight/measures/inspection_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in ActionStatus.choices
            ],
            "overdue_count": overdue_count,
            "today": today,
        },
    )
