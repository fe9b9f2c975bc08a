"""The writes of the integrity files (廉政档案): the committee's records, the 调阅 requests and
their decisions, the audited readings, and the yearly snapshot."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.choices import AccessState, RecordKind
from archives.models import AccessRequest, ArchiveSnapshot, IntegrityRecord
from archives.permissions import Ground, can_decide, can_edit_records, is_committee
from archives.selectors import person_file, unit_file
from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import committee_members, notify
from orgs.models import Unit, User
from oversight.attachments import attachments_of
from oversight.models import Attachment
from registers.exceptions import DomainError

MAX_DAYS = 30


# --- Records (talks, 述廉 reports, declarations) ----------------------------------------------


@dataclass(frozen=True)
class RecordData:
    kind: str
    occurred_on: date
    title: str
    content: str = ""


def _check_record(data: RecordData, today: date) -> None:
    if data.kind not in RecordKind.values:
        raise DomainError(_("请选择记录类型。"), field="kind")
    if not data.title.strip():
        raise DomainError(_("请填写标题。"), field="title")
    if data.occurred_on > today:
        raise DomainError(_("日期不能晚于今天。"), field="occurred_on")


def _record_data(record: IntegrityRecord) -> dict[str, Any]:
    return {
        "person": record.person_id,
        "kind": record.kind,
        "occurred_on": record.occurred_on.isoformat(),
        "title": record.title,
    }


@transaction.atomic
def record_create(*, person: User, actor: User, data: RecordData) -> IntegrityRecord:
    if not can_edit_records(actor, person):
        raise PermissionDenied
    _check_record(data, timezone.localdate())
    record = IntegrityRecord.objects.create(
        person=person,
        kind=data.kind,
        occurred_on=data.occurred_on,
        title=data.title.strip(),
        content=data.content.strip(),
        recorded_by=actor,
    )
    audit_record(
        action=actions.INTEGRITY_RECORD_CREATE, actor=actor, obj=record, data=_record_data(record)
    )
    return record


@transaction.atomic
def record_update(*, record: IntegrityRecord, actor: User, data: RecordData) -> IntegrityRecord:
    locked = IntegrityRecord.objects.select_for_update().get(pk=record.pk)
    if not can_edit_records(actor, locked.person):
        raise PermissionDenied
    _check_record(data, timezone.localdate())
    before = _record_data(locked)
    locked.kind = data.kind
    locked.occurred_on = data.occurred_on
    locked.title = data.title.strip()
    locked.content = data.content.strip()
    locked.save(update_fields=["kind", "occurred_on", "title", "content"])
    audit_record(
        action=actions.INTEGRITY_RECORD_UPDATE,
        actor=actor,
        obj=locked,
        data={**_record_data(locked), "old_values": before},
    )
    return locked


@transaction.atomic
def record_delete(*, record: IntegrityRecord, actor: User) -> None:
    """Removes the record with its uploads: their rows now, their stored files once the deletion
    is committed (a rollback keeps both); the audit row names the files removed."""
    locked = IntegrityRecord.objects.select_for_update().get(pk=record.pk)
    if not can_edit_records(actor, locked.person):
        raise PermissionDenied
    uploads = list(attachments_of(locked))
    audit_record(
        action=actions.INTEGRITY_RECORD_DELETE,
        actor=actor,
        obj=locked,
        data={
            **_record_data(locked),
            "attachments": [a.name for a in uploads],
        },
    )
    files = [a.file for a in uploads]
    Attachment.objects.filter(pk__in=[a.pk for a in uploads]).delete()
    locked.delete()

    def remove_files() -> None:
        for stored in files:
            stored.delete(save=False)

    transaction.on_commit(remove_files)


# --- Readings ---------------------------------------------------------------------------------


def _reading_data(ground: Ground, view: str, extra: dict[str, Any] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"ground": ground.label, "view": view}
    if ground.access_request is not None:
        data["access_request"] = ground.access_request.pk
    return {**data, **(extra or {})}


@transaction.atomic
def archive_record_read(
    *,
    actor: User,
    subject: User | Unit,
    ground: Ground,
    view: str = "page",
    extra: dict[str, Any] | None = None,
) -> None:
    """Every reading of a file (its page, a snapshot) leaves a row naming the subject (the row's
    object) and the ground."""
    action = actions.ARCHIVE_EXPORT_PDF if view == "pdf" else actions.ARCHIVE_READ
    audit_record(action=action, actor=actor, obj=subject, data=_reading_data(ground, view, extra))


# --- 调阅 requests ----------------------------------------------------------------------------


def _subject_name(request: AccessRequest) -> str:
    if request.person is not None:
        return request.person.name
    assert request.unit is not None
    return request.unit.name


@transaction.atomic
def access_request_create(
    *,
    actor: User,
    reason: str,
    days: int,
    person: User | None = None,
    unit: Unit | None = None,
) -> AccessRequest:
    if (person is None) == (unit is None):
        raise DomainError(_("请选择要调阅的个人或单位(二者选一)。"))
    if not reason.strip():
        raise DomainError(_("请填写调阅事由。"), field="reason")
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(_("调阅期限为 1 至 %(max)s 天。") % {"max": MAX_DAYS}, field="days")
    if person is not None and person.pk == actor.pk:
        raise DomainError(_("本人的廉政档案可直接在“我的廉政档案”中查阅,无需申请。"))
    if is_committee(actor):
        raise DomainError(_("纪委成员可直接查阅廉政档案,无需申请。"))
    try:
        # One pending request per requester and file: the unique constraints decide, also
        # between two submissions at once (a lock on rows not yet there would lock nothing).
        with transaction.atomic():
            request = AccessRequest.objects.create(
                requester=actor, person=person, unit=unit, reason=reason.strip(), days=days
            )
    except IntegrityError:
        raise DomainError(_("您对该档案已有待审批的调阅申请,请等待审批或撤回后再申请。")) from None
    audit_record(
        action=actions.ACCESS_REQUEST_CREATE,
        actor=actor,
        obj=request,
        data={"subject": _subject_name(request), "days": days},
    )
    notify(
        recipients=[m for m in committee_members() if person is None or m.pk != person.pk],
        kind=NotificationKind.OTHER,
        title=_("新的廉政档案调阅申请"),
        body=_("%(requester)s申请调阅%(subject)s的廉政档案,请审批。")
        % {"requester": actor.name, "subject": _subject_name(request)},
        url=reverse("archives:access_detail", args=[request.pk]),
        exclude=actor,
    )
    return request


@transaction.atomic
def access_request_decide(
    *,
    request: AccessRequest,
    actor: User,
    approve: bool,
    note: str = "",
    days: int | None = None,
) -> AccessRequest:
    """Approve (for the requested days, or fewer) or refuse (with a note)."""
    locked = (
        AccessRequest.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=request.pk)
    )
    if not is_committee(actor) or locked.requester_id == actor.pk or locked.person_id == actor.pk:
        raise PermissionDenied
    if locked.state != AccessState.PENDING:
        raise DomainError(_("该申请已处理,不能再审批。"))
    assert can_decide(actor, locked)
    now = timezone.now()
    if approve:
        period = locked.days if days is None else days
        if not 1 <= period <= locked.days:
            raise DomainError(
                _("批准的调阅期限为 1 至 %(max)s 天(不超过申请的期限)。") % {"max": locked.days},
                field="days",
            )
        locked.state = AccessState.APPROVED
        locked.valid_until = now + timedelta(days=period)
        locked.days = period
    else:
        if not note.strip():
            raise DomainError(_("不予批准时请填写审批意见。"), field="note")
        locked.state = AccessState.REFUSED
    locked.decided_by = actor
    locked.decided_at = now
    locked.decision_note = note.strip()
    locked.save(
        update_fields=["state", "valid_until", "days", "decided_by", "decided_at", "decision_note"]
    )
    audit_record(
        action=actions.ACCESS_REQUEST_DECIDE,
        actor=actor,
        obj=locked,
        data={
            "subject": _subject_name(locked),
            "state": locked.state,
            "days": locked.days if approve else None,
        },
    )
    if approve:
        assert locked.valid_until is not None
        body = _("您调阅%(subject)s廉政档案的申请已批准,有效期至%(until)s。") % {
            "subject": _subject_name(locked),
            "until": timezone.localtime(locked.valid_until).strftime("%Y-%m-%d %H:%M"),
        }
    else:
        body = _("您调阅%(subject)s廉政档案的申请未获批准:%(note)s") % {
            "subject": _subject_name(locked),
            "note": locked.decision_note,
        }
    notify(
        recipients=[locked.requester],
        kind=NotificationKind.OTHER,
        title=_("档案调阅申请已审批"),
        body=body,
        url=reverse("archives:access_detail", args=[locked.pk]),
    )
    return locked


@transaction.atomic
def access_request_withdraw(*, request: AccessRequest, actor: User) -> AccessRequest:
    locked = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if locked.requester_id != actor.pk:
        raise PermissionDenied
    if locked.state != AccessState.PENDING:
        raise DomainError(_("只能撤回待审批的申请。"))
    locked.state = AccessState.WITHDRAWN
    locked.save(update_fields=["state"])
    audit_record(action=actions.ACCESS_REQUEST_WITHDRAW, actor=actor, obj=locked)
    return locked


# --- The yearly snapshot ----------------------------------------------------------------------


def content_digest(content: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a snapshot's content."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SnapshotSummary:
    year: int
    people: int
    units: int

    @property
    def created(self) -> int:
        return self.people + self.units


def _freeze(*, year: int, person: User | None = None, unit: Unit | None = None) -> bool:
    """One subject's snapshot; False when it was already there."""
    existing = ArchiveSnapshot.objects.filter(year=year, person=person, unit=unit)
    if existing.exists():
        return False
    archive = person_file(person, year=year) if person is not None else unit_file(unit, year=year)  # type: ignore[arg-type]
    content = json.loads(json.dumps(archive.as_json(), ensure_ascii=False, default=str))
    try:
        with transaction.atomic():
            ArchiveSnapshot.objects.create(
                person=person, unit=unit, year=year, content=content, digest=content_digest(content)
            )
    except IntegrityError:
        return False  # another run froze it meanwhile
    return True


@transaction.atomic
def archives_snapshot(
    *, year: int, actor: User | None = None, actor_name: str = ""
) -> SnapshotSummary:
    """Freeze every person's and unit's file of `year` (once per subject and year: a second run
    adds only the missing ones)."""
    if year < 2000 or year > timezone.localdate().year:
        raise DomainError(_("年度无效。"))
    people = sum(
        _freeze(year=year, person=person)
        for person in User.objects.filter(is_active=True, unit__isnull=False).select_related(
            "unit", "post"
        )
    )
    units = sum(
        _freeze(year=year, unit=unit)
        for unit in Unit.objects.select_related("head", "leader_in_charge")
    )
    summary = SnapshotSummary(year=year, people=people, units=units)
    audit_record(
        action=actions.ARCHIVE_SNAPSHOT,
        actor=actor,
        actor_name=actor_name,
        data={"year": year, "people": people, "units": units},
    )
    return summary
