"""Views of the notifications: the bell, the list, mark as read, open. Thin: reads come from
selectors, writes from services; an htmx request gets a partial of the same view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from notifications.selectors import notifications_of, unread_count
from notifications.services import notification_mark_read
from orgs.http import AuthenticatedHttpRequest

PAGE_SIZE = 30


def _bell(request: AuthenticatedHttpRequest) -> dict[str, object]:
    return {"unread_notifications": unread_count(user=request.user), "bell_oob": True}


# --- Notifications ----------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first; only his own."""
    only_unread = request.GET.get("unread") == "1"
    page = Paginator(
        notifications_of(user=request.user, only_unread=only_unread), PAGE_SIZE
    ).get_page(request.GET.get("page"))
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
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read; someone else's is a 404."""
    notification = get_object_or_404(notifications_of(user=request.user), pk=pk)
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
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = notification_mark_read(user=request.user)
    if request.htmx:
        page = Paginator(notifications_of(user=request.user), PAGE_SIZE).get_page(1)
        return render(
            request,
            "notifications/partials/_list.html",
            {"page": page, "only_unread": False, **_bell(request)},
        )
    messages.success(request, _("已将%(count)s条通知标为已读。") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_GET
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way (idempotent)."""
    notification = get_object_or_404(notifications_of(user=request.user), pk=pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("notifications:list")
