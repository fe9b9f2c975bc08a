"""Evidence files: checked by their bytes, stored under a generated name, served only as a
download to those who may see the parent, every download audited."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from audit import actions
from audit.models import AuditEntry
from orgs.models import User
from oversight import attachments
from oversight.attachments import (
    AttachmentRefused,
    ParentKind,
    attachment_add,
    attachment_check,
    attachments_of,
)
from oversight.models import Attachment, Lead
from tests.conftest import Cast

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def lead(cast: Cast, settings: Settings, tmp_path: Path) -> Iterator[Lead]:
    """A parent seen by the committee only and changed by the committee only, registered for
    this test under the kind "testlead"."""
    settings.MEDIA_ROOT = tmp_path
    lead = Lead.objects.create(
        source="petition", summary="反映审批处收受礼品", received_on="2026-11-01"
    )

    def committee(user: User, _parent: object) -> bool:
        return user.pk == cast.committee.pk

    kind = ParentKind(model=Lead, can_see=committee, can_edit=committee, url=lambda _p: "/")
    saved = dict(attachments._PARENTS)
    attachments._PARENTS.clear()  # this kind alone: Lead may be registered by the app too
    attachments.register_parent("testlead", kind)
    yield lead
    attachments._PARENTS.clear()
    attachments._PARENTS.update(saved)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("情况说明.pdf", PDF, "application/pdf"),
        ("现场照片.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 50, "image/jpeg"),
        ("整改报告.docx", b"PK\x03\x04" + b"\0" * 50, "application/octet-stream"),
        ("说明.txt", "已按要求完成整改。".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_known_types_are_accepted(name: str, content: bytes, mime: str) -> None:
    assert attachment_check(_upload(name, content)) == mime


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),  # a name that lies
        ("image.svg", b"<svg onload=alert(1)></svg>"),
        ("tool.exe", b"MZ\x90\x00" + b"\0" * 50),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("report.pdf.exe", PDF),  # the extension decides what it is called
        ("empty.pdf", b""),
    ],
)
def test_other_files_are_refused(name: str, content: bytes) -> None:
    with pytest.raises(AttachmentRefused):
        attachment_check(_upload(name, content))


def test_the_size_limit_is_read_from_the_file(settings: Settings) -> None:
    settings.OVERSIGHT_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(AttachmentRefused, match="过大"):
        attachment_check(_upload("big.pdf", PDF + b"0" * 200))


def test_upload_download_and_delete_through_the_views(
    client: Client, cast: Cast, lead: Lead, tmp_path: Path
) -> None:
    client.force_login(cast.committee)
    url = reverse("oversight:attachment_upload", args=["testlead", lead.pk])
    response = client.post(url, {"file": _upload("../../情况说明.pdf", PDF), "note": "原件"})
    assert response.status_code == 302
    [attachment] = attachments_of(lead)
    assert attachment.name == "情况说明.pdf" and attachment.note == "原件"
    # Stored under a generated name inside MEDIA_ROOT, never the user's.
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(tmp_path) and "情况说明" not in stored.name
    download = client.get(reverse("oversight:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(action=actions.ATTACHMENT_DOWNLOAD).count() == 1
    # A refused file: a message, nothing stored.
    client.post(url, {"file": _upload("x.html", b"<html></html>")})
    assert attachments_of(lead).count() == 1
    delete = reverse("oversight:attachment_delete", args=[attachment.pk])
    assert client.post(delete).status_code == 302
    assert not Attachment.objects.exists() and not stored.exists()


def test_whoever_may_not_see_the_parent_gets_404(client: Client, cast: Cast, lead: Lead) -> None:
    attachment = attachment_add(parent=lead, upload=_upload("a.pdf", PDF), actor=cast.committee)
    for user in (cast.admin, cast.outsider, cast.head):
        client.force_login(user)
        download = reverse("oversight:attachment_download", args=[attachment.pk])
        assert client.get(download).status_code == 404
        assert (
            client.post(reverse("oversight:attachment_delete", args=[attachment.pk])).status_code
            == 404
        )
        upload = reverse("oversight:attachment_upload", args=["testlead", lead.pk])
        assert client.post(upload, {"file": _upload("b.pdf", PDF)}).status_code == 404
    assert not AuditEntry.objects.filter(action=actions.ATTACHMENT_DOWNLOAD).exists()
    client.force_login(cast.committee)
    unknown = reverse("oversight:attachment_upload", args=["nosuch", 1])
    assert client.get(unknown).status_code == 405
    assert client.post(unknown).status_code == 404
