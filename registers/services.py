"""Writes of registers and entries. Every write of a register's content goes through here: it
checks the filler's right and the state, locks the register, compares the editor's revision with
the stored one, bumps it, records the change in the audit trail, and tells the listeners (workflow
voids signatures through this).

Services take keyword-only, typed arguments; an entity's fields travel as one value of
registers.data (EntryData, CampaignData, AuthorityItemData, ProcedureStepData), never as loose
keyword arguments filtered through a list of names."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from orgs.choices import PRINCIPAL_UNIT_KINDS, UnitKind
from orgs.models import Post, Unit, User
from orgs.permissions import is_admin
from registers.choices import PersonalScope, RegisterLevel, RegisterState
from registers.data import (
    AUTHORITY_ITEM_FIELDS,
    CAMPAIGN_FIELDS,
    ENTRY_ATTNAMES,
    ENTRY_FIELDS,
    AuthorityItemData,
    CampaignData,
    EntryData,
    ProcedureStepData,
)
from registers.exceptions import DomainError, EditConflict, NotEditable
from registers.grading import grade_propose
from registers.models import (
    AuthorityItem,
    Campaign,
    Category,
    ProcedureStep,
    Register,
    RiskEntry,
)
from registers.permissions import can_fill, can_keep_authority_items, is_editable
from registers.selectors import category_set_id_for

ContentListener = Callable[[Register, User], None]
_content_listeners: list[ContentListener] = []


def on_register_content_changed(listener: ContentListener) -> None:
    """Apps above registers (workflow) subscribe here; called inside the writing transaction."""
    if listener not in _content_listeners:
        _content_listeners.append(listener)


CampaignListener = Callable[[Campaign, User], object]
_campaign_listeners: list[CampaignListener] = []


def on_campaign_created(listener: CampaignListener) -> None:
    """Apps above registers (schedule) subscribe here; called with the campaign and who created
    it inside campaign_create's transaction, so what they add commits with the campaign or not
    at all, and their audit rows name the same person."""
    if listener not in _campaign_listeners:
        _campaign_listeners.append(listener)


def responsible_leader_propose(*, register: Register, grade: int | None) -> User | None:
    """Document 003: grade 1 → the principal, grade 2 → the leader in charge, grade 3 → the
    department head. For a unit-level register the principal is its own head; otherwise the
    principal of the nearest unit above that has one."""
    unit = register.unit
    if grade == 1:
        node: Unit | None = unit
        while node is not None and not (node.is_principal_unit and node.head_id):
            node = node.parent
        return node.head if node is not None else None
    if grade == 2:
        return unit.leader_in_charge
    if grade == 3:
        return unit.head
    return None


def _locked_register(*, register_id: int, actor: User, expected_revision: int | None) -> Register:
    register = (
        Register.objects.select_for_update().select_related("unit", "campaign").get(pk=register_id)
    )
    if not can_fill(actor, register):
        raise PermissionDenied
    if not is_editable(register):
        raise NotEditable
    if expected_revision is not None and expected_revision != register.revision:
        raise EditConflict
    return register


def _content_changed(
    *, register: Register, actor: User, action: str, obj: models.Model, data: dict[str, Any]
) -> None:
    """Bump the register's revision, record the change, and tell the listeners. The audit row
    comes before the listeners' own, so that the trail shows the edit before the send-back it
    caused."""
    register.revision += 1
    register.save(update_fields=["revision", "updated_at"])
    audit_record(action=action, actor=actor, obj=obj, data={**data, "revision": register.revision})
    for listener in _content_listeners:
        listener(register, actor)


def entry_clean(*, register: Register, data: EntryData, ungraded: bool = False) -> EntryData:
    """Apply the rules of an entry: the category belongs to the campaign's set; a grade that
    differs from the matrix's proposal needs a reason; the leader's name follows the chosen
    leader. Returns the entry as it is stored: the grade proposed where none was given, the
    reason dropped where the grade is the proposal's.

    `ungraded` admits an entry with neither grade nor matrix (an imported row whose file has no
    grade): it is stored ungraded, and the register cannot be submitted until it is graded."""
    if data.category.category_set_id != category_set_id_for(register):
        raise DomainError(_("排查类别不属于本次排查工作的类别组。"), field="category")
    if not data.risk.strip():
        raise DomainError(_("请填写主要廉政风险。"), field="risk")
    proposed = grade_propose(likelihood=data.likelihood, impact=data.impact)
    grade = data.grade
    if grade is None:
        if proposed is None and not ungraded:
            raise DomainError(
                _("请评定风险等级,或填写发生可能性和危害程度由系统建议。"), field="grade"
            )
        grade = proposed
    reason = data.grade_override_reason
    if proposed is not None and grade != proposed:
        if not reason.strip():
            raise DomainError(
                _("所定风险等级与可能性×危害程度的建议等级不同,请填写调整理由。"), field="grade"
            )
    else:
        reason = ""
    leader = data.responsible_leader
    leader_name = leader.name if leader is not None else data.responsible_leader_name
    return replace(
        data, grade=grade, grade_override_reason=reason, responsible_leader_name=leader_name
    )


def entry_values(data: EntryData) -> dict[str, Any]:
    """The entry's fields as model keyword arguments."""
    values = {name: getattr(data, name) for name in ENTRY_FIELDS}
    values["extra_fields"] = [list(pair) for pair in data.extra_fields]
    return values


