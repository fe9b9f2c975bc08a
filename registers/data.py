"""What a user gives for each entity of the registers app: its editable fields, listed once, as
the typed values its services take.

A service that takes `**data: Any` and keeps the keys it knows drops a misspelt one without a
word; these classes refuse it (a TypeError when built, an error in mypy). Each class is also the
one list of its entity's fields: the forms, the import, the roll-forward, the conflict view and
the signature digest read the field names from here (ENTRY_FIELDS and the others), so a new field
is added in one place.
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Self

from django.db import models

from orgs.models import User
from registers.models import (
    AuthorityItem,
    Campaign,
    Category,
    CategorySet,
    ProcedureStep,
    RiskEntry,
)


def _field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a concrete field, not a reverse relation
    return field


def _default(model: type[models.Model], name: str) -> Any:
    """The model's own default, so that it is not written twice."""
    return _field(model, name).get_default()


@dataclass(frozen=True, kw_only=True)
class EntryData:
    """One risk entry (风险点) as the filler states it. The grade may be left to the matrix and the
    leader's name to the chosen leader: registers.services.entry_clean completes both."""

    category: Category
    risk: str
    manifestations: str = ""
    likelihood: int | None = None
    impact: int | None = None
    grade: int | None = None
    grade_override_reason: str = ""
    cause: str = ""
    prevention_measures: str = ""
    monitoring_indicator: str = ""
    responsible_department: str = ""
    responsible_post: str = ""
    responsible_leader: User | None = None
    responsible_leader_name: str = ""
    authority_item: AuthorityItem | None = None
    # (name, text) per column of an imported file that no field takes, in the file's order.
    extra_fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, entry: RiskEntry) -> Self:
        """The entry's values as stored (its related rows are fetched where not loaded)."""
        values = {name: getattr(entry, name) for name in ENTRY_FIELDS}
        values["extra_fields"] = extra_fields_of(entry.extra_fields)
        return cls(**values)


def extra_fields_of(stored: object) -> tuple[tuple[str, str], ...]:
    """The stored JSON list of [name, text] pairs as EntryData holds it."""
    if not isinstance(stored, list):
        return ()
    return tuple((str(pair[0]), str(pair[1])) for pair in stored if len(pair) == 2)


# The fields of an entry a user fills in, in the form's order.
ENTRY_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(EntryData))
# The same fields by the name of their column (foreign keys as `<name>_id`), for reading and
# copying entries without fetching the related rows.
ENTRY_ATTNAMES: dict[str, str] = {name: _field(RiskEntry, name).attname for name in ENTRY_FIELDS}


@dataclass(frozen=True, kw_only=True)
class CampaignData:
    """A campaign's settings as the administrator gives them (排查工作)."""

    year: int
    title: str
    grading_scheme: str = _default(Campaign, "grading_scheme")
    category_set: CategorySet
    has_party_group_stage: bool = _default(Campaign, "has_party_group_stage")
    publication_start: date | None = None
    publication_end: date | None = None
    high_share_target: int = _default(Campaign, "high_share_target")
    high_share_tolerance: int = _default(Campaign, "high_share_tolerance")
    previous: Campaign | None = None
    requires_high_risk_actions: bool = _default(Campaign, "requires_high_risk_actions")
    personal_scope: str = _default(Campaign, "personal_scope")
    people_document: str = _default(Campaign, "people_document")
    has_major_register: bool = _default(Campaign, "has_major_register")

    @classmethod
    def of(cls, campaign: Campaign) -> Self:
        return cls(**{name: getattr(campaign, name) for name in CAMPAIGN_FIELDS})


CAMPAIGN_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(CampaignData))


@dataclass(frozen=True, kw_only=True)
class AuthorityItemData:
    """One line of a unit's power or duty list (the unit is given apart: it never changes)."""

    name: str
    kind: str
    category: str
    legal_basis: str = ""
    responsible_subject: str = ""
    supervision_method: str = ""
    order: int = _default(AuthorityItem, "order")

    @classmethod
    def of(cls, item: AuthorityItem) -> Self:
        return cls(**{name: getattr(item, name) for name in AUTHORITY_ITEM_FIELDS})


AUTHORITY_ITEM_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(AuthorityItemData))


@dataclass(frozen=True, kw_only=True)
class ProcedureStepData:
    """One step of an authority item's procedure; its number is its place in the list."""

    name: str
    handler: str = ""
    time_limit: str = ""
    description: str = ""

    @classmethod
    def of(cls, step: ProcedureStep) -> Self:
        return cls(**{name: getattr(step, name) for name in PROCEDURE_STEP_FIELDS})


PROCEDURE_STEP_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(ProcedureStepData))
