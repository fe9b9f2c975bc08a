"""Views of the integrity files (廉政档案) and of 调阅: thin. A file its reader may not read is a
404 from every URL of it (selectors.person_for / unit_for / snapshot_for); every reading is
audited (services.archive_record_read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from archives import selectors, services
from archives.choices import AccessState, RecordKind
from archives.forms import AccessRequestForm, DecideForm, RecordForm, SearchForm
from archives.models import AccessRequest, IntegrityRecord
from archives.pdf import archive_pdf
from archives.permissions import Ground, can_decide, can_edit_records, is_committee
from orgs.http import AuthenticatedHttpRequest, download_response
from orgs.models import Unit, User
from oversight.attachments import attachments_of
from registers.exceptions import DomainError


def _render_file(
    request: AuthenticatedHttpRequest,
    archive: selectors.ArchiveFile,
    ground: Ground,
    *,
    person: User | None = None,
    unit: Unit | None = None,
    snapshot: object | None = None,
) -> HttpResponse:
    snapshots = selectors.snapshots_of(person=person, unit=unit) if snapshot is None else None
    return render(
        request,
        "archives/file.html",
        {
            "archive": selectors.for_reader(archive, ground, request.user),
            "ground": ground,
            "person": person,
            "unit": unit,
            "snapshot": snapshot,
            "snapshots": snapshots,
            "live": snapshot is None,
        },
    )


@login_required
@require_GET
def my_file_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return redirect("archives:person", user_id=request.user.pk)


@login_required
@require_GET
def person_view(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person, ground = selectors.person_for(user=request.user, pk=user_id)
    services.archive_record_read(actor=request.user, subject=person, ground=ground)
    archive = selectors.person_file(person, viewer=request.user)
    return _render_file(request, archive, ground, person=person)


@login_required
@require_GET
def person_pdf_view(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person, ground = selectors.person_for(user=request.user, pk=user_id)
    services.archive_record_read(actor=request.user, subject=person, ground=ground, view="pdf")
    archive = selectors.for_reader(selectors.person_file(person), ground, request.user)
    content = archive_pdf(archive, reader=request.user.name or request.user.username)
    return download_response(
        content,
        content_type="application/pdf",
        filename=_("%(name)s廉政档案.pdf") % {"name": archive.name},
    )


@login_required
@require_GET
def unit_view(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    unit, ground = selectors.unit_for(user=request.user, pk=unit_id)
    services.archive_record_read(actor=request.user, subject=unit, ground=ground)
    archive = selectors.unit_file(unit, viewer=request.user)
    return _render_file(request, archive, ground, unit=unit)


@login_required
@require_GET
def snapshot_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    snapshot, ground = selectors.snapshot_for(user=request.user, pk=pk)
    subject: User | Unit | None = snapshot.person or snapshot.unit
    assert subject is not None
    services.archive_record_read(
        actor=request.user,
        subject=subject,
        ground=ground,
        view="snapshot",
        extra={"year": snapshot.year, "snapshot": snapshot.pk},
    )
    archive = selectors.file_from_json(snapshot.content)
    return _render_file(
        request, archive, ground, person=snapshot.person, unit=snapshot.unit, snapshot=snapshot
    )


@login_required
@require_GET
def index_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The committee's search of files; to anyone else it does not exist."""
    if not is_committee(request.user):
        raise Http404
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_bound and form.is_valid() else ""
    people, units = selectors.search(query)
    return render(
        request,
        "archives/index.html",
        {
            "form": form,
            "page": selectors.paginate(people, request.GET.get("page")),
            "units": units[:50] if query else units.none(),
            "query": query,
        },
    )


