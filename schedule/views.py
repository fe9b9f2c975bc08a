"""Views of a campaign's schedule: its Annex 3 rows (administrators edit them and the reminder
settings) and the progress of every unit on every row."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BaseModelFormSet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from orgs.http import AuthenticatedHttpRequest
from orgs.permissions import is_admin, unit_scope
from registers.models import Campaign
from registers.selectors import campaigns_visible_to, current_campaign
from schedule.forms import ReminderSettingsForm, ScheduleTaskForm, ScheduleTaskFormSet
from schedule.models import ScheduleTask
from schedule.selectors import campaign_progress, milestone, reminder_settings_for
from schedule.services import reminder_settings_update, schedule_prefill, schedule_task_update


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
    """Tasks × units, done / pending / overdue, computed from the registers. A user who does not
    supervise the whole organization sees the units of his scope only."""
    campaign = _campaign(request, campaign_id)
    result = campaign_progress(campaign=campaign, scope=unit_scope(request.user))
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
