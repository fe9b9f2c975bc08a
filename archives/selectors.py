"""What an integrity file (廉政档案) holds, read from the apps below, as one plain structure: the
page, the PDF and the yearly snapshot (stored as JSON) all render it, so they cannot disagree.

A file is a list of sections, each a table (columns and rows of text). A row may carry links
(`url`, its attachments' urls) for the live page; a snapshot keeps the text only.

The warnings and the rectification items of warnings are confidential to their warning's circle
(oversight.warnings.permissions.warnings_visible_to). Their rows keep the id of that warning
(also in a snapshot), and `for_reader` leaves out, by one query, the rows a 调阅 reader outside
that circle may not read — on the live page, in the PDF and in a snapshot alike.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.choices import AccessState, RecordKind
from archives.models import AccessRequest, ArchiveSnapshot, IntegrityRecord
from archives.permissions import (
    ACCESS,
    Ground,
    access_requests_visible_to,
    can_decide,
    can_edit_records,
    ground_for_person,
    ground_for_unit,
    is_committee,
)
from assessment.selectors import my_results
from commitments.models import Commitment
from orgs.models import Unit, User
from oversight.models import Attachment, Lead, Rectification, Warning
from oversight.warnings.permissions import DELIVERED_STATES, warnings_visible_to
from registers.choices import RegisterLevel
from registers.models import Register
from workflow.models import PublishedVersion

PAGE_SIZE = 30
# The warning id of a confidential row frozen before rows kept it: no warning has it, so such a
# row is left out for every 调阅 reader (fail closed).
UNKNOWN_WARNING = 0


@dataclass
class Row:
    cells: list[str]
    url: str = ""
    attachments: list[dict[str, str]] = field(default_factory=list)
    flag: str = ""  # "adverse": an assessment graded 不良, marked in the file
    # In a confidential section: the warning whose circle may read the row (None: not from a
    # warning, e.g. a rectification item from an inspection).
    warning_id: int | None = None

    def as_json(self, *, confidential: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "cells": self.cells,
            "attachments": [{"name": a["name"]} for a in self.attachments],
            "flag": self.flag,
        }
        if confidential:
            data["warning"] = self.warning_id
        return data


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    committee_only: bool = False
    new_url: str = ""  # where the committee adds a record of this section
    confidential: bool = False  # rows read only within their warning's circle (Row.warning_id)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "columns": self.columns,
            "rows": [row.as_json(confidential=self.confidential) for row in self.rows],
            "committee_only": self.committee_only,
            "confidential": self.confidential,
        }


@dataclass
class ArchiveFile:
    """One person's or one unit's file; `facts` are the heading's label/value pairs."""

    kind: str  # "person" | "unit"
    name: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    year: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "year": self.year,
            "facts": [[label, value] for label, value in self.facts],
            "sections": [section.as_json() for section in self.sections],
        }


# The sections confidential by their warnings, also in a snapshot frozen before they said so.
CONFIDENTIAL_SECTIONS = frozenset({"warnings", "rectifications"})


def _frozen_warning(row: dict[str, Any], confidential: bool) -> int | None:
    if not confidential:
        return None
    warning = row.get("warning", UNKNOWN_WARNING)
    return warning if warning is None else int(warning)


def _frozen_section(data: dict[str, Any]) -> Section:
    key = str(data.get("key", ""))
    confidential = bool(data.get("confidential", False)) or key in CONFIDENTIAL_SECTIONS
    return Section(
        key=key,
        title=str(data.get("title", "")),
        columns=[str(c) for c in data.get("columns", [])],
        rows=[
            Row(
                cells=[str(c) for c in r.get("cells", [])],
                attachments=[{"name": str(a.get("name", ""))} for a in r.get("attachments", [])],
                flag=str(r.get("flag", "")),
                warning_id=_frozen_warning(r, confidential),
            )
            for r in data.get("rows", [])
        ],
        committee_only=bool(data.get("committee_only", False)),
        confidential=confidential,
    )