# --- Records ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def record_create_view(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    person, _ground = selectors.person_for(user=request.user, pk=user_id)
    if not can_edit_records(request.user, person):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    form = RecordForm(
        request.POST or None,
        initial={
            "kind": kind if kind in RecordKind.values else RecordKind.TALK,
            "occurred_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_create(person=person, actor=request.user, data=form.to_data())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("已记入廉政档案,可继续上传附件。"))
            return redirect("archives:record_edit", pk=record.pk)
    return render(
        request, "archives/record_form.html", {"form": form, "person": person, "record": None}
    )


def _record_for(request: AuthenticatedHttpRequest, pk: int) -> IntegrityRecord:
    record = get_object_or_404(IntegrityRecord.objects.select_related("person"), pk=pk)
    selectors.person_for(user=request.user, pk=record.person_id)
    if not can_edit_records(request.user, record.person):
        raise PermissionDenied
    return record


@login_required
@require_http_methods(["GET", "POST"])
def record_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    form = RecordForm(
        request.POST or None,
        initial={
            "kind": record.kind,
            "occurred_on": record.occurred_on,
            "title": record.title,
            "content": record.content,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(record=record, actor=request.user, data=form.to_data())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("廉政档案记录已保存。"))
            return redirect("archives:person", user_id=record.person_id)
    return render(
        request,
        "archives/record_form.html",
        {
            "form": form,
            "person": record.person,
            "record": record,
            "attachments": attachments_of(record),
        },
    )


@login_required
@require_POST
def record_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    services.record_delete(record=record, actor=request.user)
    messages.success(request, _("廉政档案记录已删除。"))
    return redirect("archives:person", user_id=record.person_id)


# --- 调阅 -------------------------------------------------------------------------------------


def _labelled(page: Page[AccessRequest]) -> Page[AccessRequest]:
    """Each request with its state as read now (an approval past its date reads 已过期)."""
    for access in page:
        access.state_label = selectors.state_label(access)  # type: ignore[attr-defined]
    return page


@login_required
@require_GET
def access_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.my_requests(request.user)
    page = selectors.paginate(rows, request.GET.get("page"))
    return render(
        request,
        "archives/access_list.html",
        {"page": _labelled(page)},
    )


@login_required
@require_GET
def access_queue_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_committee(request.user):
        raise Http404
    page = selectors.paginate(selectors.decided(request.user), request.GET.get("page"))
    return render(
        request,
        "archives/access_queue.html",
        {
            "pending": selectors.queue(request.user),
            "page": _labelled(page),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def access_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {
        key: request.GET[key] for key in ("person", "unit") if request.GET.get(key, "").isdecimal()
    }
    form = AccessRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.access_request_create(
                actor=request.user,
                person=form.cleaned_data["person"],
                unit=form.cleaned_data["unit"],
                reason=form.cleaned_data["reason"],
                days=form.cleaned_data["days"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("调阅申请已提交,待纪委审批。"))
            return redirect("archives:access_detail", pk=access.pk)
    return render(request, "archives/access_form.html", {"form": form})


def _render_access(
    request: AuthenticatedHttpRequest,
    access: AccessRequest,
    form: DecideForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    mine = access.requester_id == request.user.pk
    return render(
        request,
        "archives/access_detail.html",
        {
            "access": access,
            "state_label": selectors.state_label(access),
            "can_decide": can_decide(request.user, access),
            "can_withdraw": mine and access.state == AccessState.PENDING,
            "can_open": mine
            and access.state == AccessState.APPROVED
            and not selectors.is_expired(access),
            "form": form or DecideForm(initial={"days": access.days}),
        },
        status=status,
    )


@login_required
@require_GET
def access_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = selectors.access_request_for(user=request.user, pk=pk)
    return _render_access(request, access)


@login_required
@require_POST
def access_decide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = selectors.access_request_for(user=request.user, pk=pk)
    user = request.user
    if not is_committee(user) or user.pk in (access.requester_id, access.person_id):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _render_access(request, access, form, status=400)
    try:
        services.access_request_decide(
            request=access,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            days=form.cleaned_data["days"],
        )
    except DomainError as error:
        # Someone else may have decided meanwhile: show the request as it stands now.
        access.refresh_from_db()
        form.add_domain_error(error)
        if not can_decide(request.user, access):
            # Decided meanwhile: no form to show the refusal in.
            messages.error(request, error.message)
        return _render_access(request, access, form, status=400)
    messages.success(request, _("调阅申请已审批。"))
    return redirect("archives:access_detail", pk=access.pk)


@login_required
@require_POST
def access_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access = selectors.access_request_for(user=request.user, pk=pk)
    try:
        services.access_request_withdraw(request=access, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("调阅申请已撤回。"))
    return redirect("archives:access_detail", pk=access.pk)
