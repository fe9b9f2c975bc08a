"""Views of the notifications (the bell, the list, mark as read) and of a campaign's schedule
(Annex 3 rows, reminder settings, progress). Thin: reads come from selectors, writes from
services; an htmx request gets a partial of the same view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orgs.choices import Role
from orgs.permissions import roles_of, unit_scope
from registers.models import Campaign, ScheduleTask
from registers.selectors import campaigns_visible_to, current_campaign
from registers.services import schedule_prefill
from workflow.models import Notification
from workflow.notifications import notification_mark_read, unread_count
from workflow.schedule import (
    campaign_progress,
    milestone,
    reminder_settings_for,
    reminder_settings_update,
    schedule_task_update,
)
from workflow.schedule_forms import ReminderSettingsForm, ScheduleTaskFormSet

PAGE_SIZE = 30


def _is_admin(request: HttpRequest) -> bool:
    return Role.ADMIN in roles_of(request.user)


def _bell(request: HttpRequest) -> dict[str, object]:
    return {"unread_notifications": unread_count(user=request.user), "bell_oob": True}


# --- Notifications ----------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; only his own."""
    only_unread = request.GET.get("unread") == "1"
    notifications = Notification.objects.filter(recipient=request.user)
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "only_unread": only_unread}
    if request.htmx:
        return render(request, "notifications/partials/_list.html", context)
    return render(request, "notifications/list.html", context)


@require_GET
def notification_bell(request: HttpRequest) -> HttpResponse:
    """The bell alone, polled by htmx to keep the count fresh. Once the session has expired the
    answer is htmx's "stop polling" (286) rather than a redirect whose sign-in page htmx would
    swap into the header."""
    if not request.user.is_authenticated:
        return HttpResponse(status=286)
    return render(request, "notifications/partials/_bell.html")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read; someone else's is a 404."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    notification.refresh_from_db()
    if request.htmx:
        return render(
            request,
            "notifications/partials/_row.html",
            {"notification": notification, **_bell(request)},
        )
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_mark_read(user=request.user)
    if request.htmx:
        page = Paginator(
            Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id"),
            PAGE_SIZE,
        ).get_page(1)
        return render(
            request,
            "notifications/partials/_list.html",
            {"page": page, "only_unread": False, **_bell(request)},
        )
    messages.success(request, _("已将%(count)s条通知标为已读。") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way (idempotent)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


# --- Schedule and progress --------------------------------------------------------------------


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
            return redirect("notifications:schedule", campaign_id=campaign.pk)
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
            return redirect("notifications:schedule", campaign_id=campaign.pk)
        messages.error(request, _("请改正标出的错误。"))
    else:
        formset = ScheduleTaskFormSet(queryset=tasks, prefix="tasks") if is_admin else None
        settings_form = (
            ReminderSettingsForm(instance=settings, prefix="settings") if is_admin else None
        )
    return render(
        request,
        "notifications/schedule.html",
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
        "notifications/progress.html",
        {"campaign": campaign, "rows": rows, "unit_lines": unit_lines, "today": result.today},
    )
