"""Forms of leads and warnings: they read and check the input; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit, User
from oversight.choices import (
    WARNING_LEVEL_HELP,
    Disposal,
    LeadDecision,
    LeadSource,
    WarningLevel,
    WarningState,
)
from oversight.models import Lead
from oversight.warnings.leads import MANUAL_SOURCES, LeadData, RectificationData
from oversight.warnings.selectors import WarningFilters, published_entries
from oversight.warnings.services import WarningData
from registers.exceptions import DomainError
from registers.forms import BootstrapMixin
from registers.models import RiskEntry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit = obj.unit.name if obj.unit_id else ""
        return f"{obj.name or obj.username}({unit})" if unit else str(obj.name or obj.username)


def _entry_label(entry: RiskEntry) -> str:
    grade = entry.get_grade_display() if entry.grade else ""
    return f"{entry.register} · {entry.risk[:50]}{f'({grade})' if grade else ''}"


class EntriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _entry_label(obj)


class EntryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _entry_label(obj)


def _people() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True).select_related("unit").order_by("unit__order", "name")
    )


def _units() -> QuerySet[Unit]:
    return Unit.objects.order_by("order", "code")


def _subject_fields_prepare(
    form: forms.Form, *, initial_unit: Unit | None, refresh_url: str
) -> None:
    """The unit and person concerned, and the entries of the unit's published registers (a
    change of unit reloads them): the fields a lead and a warning share."""
    fields: Any = form.fields
    fields["subject_unit"].queryset = _units()
    _refresh_entries_on_unit_change(fields["subject_unit"], refresh_url)
    fields["subject_user"].queryset = _people()
    unit = _unit_from(form, initial_unit)
    fields["entries"].queryset = published_entries(unit) if unit else RiskEntry.objects.none()


class DomainErrorsMixin(BootstrapMixin, forms.Form):
    def add_domain_error(self, error: DomainError) -> None:
        """A service's refusal shown at its field, or above the form."""
        self.add_error(error.field if error.field in self.fields else None, error.message)


def _refresh_entries_on_unit_change(field: forms.Field, url: str) -> None:
    """Choosing the unit reloads the entries list (htmx: the same page, with the unit, from
    which only the entries field is taken)."""
    if url:
        field.widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-target": "#entries-field",
                "hx-select": "#entries-field",
                "hx-swap": "outerHTML",
            }
        )


def _unit_from(form: forms.Form, initial_unit: Unit | None) -> Unit | None:
    """The subject unit the entries are chosen from: the posted one, else the initial one."""
    if form.is_bound:
        raw = form.data.get(form.add_prefix("subject_unit"))
        try:
            return Unit.objects.filter(pk=int(raw)).first() if raw else None
        except (TypeError, ValueError):
            return None
    return initial_unit