def file_from_json(content: dict[str, Any]) -> ArchiveFile:
    """A snapshot's file, to render with the live file's template."""
    return ArchiveFile(
        kind=str(content.get("kind", "")),
        name=str(content.get("name", "")),
        year=content.get("year"),
        facts=[(str(label), str(value)) for label, value in content.get("facts", [])],
        sections=[_frozen_section(s) for s in content.get("sections", [])],
    )


def _visible_warning_ids(reader: User, ids: set[int]) -> set[int]:
    """Which of the warnings `ids` `reader` may read: one query, by the warnings' own rule."""
    if not ids:
        return set()
    return set(warnings_visible_to(reader).filter(pk__in=ids).values_list("pk", flat=True))


def for_reader(archive: ArchiveFile, ground: Ground, reader: User) -> ArchiveFile:
    """The file as `reader`, on `ground`, may read it: the committee's sections only for the
    committee; on a 调阅 only the warnings, and the rectification items of warnings, in whose
    circle the reader is (the person himself keeps every warning he received; the committee
    reads all delivered ones)."""
    if ground.is_committee:
        return archive
    sections = [s for s in archive.sections if not s.committee_only]
    if ground.kind == ACCESS:
        confidential = [s for s in sections if s.confidential]
        ids = {row.warning_id for s in confidential for row in s.rows if row.warning_id is not None}
        visible = _visible_warning_ids(reader, ids)
        for section in confidential:
            section.rows = [
                row for row in section.rows if row.warning_id is None or row.warning_id in visible
            ]
    archive.sections = sections
    return archive


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _in_year(year: int | None, lookup: str) -> Q:
    return Q(**{lookup: year}) if year is not None else Q()


# --- A person's file --------------------------------------------------------------------------


def _person_registers(person: User, year: int | None) -> list[Row]:
    mine = Q(level=RegisterLevel.PERSONAL, person=person)
    if person.post_id is not None:
        mine |= Q(level=RegisterLevel.POST, post_id=person.post_id)
    registers = (
        Register.objects.filter(mine & _in_year(year, "campaign__year"))
        .select_related("campaign", "unit", "post", "person")
        .annotate(entry_count=Count("entries"))
        .order_by("-campaign__year", "-campaign_id", "level")
    )
    return [
        Row(
            cells=[
                r.campaign.title,
                r.title if r.person_id is None else f"{r.unit.name}·{r.person}",
                r.get_level_display(),
                r.get_state_display(),
                str(r.version),
                str(r.entry_count),  # type: ignore[attr-defined]
            ],
            url=reverse("registers:register_detail", args=[r.pk]),
        )
        for r in registers
    ]


def _person_commitments(person: User, year: int | None) -> list[Row]:
    letters = (
        Commitment.objects.filter(
            (Q(person=person) | Q(signed_by=person)) & _in_year(year, "campaign__year")
        )
        .select_related("campaign", "unit", "signed_by")
        .order_by("-campaign__year", "kind", "id")
    )
    return [
        Row(
            cells=[
                c.campaign.title,
                c.get_kind_display(),
                c.unit.name,
                c.get_state_display(),
                _day(c.signed_at),
            ]
        )
        for c in letters
    ]


def _warning_rows(warnings: QuerySet[Warning], viewer: User | None) -> list[Row]:
    """The rows of the delivered `warnings`, each linked to the warning's page for a `viewer`
    (of the live page) in its circle."""
    listed = list(warnings.order_by("-issued_at", "-id"))
    linked = _visible_warning_ids(viewer, {w.pk for w in listed}) if viewer is not None else set()
    return [_warning_row(w, w.pk in linked) for w in listed]


def _warning_row(warning: Warning, linked: bool) -> Row:
    return Row(
        cells=[
            warning.number or f"#{warning.pk}",
            warning.get_level_display(),
            warning.get_disposal_display(),
            _day(warning.issued_at),
            warning.get_state_display(),
            warning.facts,
        ],
        url=reverse("oversight:warning_detail", args=[warning.pk]) if linked else "",
        warning_id=warning.pk,
    )


