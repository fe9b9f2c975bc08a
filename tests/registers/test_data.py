"""registers.data: each entity's fields are listed once, typed, and a misspelt field is refused
rather than dropped."""

import dataclasses

import pytest
from django.db import models

from registers.data import (
    AUTHORITY_ITEM_FIELDS,
    CAMPAIGN_FIELDS,
    ENTRY_ATTNAMES,
    ENTRY_FIELDS,
    PROCEDURE_STEP_FIELDS,
    AuthorityItemData,
    CampaignData,
    EntryData,
    ProcedureStepData,
)
from registers.forms import (
    AuthorityItemForm,
    CampaignForm,
    ProcedureStepForm,
    RiskEntryForm,
)
from registers.importing.columns import FIELD_LABELS
from registers.models import AuthorityItem, Campaign, Category, ProcedureStep, RiskEntry
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory, RiskEntryFactory


def test_a_misspelt_field_is_refused(db: None) -> None:
    category = Category.objects.filter(category_set__is_default=True).first()
    assert category is not None
    with pytest.raises(TypeError, match="grde"):
        EntryData(category=category, risk="违规审批", grde=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        CampaignData(year=2027, titel="x")  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        EntryData(category=category, risk="x").risk = "y"  # type: ignore[misc]


def test_the_forms_and_the_model_use_the_one_list() -> None:
    model_fields = {field.name for field in RiskEntry._meta.concrete_fields}
    assert set(ENTRY_FIELDS) <= model_fields
    # Extra fields come from imported files only: the editor shows and keeps them.
    assert set(ENTRY_FIELDS) - {"extra_fields"} <= set(RiskEntryForm.base_fields)
    assert ENTRY_ATTNAMES["category"] == "category_id" and ENTRY_ATTNAMES["risk"] == "risk"
    # The import feeds a part of the entry: the columns a sheet can hold.
    assert set(FIELD_LABELS) <= set(ENTRY_FIELDS)
    assert list(CampaignForm.base_fields) == list(CAMPAIGN_FIELDS)
    assert list(AuthorityItemForm.base_fields) == ["unit", *AUTHORITY_ITEM_FIELDS]
    assert list(ProcedureStepForm.base_fields) == list(PROCEDURE_STEP_FIELDS)


def test_defaults_are_the_models_own() -> None:
    for data_class, model in ((CampaignData, Campaign), (AuthorityItemData, AuthorityItem)):
        for field in dataclasses.fields(data_class):
            if field.default is not dataclasses.MISSING and field.default is not None:
                model_field = model._meta.get_field(field.name)
                assert isinstance(model_field, models.Field)
                assert field.default == model_field.get_default()


def test_of_reads_an_instance_back(cast: Cast) -> None:
    entry = RiskEntryFactory(register=RegisterFactory(unit=cast.dept), responsible_leader=cast.head)
    data = EntryData.of(entry)
    assert (data.category, data.risk, data.responsible_leader) == (
        entry.category,
        entry.risk,
        cast.head,
    )
    campaign = CampaignFactory()
    assert CampaignData.of(campaign).category_set == campaign.category_set
    step = ProcedureStep(name="受理", handler="窗口岗")
    assert ProcedureStepData.of(step) == ProcedureStepData(name="受理", handler="窗口岗")