def _audit_value(value: Any) -> Any:
    # Related rows by name: the audit log shows the leader or category, not an id.
    return str(value) if isinstance(value, models.Model) else value


def _next_order(*, register: Register, category: Category) -> int:
    last = (
        RiskEntry.objects.filter(register=register, category=category)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    return (last or 0) + 1


@transaction.atomic
def entry_create(
    *, register: Register, actor: User, data: EntryData, expected_revision: int | None = None
) -> RiskEntry:
    """Add an entry at the end of its category."""
    register = _locked_register(
        register_id=register.pk, actor=actor, expected_revision=expected_revision
    )
    data = entry_clean(register=register, data=data)
    entry = RiskEntry.objects.create(
        register=register,
        order=_next_order(register=register, category=data.category),
        updated_by=actor,
        **entry_values(data),
    )
    _content_changed(
        register=register,
        actor=actor,
        action=actions.RISK_ENTRY_CREATE,
        obj=entry,
        data={
            "register": register.pk,
            **{
                name: _audit_value(value)
                for name, value in entry_values(data).items()
                if value not in (None, "", [])
            },
        },
    )
    return entry


@transaction.atomic
def entry_update(
    *, entry: RiskEntry, actor: User, data: EntryData, expected_revision: int | None = None
) -> RiskEntry:
    """Replace the entry's fields with `data` (an entry moved to another category goes to its
    end); the audit row names the fields that changed, with their new values."""
    register = _locked_register(
        register_id=entry.register_id, actor=actor, expected_revision=expected_revision
    )
    data = entry_clean(register=register, data=data)
    if data.category.pk != entry.category_id:
        entry.order = _next_order(register=register, category=data.category)
    changed: dict[str, Any] = {}
    for name, value in entry_values(data).items():
        attname = ENTRY_ATTNAMES[name]
        stored = getattr(entry, attname)
        if (value.pk if isinstance(value, models.Model) else value) != stored:
            changed[name] = _audit_value(value)
        setattr(entry, name, value)
    entry.updated_by = actor
    entry.save()
    _content_changed(
        register=register,
        actor=actor,
        action=actions.RISK_ENTRY_UPDATE,
        obj=entry,
        data={"register": register.pk, **changed},
    )
    return entry


@transaction.atomic
def entry_delete(*, entry: RiskEntry, actor: User, expected_revision: int | None = None) -> None:
    register = _locked_register(
        register_id=entry.register_id, actor=actor, expected_revision=expected_revision
    )
    # Deleted through a queryset, so that `entry` keeps its id for the audit row.
    RiskEntry.objects.filter(pk=entry.pk).delete()
    _content_changed(
        register=register,
        actor=actor,
        action=actions.RISK_ENTRY_DELETE,
        obj=entry,
        data={"register": register.pk, "risk": entry.risk},
    )


@transaction.atomic
def entries_reorder(
    *,
    register: Register,
    actor: User,
    category: Category,
    entry_ids: list[int],
    expected_revision: int | None = None,
) -> None:
    """Put the entries of one category in the given order; the list must name each exactly once."""
    register = _locked_register(
        register_id=register.pk, actor=actor, expected_revision=expected_revision
    )
    entries = {
        entry.pk: entry for entry in RiskEntry.objects.filter(register=register, category=category)
    }
    if sorted(entry_ids) != sorted(entries):
        raise EditConflict
    for order, entry_id in enumerate(entry_ids, start=1):
        entries[entry_id].order = order
    RiskEntry.objects.bulk_update(entries.values(), ["order"])
    _content_changed(
        register=register,
        actor=actor,
        action=actions.REGISTER_REORDER_ENTRIES,
        obj=register,
        data={"category": category.name, "entry_ids": entry_ids},
    )


@dataclass(frozen=True)
class _Wanted:
    """One register campaign_start creates, and the key of its source in the previous campaign:
    (unit, level, post) for the unit, department and post levels, the person for PERSONAL (he
    may have changed unit since) and the unit for MAJOR."""

    unit: Unit
    level: str
    post: Post | None = None
    person: User | None = None

    @property
    def key(self) -> tuple[Any, ...]:
        return _source_key(
            unit_id=self.unit.pk,
            level=self.level,
            post_id=self.post.pk if self.post is not None else None,
            person_id=self.person.pk if self.person is not None else None,
        )


def _source_key(*, unit_id: int, level: str, post_id: int | None, person_id: int | None) -> tuple:
    if level == RegisterLevel.PERSONAL:
        return (level, person_id)
    if level == RegisterLevel.MAJOR:
        return (level, unit_id)
    return (unit_id, level, post_id)


def _registers_to_create(campaign: Campaign) -> list[_Wanted]:
    """Unit level for the bureau, branches and affiliated units; department level for every
    internal department; then, by the campaign's personal scope, post level for every key post
    or a PERSONAL register for every active person who has a unit (leaders included: documents
    001 and 004); and with the 三重一大 register, a MAJOR register per principal unit."""
    wanted: list[_Wanted] = []
    units = list(Unit.objects.order_by("order", "code"))
    for unit in units:
        level = RegisterLevel.DEPARTMENT if unit.kind == UnitKind.DEPARTMENT else RegisterLevel.UNIT
        wanted.append(_Wanted(unit=unit, level=level))
    if campaign.has_major_register:
        wanted += [
            _Wanted(unit=unit, level=RegisterLevel.MAJOR)
            for unit in units
            if unit.kind in PRINCIPAL_UNIT_KINDS
        ]
    if campaign.personal_scope == PersonalScope.EVERYONE:
        people = User.objects.filter(is_active=True, unit__isnull=False).select_related("unit")
        wanted += [
            _Wanted(unit=person.unit, level=RegisterLevel.PERSONAL, person=person)
            for person in people.order_by("unit__order", "unit__code", "id")
            if person.unit is not None
        ]
    else:
        wanted += [
            _Wanted(unit=post.unit, level=RegisterLevel.POST, post=post)
            for post in Post.objects.filter(is_key=True).select_related("unit")
        ]
    return wanted


@transaction.atomic
def campaign_start(*, campaign: Campaign, actor: User) -> list[Register]:
    """Create the registers the campaign covers; with a previous campaign, start each from its
    published register there (roll forward; a person's from his own, a unit's 三重一大 register
    from the unit's), entries linked to their source."""
    if not is_admin(actor):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.started_at is not None:
        raise DomainError(_("该排查工作已经开始。"))
    if campaign.previous is not None and (
        campaign.previous.category_set_id != campaign.category_set_id
    ):
        # Copying entries across category sets would have to drop or guess their category.
        raise DomainError(_("上一轮排查使用不同的排查类别组,无法沿用其清单。"))
    created = _registers_create(campaign=campaign, wanted=_registers_to_create(campaign))
    campaign.started_at = timezone.now()
    campaign.save(update_fields=["started_at"])
    audit_record(
        action=actions.CAMPAIGN_START,
        actor=actor,
        obj=campaign,
        data={
            "registers": len(created),
            "rolled_forward": sum(1 for register in created if register.source_id is not None),
            "personal": sum(1 for r in created if r.level == RegisterLevel.PERSONAL),
            "major": sum(1 for r in created if r.level == RegisterLevel.MAJOR),
        },
    )
    return created


def _registers_create(*, campaign: Campaign, wanted: list[_Wanted]) -> list[Register]:
    """Create the `wanted` registers of `campaign`, each started from its published register in
    the previous campaign, if any (roll forward, entries linked to their source)."""
    previous: dict[tuple[Any, ...], Register] = {}
    if campaign.previous is not None:
        previous = {
            _source_key(
                unit_id=r.unit_id, level=r.level, post_id=r.post_id, person_id=r.person_id
            ): r
            for r in Register.objects.filter(
                campaign=campaign.previous, state=RegisterState.PUBLISHED
            )
        }
    created: list[Register] = []
    for one in wanted:
        source = previous.get(one.key)
        register = Register.objects.create(
            campaign=campaign,
            unit=one.unit,
            level=one.level,
            post=one.post,
            person=one.person,
            source=source,
        )
        if source is not None:
            _copy_entries(source=source, target=register)
        created.append(register)
    return created


@transaction.atomic
def campaign_registers_complete(*, campaign: Campaign, actor: User) -> list[Register]:
    """After the start, create the registers the campaign's rules call for that do not exist
    yet: the own register of a person who joined since (or became active, or got a unit), a new
    unit's, a new key post's. Idempotent; audited when it creates any."""
    if not is_admin(actor):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.started_at is None:
        raise DomainError(_("该排查工作尚未开始,开始时会生成全部清单。"))
    existing = {
        _source_key(unit_id=r.unit_id, level=r.level, post_id=r.post_id, person_id=r.person_id)
        for r in Register.objects.filter(campaign=campaign)
    }
    wanted = [one for one in _registers_to_create(campaign) if one.key not in existing]
    created = _registers_create(campaign=campaign, wanted=wanted)
    if created:
        audit_record(
            action=actions.CAMPAIGN_ADD_REGISTERS,
            actor=actor,
            obj=campaign,
            data={
                "registers": len(created),
                "personal": sum(1 for r in created if r.level == RegisterLevel.PERSONAL),
            },
        )
    return created


def _copy_entries(*, source: Register, target: Register) -> None:
    # By column (foreign keys as ids): copying fetches no category, leader or item row.
    RiskEntry.objects.bulk_create(
        RiskEntry(
            register=target,
            source_entry=entry,
            order=entry.order,
            **{attname: getattr(entry, attname) for attname in ENTRY_ATTNAMES.values()},
        )
        for entry in source.entries.all()
    )


# --- Power and duty lists -----------------------------------------------------------------------


def _named_steps(steps: Sequence[ProcedureStepData]) -> list[ProcedureStepData]:
    # The form's blank rows: a step without a name is no step.
    return [step for step in steps if step.name.strip()]


def _steps_replace(*, item: AuthorityItem, steps: Sequence[ProcedureStepData]) -> None:
    # The steps are an ordered list edited as a whole in the item's form: replacing them keeps
    # the numbering gap-free without diffing positions.
    item.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            item=item,
            order=order,
            name=step.name,
            handler=step.handler,
            time_limit=step.time_limit,
            description=step.description,
        )
        for order, step in enumerate(_named_steps(steps), start=1)
    )


