"""Views of the import from .xlsx: upload → (mapping) → preview → commit. Thin: the package
registers.importing reads, validates and writes."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orgs.http import AuthenticatedHttpRequest
from registers.choices import Grade
from registers.exceptions import DomainError
from registers.grading import register_grade_label
from registers.importing.forms import MappingForm, UploadForm
from registers.importing.mapping import (
    CategoryValue,
    category_choices_remember,
    category_values,
    mapping_initial,
    mapping_needed,
    row_category_texts,
)
from registers.importing.reader import ImportFileError, workbook_read
from registers.importing.services import entries_import
from registers.importing.storage import (
    PendingImport,
    pending_create,
    pending_delete,
    pending_load,
    pending_save,
)
from registers.importing.template import template_workbook
from registers.importing.validation import campaign_categories, preview_build
from registers.models import Category, Register
from registers.permissions import can_fill, is_editable
from registers.selectors import entries_by_category, register_for_user


def _register_to_fill(request: AuthenticatedHttpRequest, pk: int) -> Register:
    """Outside the user's scope: 404 (the selector); visible but not his to fill: 403."""
    register = register_for_user(user=request.user, register_id=pk)
    if not can_fill(request.user, register):
        raise PermissionDenied
    return register


def _pending(request: AuthenticatedHttpRequest, register: Register, token: UUID) -> PendingImport:
    return pending_load(token=str(token), user_id=request.user.pk, register_id=register.pk)


def _limits() -> dict[str, int]:
    return {
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        "max_rows": settings.IMPORT_MAX_ROWS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    register = _register_to_fill(request, pk)
    editable = is_editable(register)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("清单当前状态不允许修改,不能导入。"))
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > settings.IMPORT_MAX_BYTES:
                    # Refused before reading a byte more than the limit; the message states the
                    # file's real size.
                    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
                else:
                    data = upload.read()
                sheet = workbook_read(name=upload.name, data=data, size=upload.size)
            except ImportFileError as error:
                form.add_error("file", error.message)
            else:
                pending = pending_create(
                    user_id=request.user.pk,
                    register_id=register.pk,
                    file_name=upload.name[-200:],
                    sheet=sheet,
                )
                pending.mapping = mapping_initial(sheet)
                pending_save(pending)
                needed = mapping_needed(
                    pending=pending, register=register, categories=campaign_categories(register)
                )
                step = "import_mapping" if needed else "import_preview"
                return redirect(f"registers:{step}", pk=register.pk, token=pending.token)
    return render(
        request,
        "registers/import.html",
        {"register": register, "form": form, "editable": editable, "step": 1, **_limits()},
    )


