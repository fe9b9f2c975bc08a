"""The official tables as data: one neutral description of a form (title, sign line, headers,
categories with their rows, notes) that the PDF and the xlsx writers both render, so the two
formats cannot drift apart."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy

from orgs.models import Unit
from registers.choices import PeopleDocument, RegisterLevel
from registers.grading import register_grade_label
from registers.models import Campaign, Register, RiskEntry
from registers.selectors import entries_by_category
from reports import forms_text as ft
from schedule.annex3 import (
    ANNEX3_HEADERS,
    ANNEX3_ROWS,
    ANNEX3_TITLE,
    date_cn,
    deadline_from_due_text,
    schedule_due,
)
from schedule.models import ScheduleTask
from workflow.models import Signature


@dataclass
class AnnexRow:
    """One entry as the form prints it; `risk` already carries its number ("1、…")."""

    risk: str
    grade: str
    department: str
    leader: str
    manifestations: str = ""
    measures: str = ""
    number: int = 0
    category: str = ""
    serial: int = 0


@dataclass
class AnnexGroup:
    """A category and its rows; an empty group still prints (with one empty row)."""

    category: str
    rows: list[AnnexRow] = field(default_factory=list)


@dataclass
class AnnexTable:
    """A whole form. `form` is "annex1", "annex2", "selfcheck" (a person's or post's form, and
    under document 004 the department's too) or "major" (the 三重一大 form); the last two number
    their rows in a 序号 column."""

    form: str
    title_lines: list[str]
    filler_label: str
    filler: str
    signer_label: str
    signer: str
    signed_on: str
    headers: list[str]
    groups: list[AnnexGroup]
    notes: list[str]
    sheet_name: str = ""
    # The label above the title ("附件1"…), "" where the form has none.
    label: str = ""

    @property
    def entry_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def top_unit(unit: Unit) -> Unit:
    """The root of the unit's tree: Annex 2 names the whole body ("市生态环境局机关处室…")."""
    current = unit
    seen: set[int] = set()
    while current.parent_id is not None and current.pk not in seen:
        seen.add(current.pk)
        current = current.parent  # type: ignore[assignment]
    return current


def current_signature(register: Register) -> Signature | None:
    """The latest signature that still holds (not voided by a later edit)."""
    return (
        Signature.objects.filter(register=register, voided_at__isnull=True)
        .select_related("signer")
        .order_by("-signed_at", "-id")
        .first()
    )


def _leader_name(entry: RiskEntry) -> str:
    if entry.responsible_leader_name:
        return entry.responsible_leader_name
    return entry.responsible_leader.name if entry.responsible_leader is not None else ""


def annex_form(register: Register) -> str:
    if register.level == RegisterLevel.UNIT:
        return "annex1"
    if register.level == RegisterLevel.DEPARTMENT:
        if register.campaign.people_document == PeopleDocument.DOC004:
            return "selfcheck"
        return "annex2"
    if register.level == RegisterLevel.MAJOR:
        return "major"
    return "selfcheck"


NUMBERED_FORMS = ("selfcheck", "major")


def annex_table(register: Register) -> AnnexTable:
    """The register as its Annex: unit level → 附件1, department level → 附件2 (document 004:
    its 部门岗位风险点自查表, 附件4), post and personal level → the personal self-check form
    (document 004: 附件3), the 三重一大 register → 专项廉能风险防控情况登记表 (附件5).
    Three queries (categories, entries, signature) plus the unit's
    ancestors for Annex 2's title."""
    form = annex_form(register)
    groups: list[AnnexGroup] = []
    running = 0
    for group in entries_by_category(register=register):
        rows = [
            AnnexRow(
                # The Annexes number within each category ("1、…"); the self-check form has a
                # running 序号 column of its own instead.
                risk=entry.risk if form in NUMBERED_FORMS else f"{number}、{entry.risk}",
                grade=register_grade_label(register, entry.grade),
                department=entry.responsible_department,
                leader=_leader_name(entry),
                manifestations=entry.manifestations,
                measures=entry.prevention_measures,
                number=number,
                category=group.category.name,
            )
            for number, entry in enumerate(group.entries, start=1)
        ]
        for row in rows:
            running += 1
            row.serial = running
        groups.append(AnnexGroup(category=group.category.name, rows=rows))
    signature = current_signature(register)
    signer = signature.signer.name if signature is not None else ""
    signed_on = (
        date_cn(timezone.localtime(signature.signed_at).date()) if signature is not None else ""
    )
    unit = register.unit
    if form == "annex1":
        return AnnexTable(
            form=form,
            title_lines=[register.title],
            filler_label=ft.ANNEX1_FILLER_LABEL,
            filler=unit.name,
            signer_label=ft.ANNEX1_SIGNER_LABEL,
            signer=signer,
            signed_on=signed_on,
            headers=list(ft.ANNEX_HEADERS),
            groups=groups,
            notes=list(ft.ANNEX1_NOTE_LINES),
            sheet_name=unit.short_name or unit.name,
            label="附件1",
        )
    if form == "annex2":
        return AnnexTable(
            form=form,
            title_lines=[
                f"{top_unit(unit).name}{ft.ANNEX2_TITLE_SUFFIX}",
                ft.ANNEX2_TITLE_SECOND,
            ],
            filler_label=ft.ANNEX2_FILLER_LABEL,
            filler=unit.name,
            signer_label=ft.ANNEX2_SIGNER_LABEL,
            signer=signer,
            signed_on=signed_on,
            headers=list(ft.ANNEX_HEADERS),
            groups=groups,
            notes=list(ft.ANNEX2_NOTE_LINES),
            sheet_name=unit.short_name or unit.name,
            label="附件2",
        )
    if form == "major":
        return AnnexTable(
            form=form,
            title_lines=[ft.MAJOR_TITLE],
            filler_label=ft.MAJOR_FILLER_LABEL,
            filler=unit.name,
            signer_label=ft.MAJOR_SIGNER_LABEL,
            signer=signer,
            signed_on=signed_on,
            headers=list(ft.MAJOR_HEADERS),
            groups=groups,
            notes=[],
            sheet_name=f"{unit.short_name or unit.name}三重一大",
            label=ft.MAJOR_LABEL,
        )
    doc004 = register.campaign.people_document == PeopleDocument.DOC004
    if register.level == RegisterLevel.DEPARTMENT:
        return AnnexTable(
            form=form,
            title_lines=[ft.DOC004_DEPARTMENT_TITLE],
            filler_label=ft.DOC004_DEPARTMENT_FILLER_LABEL,
            filler=unit.name,
            signer_label=ft.DOC004_SIGNER_LABEL,
            signer=signer,
            signed_on=signed_on,
            headers=list(ft.SELFCHECK_HEADERS),
            groups=groups,
            notes=[ft.LEVELS_NOTE] if register.campaign.grading_scheme == "levels" else [],
            sheet_name=unit.short_name or unit.name,
            label=ft.DOC004_DEPARTMENT_LABEL,
        )
    person = register.person
    if person is None and register.post is not None:
        person = register.post.holders.first()  # type: ignore[attr-defined]
    if register.post is not None:
        post_name = register.post.name
    elif person is not None:
        post_name = person.post.name if person.post is not None else person.job_title
    else:
        post_name = ""
    person_name = person.name if person is not None else ""
    return AnnexTable(
        form=form,
        title_lines=[ft.SELFCHECK_TITLE],
        filler_label=ft.DOC004_PERSONAL_FILLER_LABEL if doc004 else ft.SELFCHECK_FILLER_LABEL,
        filler=f"{unit.name}  岗位:{post_name}  姓名:{person_name}",
        signer_label=ft.DOC004_SIGNER_LABEL if doc004 else ft.SELFCHECK_SIGNER_LABEL,
        signer=signer,
        signed_on=signed_on,
        headers=list(ft.SELFCHECK_HEADERS),
        groups=groups,
        notes=[ft.LEVELS_NOTE if doc004 else ft.SELFCHECK_NOTE_DOC001],
        sheet_name=f"{unit.short_name or unit.name}{post_name or person_name}",
        label=ft.DOC004_PERSONAL_LABEL if doc004 else "",
    )


@dataclass
class ScheduleRow:
    number: int
    stage: str
    task: str
    lead_unit: str
    responsible_units: str
    due: str


@dataclass
class ScheduleTable:
    """Annex 3. `is_template` when the campaign has no rows yet and document 000's plan is shown."""

    title: str
    headers: list[str]
    rows: list[ScheduleRow]
    is_template: bool

    @property
    def stage_spans(self) -> list[tuple[int, int]]:
        """(first row index, row count) of each run of equal stages, for the merged stage cells."""
        spans: list[tuple[int, int]] = []
        for index, row in enumerate(self.rows):
            if spans and self.rows[spans[-1][0]].stage == row.stage:
                spans[-1] = (spans[-1][0], spans[-1][1] + 1)
            else:
                spans.append((index, 1))
        return spans


TEMPLATE_MARK = gettext_lazy("(工作安排模板,尚未按本轮排查工作填写)")


def schedule_table(campaign: Campaign) -> ScheduleTable:
    """The campaign's schedule, dated in the campaign's year; document 000's template rows while
    the campaign has none, dated as the prefill would date them (schedule.services)."""
    tasks = list(ScheduleTask.objects.filter(campaign=campaign).order_by("order", "id"))
    if tasks:
        rows = [
            ScheduleRow(
                number=index,
                stage=task.stage,
                task=task.task,
                lead_unit=task.lead_unit,
                responsible_units=task.responsible_units,
                due=schedule_due(
                    due_text=task.due_text, deadline=task.deadline, year=campaign.year
                ),
            )
            for index, task in enumerate(tasks, start=1)
        ]
        return ScheduleTable(
            title=ANNEX3_TITLE, headers=list(ANNEX3_HEADERS), rows=rows, is_template=False
        )
    rows = [
        ScheduleRow(
            number=index,
            stage=stage,
            task=task,
            lead_unit=lead,
            responsible_units=units,
            due=schedule_due(
                due_text=due,
                deadline=deadline_from_due_text(due_text=due, year=campaign.year),
                year=campaign.year,
            ),
        )
        for index, (stage, task, lead, units, due, _state) in enumerate(ANNEX3_ROWS, start=1)
    ]
    return ScheduleTable(
        title=ANNEX3_TITLE, headers=list(ANNEX3_HEADERS), rows=rows, is_template=True
    )
