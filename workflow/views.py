"""Views of the workflow: thin; the rules live in services, permissions and selectors."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.labels import (
    action_filter,
    action_label,
    data_rows,
    known_action_codes,
    object_type_label,
)
from audit.visibility import audit_rows_visible_to
from orgs.http import AuthenticatedHttpRequest
from orgs.permissions import sees_everything
from registers.choices import RegisterLevel
from registers.exceptions import DomainError
from registers.models import Campaign, Register
from registers.selectors import campaign_from_query, entries_by_category, registers_visible_to
from workflow import services
from workflow.forms import AuditFilterForm, CampaignPickerForm
from workflow.models import Feedback, PublishedVersion
from workflow.permissions import handles_feedback, has_stage_permission
from workflow.selectors import (
    campaign_overview,
    campaigns_with_publications,
    entry_groups,
    feedback_list,
    latest_publications,
    public_campaign,
    register_history,
    register_panel,
    workflow_register_for,
    workflow_registers_for,
)
from workflow.signing import SigningLocked
from workflow.transitions import ACTION_LABELS, USER_ACTIONS, Action


def _render_review(
    request: AuthenticatedHttpRequest,
    register: Register,
    *,
    error: str = "",
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    groups = entries_by_category(register=register)
    ungraded = sum(1 for group in groups for entry in group.entries if entry.grade is None)
    panel = register_panel(user=request.user, register=register, ungraded=ungraded)
    context = {
        "register": register,
        "groups": groups,
        "panel": panel,
        "panel_error": error,
        "posted": posted or {},
        "current_digest": services.register_digest(register=register),
        # Re-rendered after a refused POST, the page's own URL would be the action's.
        "panel_next": reverse("workflow:register", args=[register.pk]),
    }
    template = (
        "workflow/partials/_register_panel.html" if request.htmx else "workflow/register.html"
    )
    return render(request, template, context, status=status)


@login_required
def register_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A register read-only, by category, with its state, signatures and the user's actions."""
    register = workflow_register_for(user=request.user, register_id=pk)
    return _render_review(request, register)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
