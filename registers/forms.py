"""Forms of the registers app. They only parse and validate input; the rules live in services."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit, User
from registers.choices import (
    AuthorityCategory,
    AuthorityKind,
    Grade,
    Impact,
    Likelihood,
    RegisterLevel,
    RegisterState,
)
from registers.data import (
    AUTHORITY_ITEM_FIELDS,
    CAMPAIGN_FIELDS,
    ENTRY_FIELDS,
    PROCEDURE_STEP_FIELDS,
    AuthorityItemData,
    CampaignData,
    EntryData,
    ProcedureStepData,
)
from registers.grading import register_grade_label
from registers.models import AuthorityItem, Campaign, Category, ProcedureStep, Register
from registers.selectors import categories_for, leader_choices


class BootstrapMixin:
    """Gives the widgets Bootstrap's classes (templates render them with `as_widget`)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class AuthorityFilterForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.order_by("order", "code"),
        required=False,
        empty_label=_("全部"),
    )
    kind = forms.ChoiceField(
        label=_("清单类型"), choices=[("", _("全部")), *AuthorityKind.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("事项类别"), choices=[("", _("全部")), *AuthorityCategory.choices], required=False
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)


def _model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    # Form.fields is typed as plain Field; these are the model choice fields the class declares.
    return cast(forms.ModelChoiceField, form.fields[name])


class AuthorityItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AuthorityItem
        fields = ["unit", *AUTHORITY_ITEM_FIELDS]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "supervision_method": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            _model_choices(self, "unit").queryset = units

    def item_data(self) -> AuthorityItemData:
        """The cleaned item, as the services take it (its unit apart)."""
        return AuthorityItemData(
            **{name: self.cleaned_data[name] for name in AUTHORITY_ITEM_FIELDS}
        )


class ProcedureStepForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ProcedureStep
        fields = list(PROCEDURE_STEP_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 1})}


class BaseStepFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        # The formset adds these after the form's own __init__ styled the others.
        form.fields["ORDER"].widget.attrs["class"] = "form-control form-control-sm"
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


ProcedureStepFormSet = forms.inlineformset_factory(
    AuthorityItem,
    ProcedureStep,
    form=ProcedureStepForm,
    formset=BaseStepFormSet,
    extra=3,
    can_delete=True,
    can_order=True,
)


def procedure_steps(
    # Quoted: Django's formset classes are generic in the type stubs only.
    formset: "forms.BaseInlineFormSet[ProcedureStep, AuthorityItem, ProcedureStepForm]",
) -> list[ProcedureStepData]:
    """The valid formset's steps in the order the user gave (ORDER), deleted ones left out; rows
    without an order number keep their position after the numbered ones."""
    rows = [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    rows.sort(key=lambda row: (row.get("ORDER") is None, row.get("ORDER") or 0))
    return [
        ProcedureStepData(**{name: row.get(name) or "" for name in PROCEDURE_STEP_FIELDS})
        for row in rows
    ]


class CampaignForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = list(CAMPAIGN_FIELDS)
        widgets = {
            "publication_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "publication_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            _model_choices(self, "previous").queryset = Campaign.objects.exclude(
                pk=self.instance.pk
            )
            if self.instance.started_at is not None:
                self.fields["category_set"].disabled = True
                self.fields["previous"].disabled = True
                self.fields["personal_scope"].disabled = True
                self.fields["has_major_register"].disabled = True

    def campaign_data(self) -> CampaignData:
        """The cleaned settings, as the services take them."""
        return CampaignData(**{name: self.cleaned_data[name] for name in CAMPAIGN_FIELDS})


class RegisterFilterForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("排查工作"), queryset=Campaign.objects.all(), required=False, empty_label=_("全部")
    )
    level = forms.ChoiceField(
        label=_("层面"), choices=[("", _("全部")), *RegisterLevel.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *RegisterState.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.order_by("order", "code"),
        required=False,
        empty_label=_("全部"),
    )


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.name}({obj.job_title})" if obj.job_title else obj.name


class RiskEntryForm(forms.Form):
    """One risk entry. Grade choices are labelled by the campaign's scheme (A/B/C at post level).

    The extra fields (columns of an imported file that no field takes) are not edited here: the
    view passes the edited entry's own, the form shows them read-only and gives them back with
    the entry, so that saving an edit keeps them; a new entry has none."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    # The entry being edited, carried so that the live grade block keeps its field ids.
    entry = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A digest of the entry as the form was opened: after a conflict it tells whether this entry
    # itself was saved meanwhile (then both versions are shown) or only others were.
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)
    category = forms.ModelChoiceField(label=_("排查类别"), queryset=Category.objects.none())
    risk = forms.CharField(
        label=_("主要廉政风险"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    manifestations = forms.CharField(
        label=_("表现形式"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    cause = forms.CharField(
        label=_("形成原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    likelihood = forms.TypedChoiceField(
        label=_("发生可能性"),
        choices=[("", "—"), *Likelihood.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    impact = forms.TypedChoiceField(
        label=_("危害程度"),
        choices=[("", "—"), *Impact.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    grade = forms.TypedChoiceField(
        label=_("风险等级"), choices=Grade.choices, coerce=int, empty_value=None, required=False
    )
    grade_override_reason = forms.CharField(
        label=_("调整等级理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    prevention_measures = forms.CharField(
        label=_("防控措施"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    monitoring_indicator = forms.CharField(
        label=_("监测指标"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible_department = forms.CharField(label=_("责任部门"), max_length=200, required=False)
    responsible_post = forms.CharField(label=_("责任岗位"), max_length=200, required=False)
    responsible_leader = LeaderChoiceField(
        label=_("责任领导"), queryset=User.objects.none(), required=False
    )
    authority_item = forms.ModelChoiceField(
        label=_("关联权责事项"), queryset=AuthorityItem.objects.none(), required=False
    )
    responsible_leader_name = forms.CharField(
        label=_("责任领导(姓名)"),
        max_length=100,
        required=False,
        help_text=_("不在列表中时直接填写姓名"),
    )

    def __init__(
        self,
        *args: Any,
        register: Register,
        extra_fields: tuple[tuple[str, str], ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        self.extra_fields = extra_fields
        _model_choices(self, "category").queryset = categories_for(register)
        cast(forms.ChoiceField, self.fields["grade"]).choices = [("", "—")] + [
            (
                value,
                register_grade_label(register, value),
            )
            for value in Grade.values
        ]
        _model_choices(self, "responsible_leader").queryset = leader_choices()
        # The items of the register's own unit: the risk arises from one of its powers or duties.
        _model_choices(self, "authority_item").queryset = AuthorityItem.objects.filter(
            unit_id=register.unit_id, is_active=True
        ).order_by("order", "id")

    def entry_data(self) -> EntryData:
        """The cleaned entry, as the entry services take it, with the extra fields it was given."""
        return EntryData(
            **{name: self.cleaned_data[name] for name in ENTRY_FIELDS if name != "extra_fields"},
            extra_fields=self.extra_fields,
        )
