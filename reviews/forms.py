"""Forms of the 回头看 pages: they validate input only; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import User
from registers.choices import Impact, Likelihood
from registers.data import EntryData
from registers.models import Campaign, Category, Register, RiskEntry
from registers.selectors import categories_for
from reviews.choices import QUESTIONS, FindingKind, Rating

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d")


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={**_TEXT, "rows": rows})


class RoundForm(forms.Form):
    """发起回头看 (with the campaign) and 修改 (without it)."""

    campaign = forms.ModelChoiceField(
        label=_("排查工作"), queryset=Campaign.objects.none(), widget=forms.Select(attrs=_SELECT)
    )
    title = forms.CharField(label=_("名称"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    deadline = forms.DateField(label=_("答复截止日期"), widget=_date_widget())
    instructions = forms.CharField(
        label=_("工作要求"), max_length=4000, required=False, widget=_area(3)
    )

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        if campaigns is None:
            del self.fields["campaign"]
        else:
            self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("答复截止日期不能早于今天。"))
        return deadline


class CloseForm(forms.Form):
    conclusion = forms.CharField(label=_("总体结论"), max_length=8000, widget=_area(4))


class AnswerForm(forms.Form):
    """The three questions of document 000, each answered in the unit's words."""

    q1_missing_risks = forms.CharField(max_length=4000, required=False, widget=_area(4))
    q2_measures_in_place = forms.CharField(max_length=4000, required=False, widget=_area(4))
    q3_effects_shown = forms.CharField(max_length=4000, required=False, widget=_area(4))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in QUESTIONS:
            self.fields[name].label = label


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.risk[:60]


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("问题类型"), choices=FindingKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    entry = EntryChoiceField(
        label=_("关联风险点"),
        queryset=RiskEntry.objects.none(),
        required=False,
        empty_label=_("(整张清单)"),
        widget=forms.Select(attrs=_SELECT),
    )
    text = forms.CharField(label=_("问题描述"), max_length=4000, widget=_area(2))

    def __init__(self, *args: Any, register: Register, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = RiskEntry.objects.filter(  # type: ignore[attr-defined]
            register=register
        ).order_by("category__order", "order", "id")


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("评定等次"), choices=Rating.choices, widget=forms.RadioSelect
    )
    committee_conclusion = forms.CharField(label=_("纪委意见"), max_length=4000, widget=_area(3))


class NewEntryForm(forms.Form):
    """补入清单: the new entry, its grade proposed by the likelihood × impact matrix."""

    category = forms.ModelChoiceField(
        label=_("排查类别"), queryset=Category.objects.none(), widget=forms.Select(attrs=_SELECT)
    )
    risk = forms.CharField(label=_("主要廉政风险"), max_length=2000, widget=_area(2))
    manifestations = forms.CharField(
        label=_("表现形式"), max_length=4000, required=False, widget=_area(2)
    )
    likelihood = forms.TypedChoiceField(
        label=_("发生可能性"),
        choices=Likelihood.choices,
        coerce=int,
        widget=forms.Select(attrs=_SELECT),
    )
    impact = forms.TypedChoiceField(
        label=_("危害程度"), choices=Impact.choices, coerce=int, widget=forms.Select(attrs=_SELECT)
    )
    prevention_measures = forms.CharField(
        label=_("防控措施"), max_length=4000, required=False, widget=_area(3)
    )

    def __init__(self, *args: Any, register: Register, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["category"].queryset = categories_for(register)  # type: ignore[attr-defined]

    def entry_data(self, *, leader: User | None) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            category=data["category"],
            risk=data["risk"],
            manifestations=data["manifestations"],
            likelihood=data["likelihood"],
            impact=data["impact"],
            prevention_measures=data["prevention_measures"],
            responsible_department=self.register.unit.name,
            responsible_leader=leader,
        )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit = f"({obj.unit.name})" if obj.unit_id else ""
        return f"{obj.name or obj.username}{unit}"


class RectificationForm(forms.Form):
    """列入整改: the item's owner among the unit's people, what and by when."""

    owner = UserChoiceField(
        label=_("整改责任人"), queryset=User.objects.none(), widget=forms.Select(attrs=_SELECT)
    )
    title = forms.CharField(
        label=_("整改事项"), max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    problem = forms.CharField(label=_("存在问题"), max_length=4000, widget=_area(3))
    steps = forms.CharField(label=_("整改措施"), max_length=4000, required=False, widget=_area(3))
    deadline = forms.DateField(label=_("整改期限"), widget=_date_widget())

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners.select_related("unit")  # type: ignore[attr-defined]

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("整改期限不能早于今天。"))
        return deadline


class CampaignFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("排查工作"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("全部排查工作"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
