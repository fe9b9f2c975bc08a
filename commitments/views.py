"""The letters' pages: 我的承诺书, one letter (sign, publish, PDF), the tracker, the texts, and the
public page of published department and unit letters (no sign-in)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit import actions
from audit.services import audit_record
from commitments import services
from commitments.choices import CommitmentKind
from commitments.forms import SignForm, TextsForm, TrackerFilterForm
from commitments.models import Commitment
from commitments.pdf import commitment_pdf, pdf_filename
from commitments.permissions import (
    can_edit_texts,
    can_publish,
    can_see_all,
    can_sign,
    is_publisher,
)
from commitments.selectors import (
    commitment_for,
    my_commitments,
    public_commitments,
    tracker_counts,
    tracker_rows,
)
from orgs.http import AuthenticatedHttpRequest, download_response
from registers.exceptions import DomainError
from registers.models import Campaign
from registers.selectors import campaign_from_query, current_campaign
from workflow.selectors import public_campaign
from workflow.signing import SigningLocked

PAGE_SIZE = 50


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """我的承诺书: the user's own letters and those he signs."""
    return render(request, "commitments/mine.html", {"letters": my_commitments(request.user)})


def _detail(
    request: AuthenticatedHttpRequest,
    letter: Commitment,
    *,
    form: SignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "commitments/detail.html",
        {
            "letter": letter,
            "form": form or SignForm(),
            "can_sign": can_sign(request.user, letter),
            "can_publish": can_publish(request.user, letter),
            "signature_valid": services.signature_valid(letter) if letter.digest else None,
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, commitment_for(user=request.user, pk=pk))


@login_required
@require_POST
def sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = commitment_for(user=request.user, pk=pk)
    if letter.signer_id != request.user.pk:
        raise PermissionDenied
    form = SignForm(request.POST)
    if not form.is_valid():
        return _detail(request, letter, form=form, status=400)
    try:
        services.commitment_sign(
            letter=letter,
            actor=request.user,
            password=form.cleaned_data["password"],
            request=request,
        )
    except SigningLocked as exc:
        # As register_act does: the page says when to try again instead of axes' lockout page.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        form.add_error(None, exc.message)
        return _detail(request, letter, form=form, status=429)
    except DomainError as exc:
        form.add_error(None, exc.message)
        letter.refresh_from_db()
        return _detail(request, letter, form=form, status=400)
    messages.success(request, _("承诺书已签字。"))
    return redirect("commitments:detail", pk=letter.pk)


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = commitment_for(user=request.user, pk=pk)
    if not is_publisher(request.user):
        raise PermissionDenied
    try:
        services.commitment_publish(letter=letter, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("承诺书已公示。"))
    return redirect("commitments:detail", pk=letter.pk)


@login_required
@require_GET
def pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = commitment_for(user=request.user, pk=pk)
    with transaction.atomic():
        audit_record(action=actions.COMMITMENT_EXPORT_PDF, actor=request.user, obj=letter)
    return download_response(
        commitment_pdf(letter), content_type="application/pdf", filename=pdf_filename(letter)
    )


def _campaigns() -> list[Campaign]:
    return list(Campaign.objects.order_by("-year", "-id"))


@login_required
@require_GET
def tracker(request: AuthenticatedHttpRequest) -> HttpResponse:
    """承诺书签署情况 (committee and administrators): every expected letter and its state."""
    if not can_see_all(request.user):
        raise PermissionDenied
    campaigns = _campaigns()
    campaign = campaign_from_query(
        request.GET, campaigns, default=lambda: current_campaign() or next(iter(campaigns), None)
    )
    params = request.GET.copy()
    if campaign is not None:
        params["campaign"] = str(campaign.pk)
    form = TrackerFilterForm(params, campaigns=Campaign.objects.order_by("-year", "-id"))
    data = form.cleaned_data if form.is_valid() else {}
    rows = tracker_rows(
        campaign=campaign,
        unit=data.get("unit"),
        kind=data.get("kind") or "",
        state=data.get("state") or "",
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/tracker.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "counts": tracker_counts(rows),
            "can_edit_texts": can_edit_texts(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def texts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """承诺内容设置: the campaign's text of each kind of letter."""
    if not can_edit_texts(request.user):
        raise PermissionDenied
    campaigns = _campaigns()
    campaign = campaign_from_query(
        request.GET, campaigns, default=lambda: current_campaign() or next(iter(campaigns), None)
    )
    if campaign is None:
        raise Http404
    current = {
        kind: services.commitment_text(campaign=campaign, kind=kind)
        for kind in CommitmentKind.values
    }
    form = TextsForm(request.POST or None, initial_texts=current)
    if request.method == "POST" and form.is_valid():
        changed = 0
        try:
            with transaction.atomic():
                for kind in CommitmentKind.values:
                    row = services.commitment_text_update(
                        campaign=campaign,
                        kind=kind,
                        text=form.cleaned_data[kind],
                        actor=request.user,
                    )
                    changed += row is not None
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("已保存%(count)d项承诺内容。此后生成的承诺书使用新的内容。") % {"count": changed},
            )
            return redirect(f"{request.path}?campaign={campaign.pk}")
    return render(
        request,
        "commitments/texts.html",
        {"campaign": campaign, "campaigns": campaigns, "form": form},
    )


# --- the public page (no sign-in) -----------------------------------------------------------


def _public_enabled() -> None:
    if not settings.PUBLIC_PAGE_ENABLED:
        raise Http404


def public_index(request: HttpRequest) -> HttpResponse:
    _public_enabled()
    campaign = public_campaign()
    if campaign is None:
        return render(request, "public/closed.html")
    return render(
        request,
        "commitments/public_index.html",
        {"campaign": campaign, "letters": public_commitments(campaign=campaign)},
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published letter of the campaign in its publication period; anything else a 404."""
    _public_enabled()
    campaign = public_campaign()
    if campaign is None:
        return render(request, "public/closed.html")
    letter = get_object_or_404(Commitment, pk=pk, campaign=campaign)
    if letter not in public_commitments(campaign=campaign):
        raise Http404
    return render(
        request,
        "commitments/public_detail.html",
        {"letter": letter, "hide_names": settings.PUBLIC_HIDE_NAMES},
    )