@require_POST
def register_act(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """One move of the table. A stale form (someone acted first) or a refused move re-renders
    the register with the message and the user's comment shown back."""
    register = workflow_register_for(user=request.user, register_id=pk)
    if action not in USER_ACTIONS:
        raise Http404
    comment = request.POST.get("comment", "")
    posted = {"action": action, "comment": comment}
    expected_state = request.POST.get("expected_state") or None
    expected_revision = _int_or_none(request.POST.get("expected_revision"))
    if (expected_state is not None and expected_state != register.state) or (
        expected_revision is not None and expected_revision != register.revision
    ):
        # Checked before the stage permission: the permission moved on with the register, and
        # the second of two reviewers deserves "someone was faster", not a 403.
        return _render_review(
            request, register, error=services.StaleAction().message, posted=posted, status=409
        )
    if not has_stage_permission(request.user, register, action):
        raise PermissionDenied
    try:
        if action == Action.SIGN:
            services.register_sign(
                register=register,
                actor=request.user,
                password=request.POST.get("password", ""),
                comment=comment,
                expected_state=expected_state,
                expected_revision=expected_revision,
                request=request,
            )
        elif action == Action.RETURN:
            services.register_return(
                register=register,
                actor=request.user,
                reason=comment,
                expected_state=expected_state,
                expected_revision=expected_revision,
            )
        else:
            services.ACTION_SERVICES[Action(action)](
                register=register,
                actor=request.user,
                comment=comment,
                expected_state=expected_state,
                expected_revision=expected_revision,
            )
    except services.StaleAction as exc:
        register.refresh_from_db()
        return _render_review(request, register, error=exc.message, posted=posted, status=409)
    except SigningLocked as exc:
        # axes flagged the request as locked out; its middleware would swap this page for the
        # sign-in lockout page (with 返回登录) of a user who is still signed in. The panel says
        # when signing may be tried again instead.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        return _render_review(request, register, error=exc.message, posted=posted, status=429)
    except DomainError as exc:
        register.refresh_from_db()
        return _render_review(request, register, error=exc.message, posted=posted, status=400)
    register.refresh_from_db()
    messages.success(
        request,
        _("已完成:%(action)s。清单当前状态:%(state)s。")
        % {"action": ACTION_LABELS[action], "state": register.get_state_display()},
    )
    if not workflow_registers_for(request.user).filter(pk=register.pk).exists():
        # The stage that let him see it has passed (a party group member after deliberating).
        return redirect("home")
    # The panel is also included on the register editing page: go back where the form was.
    back = request.POST.get("next", "")
    # Only a local path: redirect() would take anything else for a URL name to reverse.
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("workflow:register", pk=register.pk)


@login_required
def register_history_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every step of the register with its comments, and every signature (valid or voided)."""
    register = workflow_register_for(user=request.user, register_id=pk)
    transitions, signatures = register_history(register=register)
    return render(
        request,
        "workflow/history.html",
        {"register": register, "transitions": transitions, "signatures": signatures},
    )


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee's view of every register of a campaign, unit by unit."""
    if not sees_everything(request.user):
        raise PermissionDenied
    campaign = campaign_from_query(request.GET, Campaign.objects.all())
    return render(
        request,
        "workflow/overview.html",
        {
            "overview": campaign_overview(campaign=campaign),
            "picker": CampaignPickerForm(
                campaigns=Campaign.objects.filter(started_at__isnull=False), campaign=campaign
            ),
        },
    )


@login_required
def published_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The published registers of a campaign, for every signed-in member of the organization."""
    campaigns = list(campaigns_with_publications())
    # By default the latest campaign with publications, not the current one.
    campaign = campaign_from_query(
        request.GET, campaigns, default=lambda: campaigns[0] if campaigns else None
    )
    publications = latest_publications(campaign=campaign) if campaign else []
    return render(
        request,
        "workflow/published_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns,
            "picker": CampaignPickerForm(campaigns=campaigns, campaign=campaign),
            "publications": publications,
        },
    )


def _publication_for(request: AuthenticatedHttpRequest, pk: int) -> PublishedVersion:
    """A publication the user may read: a person's own register's only by those who see the
    register (his leaders, the committee), else a 404."""
    publication = get_object_or_404(PublishedVersion.objects.select_related("campaign"), pk=pk)
    if (
        publication.level == RegisterLevel.PERSONAL
        and not registers_visible_to(request.user).filter(pk=publication.register_id).exists()
    ):
        raise Http404
    return publication


@login_required
def published_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for(request, pk)
    return render(
        request,
        "workflow/published_detail.html",
        {
            "publication": publication,
            "groups": entry_groups(publication),
            "hide_names": False,
            "feedback_url": "workflow:feedback_create",
        },
    )


def _feedback_submit(request: HttpRequest, publication: PublishedVersion) -> str:
    """Create the opinion; returns the error message, or "" when it was recorded."""
    try:
        services.feedback_create(
            publication=publication,
            text=request.POST.get("text", ""),
            contact=request.POST.get("contact", ""),
            author=request.user if request.user.is_authenticated else None,
        )
    except DomainError as exc:
        return exc.message
    return ""


@login_required
@require_POST
def feedback_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    publication = _publication_for(request, pk)
    error = _feedback_submit(request, publication)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("监督意见已提交纪委,感谢您的监督。"))
    return redirect("workflow:published_detail", pk=publication.pk)


@login_required
def feedback_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee's inbox of supervision opinions."""
    if not handles_feedback(request.user):
        raise PermissionDenied
    show = request.GET.get("show", "open")
    handled = None if show == "all" else (show == "handled")
    return render(
        request,
        "workflow/feedback.html",
        {"feedback": feedback_list(handled=handled)[:200], "show": show},
    )


@login_required
@require_POST
def feedback_handle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not handles_feedback(request.user):
        raise PermissionDenied
    feedback = get_object_or_404(Feedback, pk=pk)
    try:
        services.feedback_handle(
            feedback=feedback, actor=request.user, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已标记为已处理。"))
    return redirect("workflow:feedback")


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit trail, read-only, for the committee and administrators."""
    if not sees_everything(request.user):
        raise PermissionDenied
    rows = audit_rows_visible_to(request.user).select_related("actor").order_by("-id")
    action = request.GET.get("action", "").strip()
    object_type = request.GET.get("object_type", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    if action:
        rows = rows.filter(action_filter(action))
    if object_type:
        rows = rows.filter(object_type=object_type)
    if object_id:
        rows = rows.filter(object_id=object_id)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workflow/audit_log.html",
        {
            "page": page,
            "rows": [
                {
                    "entry": entry,
                    "action": action_label(entry.action),
                    "object_type": object_type_label(entry.object_type),
                    "data": data_rows(object_type=entry.object_type, data=entry.data or {}),
                }
                for entry in page
            ],
            "form": AuditFilterForm(
                filters={"action": action, "object_type": object_type, "object_id": object_id},
                action_choices=sorted(
                    ((code, action_label(code)) for code in known_action_codes()),
                    key=lambda choice: choice[1],
                ),
                object_type_choices=[
                    (code, object_type_label(code))
                    for code in audit_rows_visible_to(request.user)
                    .exclude(object_type="")
                    .order_by("object_type")
                    .values_list("object_type", flat=True)
                    .distinct()
                ],
            ),
        },
    )


# --- the public page (no sign-in) -----------------------------------------------------------


def _public_enabled() -> None:
    if not getattr(settings, "PUBLIC_PAGE_ENABLED", True):
        raise Http404


def _hide_names() -> bool:
    return bool(getattr(settings, "PUBLIC_HIDE_NAMES", True))


def public_index(request: HttpRequest) -> HttpResponse:
    _public_enabled()
    campaign = public_campaign()
    if campaign is None:
        return render(request, "public/closed.html", status=200)
    return render(
        request,
        "public/index.html",
        {"campaign": campaign, "publications": latest_publications(campaign=campaign)},
    )


def _public_publication(pk: int) -> PublishedVersion | None:
    """The publication if it is the current one of a campaign in its period; None outside it."""
    campaign = public_campaign()
    if campaign is None:
        return None
    publication = get_object_or_404(PublishedVersion, pk=pk, campaign=campaign)
    if publication not in latest_publications(campaign=campaign):
        raise Http404
    return publication


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _public_enabled()
    publication = _public_publication(pk)
    if publication is None:
        return render(request, "public/closed.html")
    return render(
        request,
        "public/detail.html",
        {
            "publication": publication,
            "groups": entry_groups(publication),
            "hide_names": _hide_names(),
            "feedback_url": "public:feedback",
        },
    )


@require_POST
def public_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    _public_enabled()
    publication = _public_publication(pk)
    if publication is None:
        return render(request, "public/closed.html")
    error = _feedback_submit(request, publication)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("监督意见已提交,感谢您的监督。"))
    return redirect("public:detail", pk=publication.pk)