def _authority_snapshot(item: AuthorityItem, steps: Sequence[ProcedureStepData]) -> dict[str, Any]:
    return {
        **{key: getattr(item, key) for key in AUTHORITY_ITEM_FIELDS},
        "unit": item.unit_id,
        "steps": [step.name for step in _named_steps(steps)],
    }


@transaction.atomic
def authority_item_create(
    *, actor: User, unit: Unit, data: AuthorityItemData, steps: Sequence[ProcedureStepData]
) -> AuthorityItem:
    """Add one line to a unit's power or duty list, with its procedure steps in order."""
    if not can_keep_authority_items(actor, unit):
        raise PermissionDenied
    if not data.name.strip():
        raise DomainError(_("请填写事项名称。"))
    item = AuthorityItem.objects.create(
        unit=unit, **{key: getattr(data, key) for key in AUTHORITY_ITEM_FIELDS}
    )
    _steps_replace(item=item, steps=steps)
    audit_record(
        action=actions.AUTHORITY_ITEM_CREATE,
        actor=actor,
        obj=item,
        data=_authority_snapshot(item, steps),
    )
    return item


@transaction.atomic
def authority_item_update(
    *,
    item: AuthorityItem,
    actor: User,
    data: AuthorityItemData,
    steps: Sequence[ProcedureStepData],
) -> AuthorityItem:
    """Replace the item's fields and its procedure steps (its unit stays)."""
    item = AuthorityItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if not can_keep_authority_items(actor, item.unit):
        raise PermissionDenied
    if not data.name.strip():
        raise DomainError(_("请填写事项名称。"))
    for key in AUTHORITY_ITEM_FIELDS:
        setattr(item, key, getattr(data, key))
    item.save()
    _steps_replace(item=item, steps=steps)
    audit_record(
        action=actions.AUTHORITY_ITEM_UPDATE,
        actor=actor,
        obj=item,
        data=_authority_snapshot(item, steps),
    )
    return item


