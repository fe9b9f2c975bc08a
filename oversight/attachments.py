"""Evidence files on actions, warnings and rectification items, safely.

- Checked before anything is stored: a size limit (OVERSIGHT_ATTACHMENT_MAX_BYTES) read from the
  upload itself, and a type known by its first bytes, not by its name or the browser's word: PDF,
  PNG, JPEG, Office files (.docx/.xlsx/.pptx, and the old .doc/.xls), OFD, and plain UTF-8 text.
  HTML, SVG, scripts and programs are refused whatever they are called.
- Stored through Django's storage API (the file system under MEDIA_ROOT by default; any storage
  backend, e.g. django-storages' S3, by STORAGES["default"]), under a generated name.
- Served only as a download (Content-Disposition: attachment, nosniff, a sandboxing CSP), only to
  those who may see the parent (404 otherwise), and every download is audited.

Each kind of parent is registered with who may see it and who may add or remove its files
(`register_parent`), by the area that owns the model.
"""

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from audit import actions
from audit.services import audit_record
from orgs.http import AuthenticatedHttpRequest
from orgs.models import User
from oversight.models import Attachment
from registers.exceptions import DomainError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Type → (the extensions it may carry, the MIME type it is stored and served as).
_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "png": ((".png",), "image/png"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "zip-office": ((".docx", ".xlsx", ".pptx", ".ofd"), "application/octet-stream"),
    "ole-office": ((".doc", ".xls", ".ppt"), "application/octet-stream"),
    "text": ((".txt",), "text/plain; charset=utf-8"),
}


@dataclass(frozen=True)
class ParentKind:
    """A model whose rows may carry attachments, and who may see or change them."""

    model: type[models.Model]
    can_see: Callable[[User, models.Model], bool]
    can_edit: Callable[[User, models.Model], bool]
    url: Callable[[models.Model], str]


_PARENTS: dict[str, ParentKind] = {}


def register_parent(name: str, kind: ParentKind) -> None:
    _PARENTS[name] = kind


def max_bytes() -> int:
    return int(getattr(settings, "OVERSIGHT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


class AttachmentRefused(DomainError):
    """The file may not be stored; `message` says why."""


def _sniffed(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip-office"
    if head.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        return "ole-office"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the sample is still text.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if "\x00" in text or text.lstrip().lower().startswith(("<", "#!")):
        return None
    return "text"


def attachment_check(upload: UploadedFile) -> str:
    """The MIME type the file is stored as; AttachmentRefused when it may not be stored."""
    name = os.path.basename(upload.name or "")
    size = upload.size or 0
    if size > max_bytes():
        raise AttachmentRefused(
            _("文件“%(name)s”过大(%(size).1f MB),附件最大 %(limit).0f MB。")
            % {"name": name, "size": size / 2**20, "limit": max_bytes() / 2**20}
        )
    if size == 0:
        raise AttachmentRefused(_("文件“%(name)s”是空的。") % {"name": name})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = _sniffed(head)
    extension = os.path.splitext(name)[1].lower()
    allowed = ", ".join(ext for extensions, _type in _TYPES.values() for ext in extensions)
    if kind is None or extension not in _TYPES[kind][0]:
        raise AttachmentRefused(
            _("不接受文件“%(name)s”:附件只能是 %(allowed)s 文件,且内容须与扩展名相符。")
            % {"name": name, "allowed": allowed}
        )
    return _TYPES[kind][1]


def _kind_of(parent: models.Model) -> tuple[str, ParentKind]:
    for name, kind in _PARENTS.items():
        if isinstance(parent, kind.model):
            return name, kind
    raise LookupError(type(parent).__name__)


@transaction.atomic
def attachment_add(
    *, parent: models.Model, upload: UploadedFile, actor: User, note: str = ""
) -> Attachment:
    mime_type = attachment_check(upload)
    name = os.path.basename(upload.name or "")[-200:]
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(parent),
        object_id=parent.pk,
        name=name,
        size=upload.size or 0,
        mime_type=mime_type,
        note=note[:200],
        uploaded_by=actor,
    )
    # A generated name: the user's name is kept in the row, never used as a path.
    extension = os.path.splitext(name)[1].lower()
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    attachment.save()
    audit_record(
        action=actions.ATTACHMENT_UPLOAD,
        actor=actor,
        obj=parent,
        data={"attachment": attachment.pk, "name": name, "size": attachment.size},
    )
    return attachment


def attachments_of(parent: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(parent), object_id=parent.pk
    ).select_related("uploaded_by")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("附件"))
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)


def _parent_for(request: AuthenticatedHttpRequest, attachment: Attachment) -> ParentKind:
    parent = attachment.parent
    if parent is None:
        raise Http404
    _name, kind = _kind_of(parent)
    if not kind.can_see(request.user, parent):
        raise Http404
    return kind


@login_required
@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_object_or_404(Attachment, pk=pk)
    _parent_for(request, attachment)
    try:
        stream = attachment.file.open("rb")
    except OSError as error:
        # The row outlived its file (a storage restored from an older backup): nothing to hand.
        raise Http404 from error
    audit_record(
        action=actions.ATTACHMENT_DOWNLOAD,
        actor=request.user,
        obj=attachment.parent,
        data={"attachment": attachment.pk, "name": attachment.name},
    )
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
@require_POST
def attachment_upload(
    request: AuthenticatedHttpRequest, kind_name: str, object_id: int
) -> HttpResponse:
    kind = _PARENTS.get(kind_name)
    if kind is None:
        raise Http404
    parent = get_object_or_404(kind.model, pk=object_id)
    if not kind.can_see(request.user, parent):
        raise Http404
    if not kind.can_edit(request.user, parent):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            attachment_add(
                parent=parent,
                upload=form.cleaned_data["file"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except AttachmentRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("附件已上传。"))
    return redirect(kind.url(parent))


@login_required
@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    kind = _parent_for(request, attachment)
    parent = attachment.parent
    assert parent is not None
    if not kind.can_edit(request.user, parent) or attachment.uploaded_by_id != request.user.pk:
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            action=actions.ATTACHMENT_DELETE,
            actor=request.user,
            obj=parent,
            data={"attachment": attachment.pk, "name": attachment.name},
        )
        attachment.delete()
    attachment.file.delete(save=False)
    messages.success(request, _("附件已删除。"))
    return redirect(kind.url(parent))