def _person_warnings(person: User, year: int | None, viewer: User | None) -> list[Row]:
    warnings = Warning.objects.filter(
        Q(subject_user=person, state__in=DELIVERED_STATES) & _in_year(year, "issued_at__year")
    )
    return _warning_rows(warnings, viewer)


class _Records:
    """`person`'s records of a year (or all), with their uploads: two queries for the file."""

    def __init__(self, person: User, year: int | None) -> None:
        self.records = list(
            IntegrityRecord.objects.filter(person=person)
            .filter(_in_year(year, "occurred_on__year"))
            .select_related("recorded_by")
        )
        self.uploads: dict[int, list[Attachment]] = {}
        if self.records:
            attachments = Attachment.objects.filter(
                content_type=ContentType.objects.get_for_model(IntegrityRecord),
                object_id__in=[r.pk for r in self.records],
            )
            for attachment in attachments:
                self.uploads.setdefault(attachment.object_id, []).append(attachment)

    def rows(self, kinds: tuple[str, ...], *, editable: bool) -> list[Row]:
        rows = []
        for record in self.records:
            if record.kind not in kinds:
                continue
            cells = [_day(record.occurred_on)]
            if len(kinds) > 1:
                cells.append(record.get_kind_display())
            cells += [record.title, record.content, record.recorded_by.name]
            rows.append(
                Row(
                    cells=cells,
                    url=reverse("archives:record_edit", args=[record.pk]) if editable else "",
                    attachments=[
                        {
                            "name": a.name,
                            "url": reverse("oversight:attachment_download", args=[a.pk]),
                        }
                        for a in self.uploads.get(record.pk, [])
                    ],
                )
            )
        return rows


def _person_assessments(person: User, year: int | None) -> list[Row]:
    results = my_results(person).filter(_in_year(year, "period__year"))
    return [
        Row(
            cells=[
                str(a.period),
                a.get_layer_display(),
                "" if a.total is None else str(a.total),
                a.get_grade_display(),
            ],
            flag="adverse" if a.is_adverse else "",
        )
        for a in results
    ]


def person_file(
    person: User, *, viewer: User | None = None, year: int | None = None
) -> ArchiveFile:
    """`person`'s file across campaigns (or of one year, for a snapshot). `viewer`, on the live
    page, gets the links he may follow."""
    editable = viewer is not None and year is None and can_edit_records(viewer, person)

    def new_url(kind: str) -> str:
        if not editable:
            return ""
        return reverse("archives:record_create", args=[person.pk]) + f"?kind={kind}"

    record_columns = [_("日期"), _("标题"), _("内容"), _("记录人")]
    records = _Records(person, year)
    return ArchiveFile(
        kind="person",
        name=person.name or person.username,
        year=year,
        facts=[
            (_("姓名"), person.name or person.username),
            (_("所在单位/部门"), person.unit.name if person.unit else ""),
            (_("岗位"), person.post.name if person.post else ""),
            (_("职务"), person.job_title),
        ],
        sections=[
            Section(
                "registers",
                _("廉政风险清单(个人/岗位)"),
                [_("排查工作"), _("清单"), _("层面"), _("状态"), _("版本"), _("风险点数")],
                _person_registers(person, year),
            ),
            Section(
                "commitments",
                _("承诺书和报告书"),
                [_("排查工作"), _("类型"), _("单位/部门"), _("状态"), _("签字日期")],
                _person_commitments(person, year),
            ),
            Section(
                "warnings",
                _("廉情预警"),
                [_("文号"), _("预警等级"), _("处置方式"), _("下达日期"), _("状态"), _("预警事由")],
                _person_warnings(person, year, viewer),
                confidential=True,
            ),
            Section(
                "talks",
                _("约谈和谈话"),
                [_("日期"), _("类型"), _("标题"), _("内容"), _("记录人")],
                records.rows((RecordKind.TALK, RecordKind.CONVERSATION), editable=editable),
                new_url=new_url(RecordKind.TALK),
            ),
            Section(
                "integrity_reports",
                _("述廉报告"),
                record_columns,
                records.rows((RecordKind.INTEGRITY_REPORT,), editable=editable),
                new_url=new_url(RecordKind.INTEGRITY_REPORT),
            ),
            Section(
                "declarations",
                _("个人有关事项报告"),
                record_columns,
                records.rows((RecordKind.DECLARATION,), editable=editable),
                new_url=new_url(RecordKind.DECLARATION),
            ),
            Section(
                "assessments",
                _("廉政考核结果"),
                [_("考核季度"), _("考核层面"), _("总分"), _("等级")],
                _person_assessments(person, year),
            ),
        ],
    )


