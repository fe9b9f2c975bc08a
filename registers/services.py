"""Writes of registers and entries. Every write of a register's content goes through here: it
checks the filler's right and the state, locks the register, compares the editor's revision with
the stored one, bumps it, and tells the listeners (workflow voids signatures through this)."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from orgs.choices import UnitKind
from orgs.models import Post, Unit, User
from registers.choices import RegisterLevel, RegisterState
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

ENTRY_FIELDS = (
    "category",
    "risk",
    "manifestations",
    "likelihood",
    "impact",
    "grade",
    "grade_override_reason",
    "prevention_measures",
    "responsible_department",
    "responsible_leader",
    "responsible_leader_name",
    "authority_item",
)

ContentListener = Callable[[Register, User], None]
_content_listeners: list[ContentListener] = []


def on_register_content_changed(listener: ContentListener) -> None:
    """Apps above registers (workflow) subscribe here; called inside the writing transaction."""
    if listener not in _content_listeners:
        _content_listeners.append(listener)


CampaignListener = Callable[[Campaign], object]
_campaign_listeners: list[CampaignListener] = []


def on_campaign_created(listener: CampaignListener) -> None:
    """Apps above registers (schedule) subscribe here; called inside campaign_create's
    transaction, so what they add commits with the campaign or not at all."""
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


def _content_changed(*, register: Register, actor: User) -> None:
    register.revision += 1
    register.save(update_fields=["revision", "updated_at"])
    for listener in _content_listeners:
        listener(register, actor)


def entry_clean(register: Register, data: dict[str, Any]) -> dict[str, Any]:
    """Apply the rules of an entry: the category belongs to the campaign's set; a grade that
    differs from the matrix's proposal needs a reason; the leader's name follows the chosen
    leader."""
    category: Category = data["category"]
    if category.category_set_id != register.campaign.category_set_id:
        raise DomainError(_("排查类别不属于本次排查工作的类别组。"), field="category")
    if not str(data.get("risk", "")).strip():
        raise DomainError(_("请填写主要廉政风险。"), field="risk")
    proposed = grade_propose(likelihood=data.get("likelihood"), impact=data.get("impact"))
    if data.get("grade") is None:
        if proposed is None:
            raise DomainError(
                _("请评定风险等级,或填写发生可能性和危害程度由系统建议。"), field="grade"
            )
        data["grade"] = proposed
    if proposed is not None and data["grade"] != proposed:
        if not str(data.get("grade_override_reason", "")).strip():
            raise DomainError(
                _("所定风险等级与可能性×危害程度的建议等级不同,请填写调整理由。"), field="grade"
            )
    else:
        data["grade_override_reason"] = ""
    leader = data.get("responsible_leader")
    if leader is not None:
        data["responsible_leader_name"] = leader.name
    return data


@transaction.atomic
def entry_create(
    *, register: Register, actor: User, expected_revision: int | None = None, **data: Any
) -> RiskEntry:
    register = _locked_register(
        register_id=register.pk, actor=actor, expected_revision=expected_revision
    )
    values = entry_clean(register, {k: v for k, v in data.items() if k in ENTRY_FIELDS})
    last = (
        RiskEntry.objects.filter(register=register, category=values["category"])
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
    )
    entry = RiskEntry.objects.create(
        register=register, order=(last or 0) + 1, updated_by=actor, **values
    )
    _content_changed(register=register, actor=actor)
    return entry


@transaction.atomic
def entry_update(
    *, entry: RiskEntry, actor: User, expected_revision: int | None = None, **data: Any
) -> RiskEntry:
    register = _locked_register(
        register_id=entry.register_id, actor=actor, expected_revision=expected_revision
    )
    current = {field: getattr(entry, field) for field in ENTRY_FIELDS}
    values = entry_clean(
        register, {**current, **{k: v for k, v in data.items() if k in ENTRY_FIELDS}}
    )
    if values["category"].pk != entry.category_id:
        last = (
            RiskEntry.objects.filter(register=register, category=values["category"])
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        entry.order = (last or 0) + 1
    for field, value in values.items():
        setattr(entry, field, value)
    entry.updated_by = actor
    entry.save()
    _content_changed(register=register, actor=actor)
    return entry


@transaction.atomic
def entry_delete(*, entry: RiskEntry, actor: User, expected_revision: int | None = None) -> None:
    register = _locked_register(
        register_id=entry.register_id, actor=actor, expected_revision=expected_revision
    )
    entry.delete()
    _content_changed(register=register, actor=actor)


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
    _content_changed(register=register, actor=actor)


def _registers_to_create(campaign: Campaign) -> list[tuple[Unit, str, Post | None]]:
    """Unit level for the bureau, branches and affiliated units; department level for every
    internal department; post level for every key post."""
    wanted: list[tuple[Unit, str, Post | None]] = []
    for unit in Unit.objects.order_by("order", "code"):
        level = RegisterLevel.DEPARTMENT if unit.kind == UnitKind.DEPARTMENT else RegisterLevel.UNIT
        wanted.append((unit, level, None))
    for post in Post.objects.filter(is_key=True).select_related("unit"):
        wanted.append((post.unit, RegisterLevel.POST, post))
    return wanted


@transaction.atomic
def campaign_start(*, campaign: Campaign, actor: User) -> list[Register]:
    """Create the registers the campaign covers; with a previous campaign, start each from that
    unit's published register there (roll forward), entries linked to their source."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.started_at is not None:
        raise DomainError(_("该排查工作已经开始。"))
    if not actor.is_staff:
        raise PermissionDenied
    previous: dict[tuple[int, str, int | None], Register] = {}
    if campaign.previous is not None:
        if campaign.previous.category_set_id != campaign.category_set_id:
            # Copying entries across category sets would have to drop or guess their category.
            raise DomainError(_("上一轮排查使用不同的排查类别组,无法沿用其清单。"))
        previous = {
            (r.unit_id, r.level, r.post_id): r
            for r in Register.objects.filter(
                campaign=campaign.previous, state=RegisterState.PUBLISHED
            )
        }
    created: list[Register] = []
    for unit, level, post in _registers_to_create(campaign):
        source = previous.get((unit.pk, level, post.pk if post else None))
        register = Register.objects.create(
            campaign=campaign, unit=unit, level=level, post=post, source=source
        )
        if source is not None:
            _copy_entries(source=source, target=register)
        created.append(register)
    campaign.started_at = timezone.now()
    campaign.save(update_fields=["started_at"])
    return created


