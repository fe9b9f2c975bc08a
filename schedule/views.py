"""Views of a campaign's schedule: its Annex 3 rows (administrators edit them and the reminder
settings), the progress of every unit on every row, and the page of one unit's standing on one
row, where the row is marked done (or the mark withdrawn) and its evidence kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseModelFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orgs.http import AuthenticatedHttpRequest
from orgs.models import Unit
from orgs.permissions import is_admin, unit_scope
from registers.models import Campaign
from registers.selectors import campaigns_visible_to, current_campaign
from schedule.completion import marked_by_hand
from schedule.forms import (
    ReminderSettingsForm,
    ScheduleTaskForm,
    ScheduleTaskFormSet,
    TaskCompletionForm,
)
from schedule.models import ScheduleTask, TaskCompletion
from schedule.permissions import may_complete, may_see_cell
from schedule.responsibility import Mode, task_mode
from schedule.selectors import (
    Cell,
    campaign_progress,
    cell_standing,
    milestone,
    reminder_settings_for,
)
from schedule.services import (
    CompletionError,
    reminder_settings_update,
    schedule_prefill,
    schedule_task_update,
    task_complete,
    task_withdraw,
)


def _campaign(request: AuthenticatedHttpRequest, campaign_id: int | None) -> Campaign:
    if campaign_id is None:
        campaign = current_campaign()
        if campaign is None:
            raise Http404
        return campaign
    return get_object_or_404(campaigns_visible_to(request.user), pk=campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: AuthenticatedHttpRequest, campaign_id: int | None = None) -> HttpResponse:
    """The campaign's Annex 3 rows; administrators edit them and the reminder days."""
    campaign = _campaign(request, campaign_id)
    admin = is_admin(request.user)
    tasks = ScheduleTask.objects.filter(campaign=campaign).order_by("order", "id")
    if request.method == "POST" and not admin:
        raise PermissionDenied
    if request.method == "POST" and "prefill" in request.POST:
        schedule_prefill(campaign=campaign, actor=request.user)
        messages.success(request, _("已按附件3模板填入工作安排。"))
        return redirect("schedule:schedule", campaign_id=campaign.pk)
    formset: BaseModelFormSet[ScheduleTask, ScheduleTaskForm] | None = None
    settings_form: ReminderSettingsForm | None = None
    if admin:
        settings = reminder_settings_for(campaign=campaign)
        posted = request.POST if request.method == "POST" else None
        formset = ScheduleTaskFormSet(posted, queryset=tasks, prefix="tasks")
        settings_form = ReminderSettingsForm(posted, instance=settings, prefix="settings")
    if request.method == "POST" and formset is not None and settings_form is not None:
        if formset.is_valid() and settings_form.is_valid():
            with transaction.atomic():
                for form in formset.forms:
                    if form.has_changed():
                        data = form.cleaned_data
                        schedule_task_update(
                            schedule_task=form.instance,
                            actor=request.user,
                            order=data["order"],
                            stage=data["stage"],
                            task=data["task"],
                            lead_unit=data["lead_unit"],
                            responsible_units=data["responsible_units"],
                            due_text=data["due_text"],
                            deadline=data["deadline"],
                            required_state=data["required_state"],
                        )
                if settings_form.has_changed():
                    reminder_settings_update(
                        campaign=campaign,
                        actor=request.user,
                        reminder_days=settings_form.cleaned_data["reminder_days"],
                        overdue_repeat_days=settings_form.cleaned_data["overdue_repeat_days"],
                    )
            messages.success(request, _("工作安排已保存。"))
            return redirect("schedule:schedule", campaign_id=campaign.pk)
        messages.error(request, _("请改正标出的错误。"))
    return render(
        request,
        "schedule/schedule.html",
        {
            "campaign": campaign,
            "tasks": [(task, milestone(task.required_state)) for task in tasks],
            "formset": formset,
            "settings_form": settings_form,
            "is_admin": admin,
        },
    )