# --- A unit's file ----------------------------------------------------------------------------


def unit_file(unit: Unit, *, viewer: User | None = None, year: int | None = None) -> ArchiveFile:
    publications = (
        PublishedVersion.objects.filter(register__unit=unit)
        .filter(_in_year(year, "campaign__year"))
        .select_related("campaign")
        .order_by("-published_at", "-id")
    )
    leads = Lead.objects.filter(subject_unit=unit).filter(_in_year(year, "received_on__year"))
    warnings = Warning.objects.filter(subject_unit=unit, state__in=DELIVERED_STATES).filter(
        _in_year(year, "issued_at__year")
    )
    rectifications = (
        Rectification.objects.filter(unit=unit)
        .filter(Q(warning__isnull=True) | Q(warning__state__in=DELIVERED_STATES))
        .filter(_in_year(year, "created_at__year"))
        .select_related("owner")
        .order_by("-created_at", "-id")
    )
    live = viewer is not None and year is None
    return ArchiveFile(
        kind="unit",
        name=unit.name,
        year=year,
        facts=[
            (_("单位/部门"), unit.name),
            (_("类型"), unit.get_kind_display()),
            (_("负责人"), unit.head.name if unit.head else ""),
            (_("分管领导"), unit.leader_in_charge.name if unit.leader_in_charge else ""),
        ],
        sections=[
            Section(
                "publications",
                _("廉情信息(已公示的廉政风险清单)"),
                [_("排查工作"), _("清单"), _("层面"), _("版本"), _("公示日期"), _("风险点数")],
                [
                    Row(
                        cells=[
                            p.campaign.title,
                            p.title,
                            p.level_label,
                            str(p.version),
                            _day(p.published_at),
                            str(len(p.entries)),
                        ],
                        url=reverse("workflow:published_detail", args=[p.pk]) if live else "",
                    )
                    for p in publications
                ],
            ),
            Section(
                "leads",
                _("廉情线索"),
                [_("收到日期"), _("来源"), _("内容摘要"), _("研判结果")],
                [
                    Row(
                        cells=[
                            _day(lead.received_on),
                            lead.get_source_display(),
                            lead.summary,
                            lead.get_decision_display(),
                        ],
                        url=reverse("oversight:lead_detail", args=[lead.pk])
                        if live and viewer is not None and is_committee(viewer)
                        else "",
                    )
                    for lead in leads.order_by("-received_on", "-id")
                ],
                committee_only=True,
            ),
            Section(
                "warnings",
                _("廉情预警"),
                [_("文号"), _("预警等级"), _("处置方式"), _("下达日期"), _("状态"), _("预警事由")],
                _warning_rows(warnings, viewer if live else None),
                confidential=True,
            ),
            Section(
                "rectifications",
                _("整改纠偏"),
                [_("整改事项"), _("来源"), _("整改责任人"), _("整改期限"), _("状态")],
                [
                    Row(
                        cells=[
                            r.title,
                            r.get_source_display(),
                            r.owner.name,
                            _day(r.deadline),
                            r.get_state_display(),
                        ],
                        warning_id=r.warning_id,
                    )
                    for r in rectifications
                ],
                confidential=True,
            ),
        ],
    )


