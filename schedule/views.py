"""Views of a campaign's schedule: its Annex 3 rows (administrators edit them and the reminder
settings) and the progress of every unit on every row."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from orgs.choices import Role
from orgs.permissions import roles_of, unit_scope
from registers.models import Campaign
from registers.selectors import campaigns_visible_to, current_campaign
from schedule.forms import ReminderSettingsForm, ScheduleTaskFormSet
from schedule.models import ScheduleTask
from schedule.selectors import campaign_progress, milestone, reminder_settings_for
from schedule.services import reminder_settings_update, schedule_prefill, schedule_task_update


def _is_admin(request: HttpRequest) -> bool:
    return Role.ADMIN in roles_of(request.user)


def _campaign(request: HttpRequest, campaign_id: int | None) -> Campaign:
    if campaign_id is None:
        campaign = current_campaign()
        if campaign is None:
            raise Http404
        return campaign
    return get_object_or_404(campaigns_visible_to(request.user), pk=campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, campaign_id: int | None = None) -> HttpResponse:
    """The campaign's Annex 3 rows; administrators edit them and the reminder days."""
    campaign = _campaign(request, campaign_id)
    is_admin = _is_admin(request)
    tasks = ScheduleTask.objects.filter(campaign=campaign).order_by("order", "id")
    settings = reminder_settings_for(campaign=campaign) if is_admin else None
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if "prefill" in request.POST:
            schedule_prefill(campaign=campaign)
            messages.success(request, _("已按附件3模板填入工作安排。"))
            return redirect("schedule:schedule", campaign_id=campaign.pk)
        formset = ScheduleTaskFormSet(request.POST, queryset=tasks, prefix="tasks")
        settings_form = ReminderSettingsForm(request.POST, instance=settings, prefix="settings")
        if formset.is_valid() and settings_form.is_valid():
            with transaction.atomic():
                for form in formset.forms:
                    if form.has_changed():
                        schedule_task_update(
                            task=form.instance, actor=request.user, data=form.cleaned_data
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
    else:
        formset = ScheduleTaskFormSet(queryset=tasks, prefix="tasks") if is_admin else None
        settings_form = (
            ReminderSettingsForm(instance=settings, prefix="settings") if is_admin else None
        )
    return render(
        request,
        "schedule/schedule.html",
        {
            "campaign": campaign,
            "tasks": [(task, milestone(task.required_state)) for task in tasks],
            "formset": formset,
            "settings_form": settings_form,
            "is_admin": is_admin,
        },
    )


@login_required
@require_GET
def progress(request: HttpRequest, campaign_id: int | None = None) -> HttpResponse:
    """Tasks × units, done / pending / overdue, computed from the registers. A user who does not
    supervise the whole organization sees the units of his scope only."""
    campaign = _campaign(request, campaign_id)
    result = campaign_progress(campaign=campaign)
    scope = unit_scope(request.user)
    if scope is not None:
        keep = [i for i, unit in enumerate(result.units) if unit.pk in scope]
        result.units = [result.units[i] for i in keep]
        for row in result.rows:
            row.cells = [row.cells[i] for i in keep]
            row.total = len(keep)
            row.done = sum(cell == "done" for cell in row.cells)
    rows = [
        {
            "task": row.task,
            "milestone": milestone(row.task.required_state),
            "done": row.done,
            "total": row.total,
            "cells": row.cells,
        }
        for row in result.rows
    ]
    # Transposed for the template: one line per unit, one cell per task.
    unit_lines = [
        {"unit": unit, "cells": [row.cells[i] for row in result.rows]}
        for i, unit in enumerate(result.units)
    ]
    return render(
        request,
        "schedule/progress.html",
        {"campaign": campaign, "rows": rows, "unit_lines": unit_lines, "today": result.today},
    )