@transaction.atomic
def authority_item_delete(*, item: AuthorityItem, actor: User) -> None:
    item = AuthorityItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if not can_keep_authority_items(actor, item.unit):
        raise PermissionDenied
    # Audit first: the row keeps its id and name in the chain after it is gone.
    audit_record(
        action=actions.AUTHORITY_ITEM_DELETE, actor=actor, obj=item, data={"name": item.name}
    )
    item.delete()


# --- Campaigns ------------------------------------------------------------------------------------

# What the registers were built from cannot change once they exist.
CAMPAIGN_FIXED_AFTER_START = ("category_set", "previous")
# The same for the settings that chose which registers were created.
CAMPAIGN_SCOPE_FIXED_AFTER_START = ("personal_scope", "has_major_register")


def _campaign_check(data: CampaignData) -> None:
    start, end = data.publication_start, data.publication_end
    if start and end and end < start:
        raise DomainError(_("公示结束日期不能早于开始日期。"))


def _campaign_values(data: CampaignData) -> dict[str, Any]:
    return {key: getattr(data, key) for key in CAMPAIGN_FIELDS}


def _campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        key: getattr(campaign, f"{key}_id" if key in ("category_set", "previous") else key)
        for key in CAMPAIGN_FIELDS
    }


@transaction.atomic
def campaign_create(*, actor: User, data: CampaignData) -> Campaign:
    """Create a campaign with its work schedule prefilled from document 000's Annex 3, so every
    campaign has its rows from the start (dates are set by the administrator afterwards)."""
    if not is_admin(actor):
        raise PermissionDenied
    _campaign_check(data)
    campaign = Campaign.objects.create(**_campaign_values(data))
    for listener in _campaign_listeners:
        listener(campaign, actor)
    audit_record(
        action=actions.CAMPAIGN_CREATE,
        actor=actor,
        obj=campaign,
        data=_campaign_snapshot(campaign),
    )
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor: User, data: CampaignData) -> Campaign:
    """Replace the campaign's settings with `data`; once started, its category set and previous
    campaign stay as they are."""
    if not is_admin(actor):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.started_at is not None:
        for key in CAMPAIGN_FIXED_AFTER_START:
            chosen = getattr(data, key)
            if (chosen.pk if chosen is not None else None) != getattr(campaign, f"{key}_id"):
                raise DomainError(_("排查工作已开始,不能再更改排查类别组或上一轮排查。"))
        for key in CAMPAIGN_SCOPE_FIXED_AFTER_START:
            if getattr(data, key) != getattr(campaign, key):
                raise DomainError(_("排查工作已开始,不能再更改个人清单范围或三重一大专项清单。"))
    if data.previous is not None and data.previous.pk == campaign.pk:
        raise DomainError(_("上一轮排查不能是其本身。"))
    _campaign_check(data)
    for key, value in _campaign_values(data).items():
        setattr(campaign, key, value)
    campaign.save()
    audit_record(
        action=actions.CAMPAIGN_UPDATE,
        actor=actor,
        obj=campaign,
        data=_campaign_snapshot(campaign),
    )
    return campaign