# --- Finding a file ---------------------------------------------------------------------------


def person_for(*, user: User, pk: int) -> tuple[User, Ground]:
    """The person and the ground `user` reads his file on; 404 when he may not."""
    person = User.objects.select_related("unit", "post").filter(pk=pk).first()
    if person is None:
        raise Http404
    ground = ground_for_person(user, person)
    if ground is None:
        raise Http404
    return person, ground


def unit_for(*, user: User, pk: int) -> tuple[Unit, Ground]:
    unit = Unit.objects.select_related("head", "leader_in_charge").filter(pk=pk).first()
    if unit is None:
        raise Http404
    ground = ground_for_unit(user, unit)
    if ground is None:
        raise Http404
    return unit, ground


def snapshot_for(*, user: User, pk: int) -> tuple[ArchiveSnapshot, Ground]:
    snapshot = ArchiveSnapshot.objects.select_related("person", "unit").filter(pk=pk).first()
    if snapshot is None:
        raise Http404
    if snapshot.person is not None:
        ground = ground_for_person(user, snapshot.person)
    else:
        assert snapshot.unit is not None
        ground = ground_for_unit(user, snapshot.unit)
    if ground is None:
        raise Http404
    return snapshot, ground


def snapshots_of(
    *, person: User | None = None, unit: Unit | None = None
) -> QuerySet[ArchiveSnapshot]:
    if person is not None:
        return ArchiveSnapshot.objects.filter(person=person).order_by("-year")
    return ArchiveSnapshot.objects.filter(unit=unit).order_by("-year")


def search(query: str) -> tuple[QuerySet[User], QuerySet[Unit]]:
    """The committee's search of files: people and units by name (or user name, unit code)."""
    people = User.objects.filter(is_active=True).select_related("unit", "post")
    units = Unit.objects.all()
    query = query.strip()
    if query:
        people = people.filter(
            Q(name__icontains=query) | Q(username__icontains=query) | Q(unit__name__icontains=query)
        )
        units = units.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return people.order_by("unit__order", "name", "id"), units.order_by("order", "id")


def paginate(rows: Any, number: str | None, size: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(rows, size).get_page(number)


# --- 调阅 requests ----------------------------------------------------------------------------


def access_request_for(*, user: User, pk: int) -> AccessRequest:
    request = (
        access_requests_visible_to(user)
        .select_related("requester", "person", "unit", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404
    return request


def my_requests(user: User) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(requester=user).select_related(
        "person", "unit", "decided_by"
    )


def queue(user: User) -> QuerySet[AccessRequest]:
    """The pending requests `user` (a committee member) may decide: not his own, not about
    himself."""
    if not is_committee(user):
        return AccessRequest.objects.none()
    return (
        AccessRequest.objects.filter(state=AccessState.PENDING)
        .exclude(requester=user)
        .exclude(person=user)
        .select_related("requester", "person", "unit")
        .order_by("created_at", "id")
    )


def decided(user: User) -> QuerySet[AccessRequest]:
    """The requests the committee has decided (its register of 调阅), newest first."""
    if not is_committee(user):
        return AccessRequest.objects.none()
    return (
        access_requests_visible_to(user)
        .exclude(state=AccessState.PENDING)
        .select_related("requester", "person", "unit", "decided_by")
        .order_by("-decided_at", "-id")
    )


def is_expired(request: AccessRequest, now: datetime | None = None) -> bool:
    return (
        request.state == AccessState.APPROVED
        and request.valid_until is not None
        and request.valid_until <= (now or timezone.now())
    )


def state_label(request: AccessRequest) -> str:
    if is_expired(request):
        return _("已过期")
    return str(request.get_state_display())


__all__ = [
    "ArchiveFile",
    "Row",
    "Section",
    "can_decide",
    "file_from_json",
    "person_file",
    "unit_file",
]