@login_required
@require_GET
def progress(request: AuthenticatedHttpRequest, campaign_id: int | None = None) -> HttpResponse:
    """Every row of the schedule: a table of the rows (a lead-only row's standing in it), then
    units × the rows each unit does. A user who does not supervise the whole organization sees
    the units of his scope only; lead-only rows concern everyone and are shown to all."""
    campaign = _campaign(request, campaign_id)
    result = campaign_progress(campaign=campaign, scope=unit_scope(request.user))
    user = request.user

    def may(cell: Cell, unit: Unit | None, task: ScheduleTask) -> bool:
        # The "标记完成" link, where the user may mark this row done for this unit.
        return (
            unit is not None
            and marked_by_hand(task)
            and not cell.done
            and may_complete(user, unit=unit)
        )

    rows = [
        {
            "row": row,
            "lead": row.mode == Mode.LEAD,
            "cell": row.cells[0] if row.mode == Mode.LEAD and row.cells else None,
            "may": row.mode == Mode.LEAD
            and bool(row.cells)
            and may(row.cells[0], row.lead_unit, row.task),
        }
        for row in result.rows
    ]
    each_rows = result.each_rows
    # Transposed for the grid: one line per unit, one cell per row done by each unit.
    unit_lines = [
        {
            "unit": unit,
            "cells": [
                {"cell": row.cells[i], "task": row.task, "may": may(row.cells[i], unit, row.task)}
                for row in each_rows
            ],
        }
        for i, unit in enumerate(result.units)
    ]
    return render(
        request,
        "schedule/progress.html",
        {
            "campaign": campaign,
            "rows": rows,
            "each_rows": each_rows,
            "unit_lines": unit_lines,
            "today": result.today,
            "all_done": result.all_done,
            "done_rows": sum(row.is_done for row in result.rows),
        },
    )


def _cell_objects(
    request: AuthenticatedHttpRequest, schedule_task_id: int, unit_id: int
) -> tuple[ScheduleTask, Unit, Cell]:
    """The row, the unit and the unit's standing on it; 404 for a row of a campaign the user does
    not see, a unit outside his scope on a unit's own row, or a unit the row does not concern."""
    task = get_object_or_404(
        ScheduleTask.objects.select_related("campaign"),
        pk=schedule_task_id,
        campaign__in=campaigns_visible_to(request.user),
    )
    unit = get_object_or_404(Unit, pk=unit_id)
    if not may_see_cell(request.user, task=task, unit=unit):
        raise Http404
    cell = cell_standing(task=task, unit=unit)
    if cell is None:
        raise Http404
    return task, unit, cell


@login_required
@require_GET
def task_unit(
    request: AuthenticatedHttpRequest, schedule_task_id: int, unit_id: int
) -> HttpResponse:
    """One unit's standing on one row: how it was done (or is awaited), the note and evidence of
    the unit's mark, and for those who answer for the unit the form to mark it done or withdraw
    the mark."""
    task, unit, cell = _cell_objects(request, schedule_task_id, unit_id)
    return _task_unit_page(request, task=task, unit=unit, cell=cell)


def _task_unit_page(
    request: AuthenticatedHttpRequest,
    *,
    task: ScheduleTask,
    unit: Unit,
    cell: Cell,
    form: TaskCompletionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    completion = (
        TaskCompletion.objects.filter(task=task, unit=unit)
        .select_related("completed_by", "withdrawn_by")
        .first()
    )
    may = marked_by_hand(task) and may_complete(request.user, unit=unit)
    return render(
        request,
        "schedule/task_unit.html",
        {
            "campaign": task.campaign,
            "task": task,
            "unit": unit,
            "cell": cell,
            "milestone": milestone(task.required_state),
            "lead": task_mode(task) == Mode.LEAD,
            "by_record": not task.required_state and not marked_by_hand(task),
            "completion": completion,
            "may_complete": may and not cell.done,
            "may_withdraw": may and completion is not None and completion.is_active,
            "may_add_evidence": may and completion is not None and completion.is_active,
            "form": form or TaskCompletionForm(),
        },
        status=status,
    )


@login_required
@require_POST
def task_complete_view(
    request: AuthenticatedHttpRequest, schedule_task_id: int, unit_id: int
) -> HttpResponse:
    task, unit, cell = _cell_objects(request, schedule_task_id, unit_id)
    if not may_complete(request.user, unit=unit):
        raise PermissionDenied
    form = TaskCompletionForm(request.POST)
    if not form.is_valid():
        # What was typed stays in the form, with the reason beside it.
        return _task_unit_page(request, task=task, unit=unit, cell=cell, form=form, status=400)
    else:
        try:
            task_complete(
                schedule_task=task, unit=unit, actor=request.user, note=form.cleaned_data["note"]
            )
        except CompletionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已标记完成。可在下方上传证明材料。"))
    return redirect("schedule:task_unit", schedule_task_id=task.pk, unit_id=unit.pk)


@login_required
@require_POST
def task_withdraw_view(
    request: AuthenticatedHttpRequest, schedule_task_id: int, unit_id: int
) -> HttpResponse:
    task, unit, _cell = _cell_objects(request, schedule_task_id, unit_id)
    if not may_complete(request.user, unit=unit):
        raise PermissionDenied
    try:
        task_withdraw(schedule_task=task, unit=unit, actor=request.user)
    except CompletionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已撤回完成标记。"))
    return redirect("schedule:task_unit", schedule_task_id=task.pk, unit_id=unit.pk)