def _mapping_form(
    request: AuthenticatedHttpRequest, register: Register, pending: PendingImport
) -> MappingForm:
    categories = campaign_categories(register)
    return MappingForm(
        request.POST if request.method == "POST" else None,
        pending=pending,
        categories=categories,
        values=category_values(pending=pending, register=register, categories=categories),
        grade_labels=[
            (
                int(value),
                register_grade_label(register, int(value)),
            )
            for value in Grade.values
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthenticatedHttpRequest, pk: int, token: UUID) -> HttpResponse:
    register = _register_to_fill(request, pk)
    pending = _pending(request, register, token)
    form = _mapping_form(request, register, pending)
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        category_column = [i for i, f in mapping.items() if f == "category"]
        if category_column != [i for i, f in pending.mapping.items() if f == "category"]:
            # Another column gives the category now: its values are to be mapped first.
            pending.mapping = mapping
            pending_save(pending)
            messages.info(request, _("已更换排查类别列,请为其中的类别选择对应的排查类别。"))
            return redirect("registers:import_mapping", pk=register.pk, token=pending.token)
        pending.mapping = mapping
        category = form.cleaned_data.get("category")
        pending.default_category_id = category.pk if category is not None else None
        pending.default_grade = form.cleaned_data.get("grade")
        pending.category_values = form.category_choices()
        data_rows = sum(1 for row in pending.sheet.rows if not row.section)
        if category is None and len(row_category_texts(pending)) < data_rows:
            form.add_error("category", _("有些行没有排查类别,请选择这些行归入的类别。"))
        else:
            pending.mapping_confirmed = True
            pending_save(pending)
            category_choices_remember(
                register=register,
                choices=pending.category_values,
                categories=campaign_categories(register),
            )
            return redirect("registers:import_preview", pk=register.pk, token=pending.token)
    return render(
        request,
        "registers/import_mapping.html",
        {"register": register, "pending": pending, "form": form, "step": 2},
    )


def _preview_page(
    request: AuthenticatedHttpRequest,
    register: Register,
    pending: PendingImport,
    *,
    categories: list[Category] | None = None,
    values: list[CategoryValue] | None = None,
) -> HttpResponse:
    preview = preview_build(
        pending=pending, register=register, categories=categories, values=values
    )
    errors_only = request.GET.get("errors") == "1"
    context = {
        "register": register,
        "pending": pending,
        "preview": preview,
        "rows": [row for row in preview.rows if not row.is_valid] if errors_only else preview.rows,
        "errors_only": errors_only,
        "editable": is_editable(register),
        "step": 3,
    }
    if request.htmx:
        return render(request, "registers/partials/_import_preview_table.html", context)
    return render(request, "registers/import_preview.html", context)


@login_required
def import_preview(request: AuthenticatedHttpRequest, pk: int, token: UUID) -> HttpResponse:
    register = _register_to_fill(request, pk)
    pending = _pending(request, register, token)
    categories = campaign_categories(register)
    values = category_values(pending=pending, register=register, categories=categories)
    if mapping_needed(pending=pending, register=register, categories=categories, values=values):
        return redirect("registers:import_mapping", pk=register.pk, token=pending.token)
    return _preview_page(request, register, pending, categories=categories, values=values)


@login_required
@require_POST
def import_options(request: AuthenticatedHttpRequest, pk: int, token: UUID) -> HttpResponse:
    """The preview's switches: keep the Annex numbers, flip the reading of numeric grades."""
    register = _register_to_fill(request, pk)
    pending = _pending(request, register, token)
    option = request.POST.get("option")
    if option == "keep_numbering":
        pending.keep_numbering = request.POST.get("value") == "1"
    elif option == "grades_reversed":
        pending.grades_reversed = request.POST.get("value") == "1"
    pending_save(pending)
    return redirect("registers:import_preview", pk=register.pk, token=pending.token)


@login_required
@require_POST
def import_skip(request: AuthenticatedHttpRequest, pk: int, token: UUID) -> HttpResponse:
    """Skip one row of the preview, or take it back (the row's number toggles it)."""
    register = _register_to_fill(request, pk)
    pending = _pending(request, register, token)
    try:
        number = int(request.POST.get("row", ""))
    except ValueError:
        number = 0
    if number in {row.number for row in pending.sheet.rows}:
        pending.skipped_rows = sorted(set(pending.skipped_rows) ^ {number})
        pending_save(pending)
    if request.htmx:
        return _preview_page(request, register, pending)
    return redirect("registers:import_preview", pk=register.pk, token=pending.token)


@login_required
@require_POST
def import_commit(request: AuthenticatedHttpRequest, pk: int, token: UUID) -> HttpResponse:
    register = _register_to_fill(request, pk)
    pending = _pending(request, register, token)
    preview = preview_build(pending=pending, register=register)
    if not preview.is_valid:
        messages.error(
            request,
            _(
                "还有错误,未导入任何内容。请按每处错误的提示调整列对应、跳过出错的行,"
                "或修改文件后重新上传。"
            ),
        )
        return redirect("registers:import_preview", pk=register.pk, token=pending.token)
    try:
        expected = int(request.POST.get("expected_revision", ""))
    except ValueError:
        expected = None
    try:
        created = entries_import(
            register=register,
            actor=request.user,
            rows=preview.import_rows(),
            expected_revision=expected,
            file_name=pending.file_name,
        )
    except DomainError as error:
        messages.error(request, _("未导入任何内容:%(reason)s") % {"reason": error.message})
        return redirect("registers:import_preview", pk=register.pk, token=pending.token)
    pending_delete(pending)
    messages.success(
        request,
        _("已从“%(file)s”导入 %(count)s 条风险点。")
        % {"file": pending.file_name, "count": len(created)},
    )
    return redirect("registers:import_done", pk=register.pk)


@login_required
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, pk: int, token: UUID) -> HttpResponse:
    register = _register_to_fill(request, pk)
    pending_delete(_pending(request, register, token))
    messages.info(request, _("已取消导入,未写入任何内容。"))
    return redirect("registers:import", pk=register.pk)


@login_required
def import_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The blank Annex 2 form of this register, ready to fill in and import."""
    register = _register_to_fill(request, pk)
    data = template_workbook(register=register, categories=campaign_categories(register))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_("%(title)s(导入模板).xlsx") % {"title": register.title}
    )
    return response


@login_required
def import_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The register's entries after an import, grouped by category as the Annex lists them."""
    register = register_for_user(user=request.user, register_id=pk)
    groups = entries_by_category(register=register)
    for group in groups:
        for entry in group.entries:
            # Shown in the campaign's scheme (高/中/低 or 一级…; A/B/C at post level).
            entry.grade_text = register_grade_label(register, entry.grade)
    return render(
        request,
        "registers/import_done.html",
        {"register": register, "groups": groups, "step": 4},
    )
