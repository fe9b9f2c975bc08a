"""The committee's records (added, edited, deleted; audited), the rows of the files hidden from
readers of the trail outside the committee, and the file as a PDF."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from archives.choices import RecordKind
from archives.models import IntegrityRecord
from archives.permissions import ARCHIVE_ACTIONS
from archives.services import (
    RecordData,
    access_request_create,
    access_request_decide,
    record_create,
    record_delete,
)
from audit import actions
from audit.models import AuditEntry
from audit.visibility import audit_rows_visible_to
from orgs.models import User
from oversight.attachments import attachments_of
from oversight.models import Attachment
from tests.archives.conftest import DRAFT_FACTS, ISSUED_FACTS, Filed, approved, pdf_text
from tests.clients import client_for
from tests.factories import UserFactory


def test_the_committee_records_edits_and_deletes(filed: Filed) -> None:
    cast = filed.cast
    committee = client_for(cast.committee)
    create = reverse("archives:record_create", args=[filed.person.pk])
    response = committee.post(
        create,
        {
            "kind": RecordKind.CONVERSATION,
            "occurred_on": timezone.localdate().isoformat(),
            "title": "提醒谈话",
            "content": "就群众反映问题进行提醒谈话。",
        },
    )
    record = IntegrityRecord.objects.get(title="提醒谈话")
    assert response["Location"] == reverse("archives:record_edit", args=[record.pk])
    assert record.recorded_by == cast.committee
    edit = reverse("archives:record_edit", args=[record.pk])
    committee.post(
        edit,
        {"kind": RecordKind.TALK, "occurred_on": record.occurred_on.isoformat(), "title": "约谈"},
    )
    record.refresh_from_db()
    assert (record.kind, record.title) == (RecordKind.TALK, "约谈")
    committee.post(reverse("archives:record_delete", args=[record.pk]))
    assert not IntegrityRecord.objects.filter(pk=record.pk).exists()
    trail = list(
        AuditEntry.objects.filter(object_type="archives.integrityrecord", object_id=str(record.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert trail == [
        actions.INTEGRITY_RECORD_CREATE,
        actions.INTEGRITY_RECORD_UPDATE,
        actions.INTEGRITY_RECORD_DELETE,
    ]


def test_bad_records_are_refused_at_their_field(filed: Filed) -> None:
    create = reverse("archives:record_create", args=[filed.person.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(filed.cast.committee).post(
        create, {"kind": RecordKind.TALK, "occurred_on": tomorrow, "title": "x"}
    )
    assert response.status_code == 200
    assert "日期不能晚于今天" in response.content.decode()
    response = client_for(filed.cast.committee).post(
        create, {"kind": "nonsense", "occurred_on": "2026-01-01", "title": "x"}
    )
    assert response.status_code == 200
    assert IntegrityRecord.objects.count() == 3


@pytest.mark.parametrize(("who", "status"), [("filler", 403), ("admin", 404), ("head", 404)])
def test_only_the_committee_records(filed: Filed, who: str, status: int) -> None:
    user = getattr(filed.cast, who)
    client = client_for(user)
    assert (
        client.get(reverse("archives:record_create", args=[filed.person.pk])).status_code == status
    )
    assert (
        client.post(reverse("archives:record_delete", args=[filed.talk.pk])).status_code == status
    )
    assert IntegrityRecord.objects.filter(pk=filed.talk.pk).exists()


def test_a_requester_reads_records_but_never_edits_them(filed: Filed) -> None:
    approved(filed, filed.cast.admin)
    client = client_for(filed.cast.admin)
    assert client.get(reverse("archives:record_edit", args=[filed.talk.pk])).status_code == 403


def test_no_one_records_in_his_own_file(filed: Filed) -> None:
    cast = filed.cast
    with pytest.raises(PermissionDenied):
        record_create(
            person=cast.committee,
            actor=cast.committee,
            data=RecordData(kind=RecordKind.TALK, occurred_on=timezone.localdate(), title="x"),
        )


def test_archive_rows_are_hidden_outside_the_committee_but_for_ones_own(filed: Filed) -> None:
    """Decided: the administrator (who reads the trail) sees none of the files' rows — records,
    requests, readings, uploads of records — except his own doings (his 调阅 request, his
    readings: he knows them already)."""
    cast = filed.cast
    client_for(cast.filler).get(reverse("archives:person", args=[filed.person.pk]))
    client_for(cast.committee).get(reverse("archives:person", args=[filed.person.pk]))
    approved(filed, cast.admin)
    client_for(cast.admin).get(reverse("archives:person", args=[filed.person.pk]))

    archive_rows = AuditEntry.objects.filter(
        action__in=[
            actions.ARCHIVE_READ,
            actions.INTEGRITY_RECORD_CREATE,
            actions.ACCESS_REQUEST_CREATE,
            actions.ACCESS_REQUEST_DECIDE,
            actions.ATTACHMENT_UPLOAD,
        ]
    )
    everything = set(archive_rows.values_list("pk", flat=True))
    assert set(audit_rows_visible_to(cast.committee).filter(pk__in=everything)) == set(archive_rows)
    admin_sees = audit_rows_visible_to(cast.admin).filter(pk__in=everything)
    assert set(admin_sees.values_list("actor", flat=True)) == {cast.admin.pk}
    assert set(admin_sees.values_list("action", flat=True)) == {
        actions.ACCESS_REQUEST_CREATE,
        actions.ARCHIVE_READ,
    }
    # The audit log page says the same.
    page = client_for(cast.admin).get(reverse("workflow:audit_log")).content.decode()
    assert "任前廉政谈话" not in page
    assert (
        "任前廉政谈话"
        in client_for(cast.committee).get(reverse("workflow:audit_log")).content.decode()
    )


def test_the_pdf_holds_the_sections_and_records(filed: Filed) -> None:
    response = client_for(filed.cast.filler).get(
        reverse("archives:person_pdf", args=[filed.person.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for heading in (
        "个人廉政档案",
        "基本情况",
        "一、廉政风险清单(个人/岗位)",
        "二、承诺书和报告书",
        "三、廉情预警",
        "四、约谈和谈话",
        "五、述廉报告",
        "六、个人有关事项报告",
        "七、廉政考核结果",
    ):
        assert heading in text, heading
    for record in (
        "刘经办",
        "审批处",
        "任前廉政谈话",
        "年度述廉报告",
        "述廉报告.txt",
        "配偶经商情况",
    ):
        assert record in text, record
    assert "".join(ISSUED_FACTS.split()) in text
    assert DRAFT_FACTS not in text


def test_a_committee_member_does_not_see_the_rows_about_his_own_file(filed: Filed) -> None:
    """The requests about his file and its readings are hidden from the member himself (as the
    queue and the requests' pages hide them), but for his own doings; the other member sees
    them all, and the member still sees the rows about other files."""
    cast = filed.cast
    member = cast.committee
    peer = UserFactory(username="committee2", name="郑纪委", unit=cast.bureau)
    peer.is_committee_member = True
    peer.save(update_fields=["is_committee_member"])
    about_him = access_request_create(actor=cast.admin, person=member, reason="考察", days=3)
    access_request_decide(request=about_him, actor=peer, approve=True)
    about_filler = approved(filed, cast.head)
    his_file = reverse("archives:person", args=[member.pk])
    client_for(cast.admin).get(his_file)
    client_for(peer).get(his_file)
    client_for(peer).get(reverse("archives:person_pdf", args=[member.pk]))
    client_for(member).get(his_file)  # his own reading
    client_for(member).get(reverse("archives:person", args=[filed.person.pk]))

    def rows(reader: User) -> set[tuple[str, int | None, str]]:
        return set(
            audit_rows_visible_to(reader)
            .filter(action__in=ARCHIVE_ACTIONS)
            .values_list("action", "actor_id", "object_id")
        )

    request_rows = {
        (actions.ACCESS_REQUEST_CREATE, cast.admin.pk, str(about_him.pk)),
        (actions.ACCESS_REQUEST_DECIDE, peer.pk, str(about_him.pk)),
    }
    readings = {
        (actions.ARCHIVE_READ, cast.admin.pk, str(member.pk)),
        (actions.ARCHIVE_READ, peer.pk, str(member.pk)),
        (actions.ARCHIVE_EXPORT_PDF, peer.pk, str(member.pk)),
    }
    own = (actions.ARCHIVE_READ, member.pk, str(member.pk))
    others = {
        (actions.ACCESS_REQUEST_CREATE, cast.head.pk, str(about_filler.pk)),
        (actions.ACCESS_REQUEST_DECIDE, member.pk, str(about_filler.pk)),
        (actions.ARCHIVE_READ, member.pk, str(filed.person.pk)),
    }
    assert rows(peer) >= request_rows | readings | others | {own}
    seen = rows(member)
    assert not seen & (request_rows | readings)
    assert {own} | others <= seen
    # The audit log page says the same.
    log = reverse("workflow:audit_log")
    about = {"object_type": "archives.accessrequest", "object_id": str(about_him.pk)}
    assert 'data-action="' not in client_for(member).get(log, about).content.decode()
    assert client_for(peer).get(log, about).content.decode().count('data-action="') == 2


def test_deleting_a_record_deletes_its_uploads(
    filed: Filed, django_capture_on_commit_callbacks: Any
) -> None:
    attachment = attachments_of(filed.report).get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        record_delete(record=filed.report, actor=filed.cast.committee)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)
    row = AuditEntry.objects.get(
        action=actions.INTEGRITY_RECORD_DELETE, object_id=str(filed.report.pk)
    )
    assert row.data["attachments"] == ["述廉报告.txt"]
