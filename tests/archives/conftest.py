"""The cast (tests/conftest.py) with an integrity file for 刘经办 (filler): a talk, a 述廉 report
with its upload and a declaration recorded by the committee, a warning issued to him (delivered)
and a draft one (not delivered: never part of a file). 王局长 (principal) is in the party group,
who approves warnings; 钱同事 (colleague) works beside the filler in 审批处."""

import io
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from archives.choices import RecordKind
from archives.models import AccessRequest, IntegrityRecord
from archives.services import (
    RecordData,
    access_request_create,
    access_request_decide,
    record_create,
)
from orgs.models import User
from oversight.attachments import attachment_add
from oversight.choices import Disposal, WarningLevel
from oversight.models import Warning
from oversight.warnings import services as warning_services
from oversight.warnings.services import WarningData
from tests.conftest import Cast
from tests.factories import UserFactory

ISSUED_FACTS = "在环评审批中多次接受服务对象宴请。"
DRAFT_FACTS = "尚在拟稿的预警事由。"


@dataclass
class Filed:
    cast: Cast
    colleague: User
    talk: IntegrityRecord
    report: IntegrityRecord
    declaration: IntegrityRecord
    issued: Warning
    draft: Warning

    @property
    def person(self) -> User:
        return self.cast.filler


def draft_warning(cast: Cast, facts: str) -> Warning:
    return warning_services.warning_create(
        actor=cast.committee,
        data=WarningData(
            level=WarningLevel.GENERAL,
            disposal=Disposal.REMINDER,
            subject_unit=cast.dept,
            subject_user=cast.filler,
            facts=facts,
            requirement="书面说明情况。",
            deadline=timezone.localdate() + timedelta(days=10),
        ),
    )


@pytest.fixture
def filed(cast: Cast, settings: Any, tmp_path: Path) -> Filed:
    settings.MEDIA_ROOT = tmp_path
    cast.principal.is_party_group_member = True
    cast.principal.save(update_fields=["is_party_group_member"])
    today = timezone.localdate()
    colleague = UserFactory(username="colleague", name="钱同事", unit=cast.dept)

    def record(kind: str, title: str, content: str) -> IntegrityRecord:
        return record_create(
            person=cast.filler,
            actor=cast.committee,
            data=RecordData(kind=kind, occurred_on=today, title=title, content=content),
        )

    talk = record(RecordKind.TALK, "任前廉政谈话", "提醒严守审批纪律。")
    report = record(RecordKind.INTEGRITY_REPORT, "年度述廉报告", "本年度认真履行一岗双责。")
    attachment_add(
        parent=report,
        upload=SimpleUploadedFile("述廉报告.txt", "述廉报告全文".encode()),
        actor=cast.committee,
    )
    declaration = record(RecordKind.DECLARATION, "个人有关事项报告", "配偶经商情况:无。")
    issued = draft_warning(cast, ISSUED_FACTS)
    warning_services.warning_submit(warning=issued, actor=cast.committee)
    warning_services.warning_approve(warning=issued, actor=cast.principal, note="同意")
    issued.refresh_from_db()
    draft = draft_warning(cast, DRAFT_FACTS)
    return Filed(cast, colleague, talk, report, declaration, issued, draft)


def pdf_text(content: bytes) -> str:
    """A PDF's text, without the spaces the layout puts in."""
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)


def approved(filed: Filed, requester: User, *, days: int = 7) -> AccessRequest:
    """An approved 调阅 of the filler's file by `requester`."""
    request = access_request_create(
        actor=requester, person=filed.person, reason="干部考察需要", days=days
    )
    return access_request_decide(request=request, actor=filed.cast.committee, approve=True)