class WarningForm(DomainErrorsMixin):
    level = forms.ChoiceField(
        label=_("预警等级"), choices=WarningLevel.choices, widget=forms.RadioSelect
    )
    disposal = forms.ChoiceField(
        label=_("处置方式"), choices=Disposal.choices, widget=forms.RadioSelect
    )
    subject_unit = forms.ModelChoiceField(
        label=_("责任部门"),
        queryset=Unit.objects.none(),
        help_text=_("负责具体落实的部门;预警对象为部门时即该部门"),
    )
    subject_user = PersonField(
        label=_("预警对象(个人)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("部门预警可不选,由部门负责人接收并报告整改"),
    )
    facts = forms.CharField(
        label=_("预警事由"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    requirement = forms.CharField(
        label=_("整改要求"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(label=_("整改报告期限"), widget=DATE_WIDGET)
    entries = EntriesField(
        label=_("关联风险点"),
        queryset=RiskEntry.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("已公示清单中责任部门(及其下属单位)的风险点"),
    )

    def __init__(
        self,
        *args: Any,
        initial_unit: Unit | None = None,
        refresh_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        _subject_fields_prepare(self, initial_unit=initial_unit, refresh_url=refresh_url)
        for name in ("level", "disposal"):
            fields[name].widget.attrs["class"] = "form-check-input"

    def level_choices(self) -> list[tuple[str, str, str]]:
        """Each level with document 003's definition, for the radio buttons' help."""
        return [
            (value, str(label), str(WARNING_LEVEL_HELP[WarningLevel(value)]))
            for value, label in WarningLevel.choices
        ]

    def to_data(self) -> WarningData:
        data = self.cleaned_data
        return WarningData(
            level=data["level"],
            disposal=data["disposal"],
            subject_unit=data["subject_unit"],
            subject_user=data["subject_user"],
            facts=data["facts"],
            requirement=data["requirement"],
            deadline=data["deadline"],
            entries=tuple(data["entries"]),
        )


class LeadForm(DomainErrorsMixin):
    source = forms.ChoiceField(
        label=_("来源"), choices=[(s.value, s.label) for s in MANUAL_SOURCES]
    )
    summary = forms.CharField(
        label=_("内容摘要"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    received_on = forms.DateField(label=_("收到日期"), widget=DATE_WIDGET)
    subject_unit = forms.ModelChoiceField(
        label=_("涉及单位"), queryset=Unit.objects.none(), required=False
    )
    subject_user = PersonField(label=_("涉及人员"), queryset=User.objects.none(), required=False)
    entries = EntriesField(
        label=_("关联风险点"),
        queryset=RiskEntry.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("已公示清单中涉及单位(及其下属单位)的风险点;先选择涉及单位"),
    )

    def __init__(
        self,
        *args: Any,
        initial_unit: Unit | None = None,
        from_feedback: bool = False,
        refresh_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        _subject_fields_prepare(self, initial_unit=initial_unit, refresh_url=refresh_url)
        if from_feedback:
            # The citizen's words and the date they came stay as sent.
            for name in ("source", "summary", "received_on"):
                fields[name].disabled = True
                fields[name].required = False
            fields["source"].choices = LeadSource.choices

    def to_data(self) -> LeadData:
        data = self.cleaned_data
        return LeadData(
            source=data["source"] or "",
            summary=data["summary"] or "",
            received_on=data["received_on"] or timezone.localdate(),
            subject_unit=data["subject_unit"],
            subject_user=data["subject_user"],
            entries=tuple(data["entries"]),
        )


class DismissForm(DomainErrorsMixin):
    note = forms.CharField(
        label=_("研判意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RectifyForm(DomainErrorsMixin):
    title = forms.CharField(label=_("整改事项"), max_length=200)
    problem = forms.CharField(
        label=_("存在问题"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("整改事项对责任单位可见:请勿写入举报人等保密信息"),
    )
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())
    owner = PersonField(label=_("整改责任人"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("整改期限"), widget=DATE_WIDGET)
    steps = forms.CharField(
        label=_("整改措施"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    entry = EntryField(label=_("关联风险点"), queryset=RiskEntry.objects.none(), required=False)
    note = forms.CharField(
        label=_("研判意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, lead: Lead, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["unit"].queryset = _units()
        fields["owner"].queryset = _people()
        # One entry of the lead's, or none.
        fields["entry"].queryset = lead.entries.select_related("register__unit", "register__post")

    def to_data(self) -> RectificationData:
        data = self.cleaned_data
        return RectificationData(
            unit=data["unit"],
            owner=data["owner"],
            title=data["title"],
            problem=data["problem"],
            deadline=data["deadline"],
            steps=data["steps"],
            entry=data["entry"],
        )


class NoteForm(DomainErrorsMixin):
    """The note of an approval, a rejection, a return or a closing."""

    note = forms.CharField(
        label=_("意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(DomainErrorsMixin):
    answer = forms.CharField(
        label=_("整改情况报告"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8})
    )


class WarningFilterForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(
        label=_("预警等级"), choices=[("", _("全部")), *WarningLevel.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *WarningState.choices], required=False
    )
    disposal = forms.ChoiceField(
        label=_("处置方式"), choices=[("", _("全部")), *Disposal.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("责任部门"), queryset=Unit.objects.none(), required=False, empty_label=_("全部")
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["unit"].queryset = _units()

    def filters(self) -> WarningFilters:
        """The valid filters; a bad value is dropped (and shown as an error on the form)."""
        if not self.is_bound:
            return WarningFilters()
        self.is_valid()
        data = self.cleaned_data
        return WarningFilters(
            level=data.get("level") or "",
            state=data.get("state") or "",
            disposal=data.get("disposal") or "",
            unit=data.get("unit"),
            year=data.get("year"),
        )


class LeadFilterForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("来源"), choices=[("", _("全部")), *LeadSource.choices], required=False
    )
    decision = forms.ChoiceField(
        label=_("研判结果"), choices=[("", _("全部")), *LeadDecision.choices], required=False
    )