def _copy_entries(*, source: Register, target: Register) -> None:
    RiskEntry.objects.bulk_create(
        RiskEntry(
            register=target,
            source_entry=entry,
            order=entry.order,
            **{field: getattr(entry, field) for field in ENTRY_FIELDS},
        )
        for entry in source.entries.all()
    )


# --- Power and duty lists -----------------------------------------------------------------------

AUTHORITY_FIELDS = (
    "name",
    "kind",
    "category",
    "legal_basis",
    "responsible_subject",
    "supervision_method",
    "order",
)
STEP_FIELDS = ("name", "handler", "description", "time_limit")


def _steps_replace(*, item: AuthorityItem, steps: list[dict[str, Any]]) -> None:
    # The steps are an ordered list edited as a whole in the item's form: replacing them keeps
    # the numbering gap-free without diffing positions.
    item.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            item=item, order=order, **{key: step.get(key, "") or "" for key in STEP_FIELDS}
        )
        for order, step in enumerate(
            (step for step in steps if str(step.get("name", "")).strip()), start=1
        )
    )


def _authority_snapshot(item: AuthorityItem, steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **{key: getattr(item, key) for key in AUTHORITY_FIELDS},
        "unit": item.unit_id,
        "steps": [step.get("name", "") for step in steps if str(step.get("name", "")).strip()],
    }


@transaction.atomic
def authority_item_create(
    *, actor: User, unit: Unit, steps: list[dict[str, Any]], **data: Any
) -> AuthorityItem:
    """Add one line to a unit's power or duty list, with its procedure steps in order."""
    if not can_keep_authority_items(actor, unit):
        raise PermissionDenied
    if not str(data.get("name", "")).strip():
        raise DomainError(_("请填写事项名称。"))
    item = AuthorityItem.objects.create(
        unit=unit, **{key: value for key, value in data.items() if key in AUTHORITY_FIELDS}
    )
    _steps_replace(item=item, steps=steps)
    audit_record(
        action="authority_item.create",
        actor=actor,
        obj=item,
        data=_authority_snapshot(item, steps),
    )
    return item


@transaction.atomic
def authority_item_update(
    *, item: AuthorityItem, actor: User, steps: list[dict[str, Any]], **data: Any
) -> AuthorityItem:
    item = AuthorityItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if not can_keep_authority_items(actor, item.unit):
        raise PermissionDenied
    if not str(data.get("name", item.name)).strip():
        raise DomainError(_("请填写事项名称。"))
    for key, value in data.items():
        if key in AUTHORITY_FIELDS:
            setattr(item, key, value)
    item.save()
    _steps_replace(item=item, steps=steps)
    audit_record(
        action="authority_item.update",
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
    audit_record(action="authority_item.delete", actor=actor, obj=item, data={"name": item.name})
    item.delete()


# --- Campaigns ------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "year",
    "title",
    "grading_scheme",
    "category_set",
    "has_party_group_stage",
    "publication_start",
    "publication_end",
    "high_share_target",
    "high_share_tolerance",
    "previous",
)
# What the registers were built from cannot change once they exist.
CAMPAIGN_FIXED_AFTER_START = ("category_set", "previous")


def _campaign_check(values: dict[str, Any]) -> None:
    start, end = values.get("publication_start"), values.get("publication_end")
    if start and end and end < start:
        raise DomainError(_("公示结束日期不能早于开始日期。"))


def _campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        key: getattr(campaign, f"{key}_id" if key in ("category_set", "previous") else key)
        for key in CAMPAIGN_FIELDS
    }


@transaction.atomic
def campaign_create(*, actor: User, **data: Any) -> Campaign:
    """Create a campaign with its work schedule prefilled from document 000's Annex 3, so every
    campaign has its rows from the start (dates are set by the administrator afterwards)."""
    if not actor.is_staff:
        raise PermissionDenied
    values = {key: value for key, value in data.items() if key in CAMPAIGN_FIELDS}
    _campaign_check(values)
    campaign = Campaign.objects.create(**values)
    for listener in _campaign_listeners:
        listener(campaign)
    audit_record(
        action="campaign.create", actor=actor, obj=campaign, data=_campaign_snapshot(campaign)
    )
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor: User, **data: Any) -> Campaign:
    if not actor.is_staff:
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    values = {key: value for key, value in data.items() if key in CAMPAIGN_FIELDS}
    if campaign.started_at is not None:
        for key in CAMPAIGN_FIXED_AFTER_START:
            if key in values and getattr(values[key], "pk", values[key]) != getattr(
                campaign, f"{key}_id"
            ):
                raise DomainError(_("排查工作已开始,不能再更改排查类别组或上一轮排查。"))
    if values.get("previous") is not None and values["previous"].pk == campaign.pk:
        raise DomainError(_("上一轮排查不能是其本身。"))
    _campaign_check(values)
    for key, value in values.items():
        setattr(campaign, key, value)
    campaign.save()
    audit_record(
        action="campaign.update", actor=actor, obj=campaign, data=_campaign_snapshot(campaign)
    )
    return campaign
