"""Forms of the rectification pages: they validate input only; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit, User
from oversight.choices import RectificationSource
from oversight.rectification.permissions import HEAD_SOURCES

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit = f"({obj.unit.name})" if obj.unit_id else ""
        return f"{obj.name or obj.username}{unit}"


class RectificationCreateForm(forms.Form):
    """新建整改事项. The committee picks any unit and person; a unit's head his own units and
    their people, and only the sources open to him. A warning or a lead, when the item comes
    from one, is fixed by the page (its id in the URL), not chosen here."""

    source = forms.ChoiceField(label=_("来源"), widget=forms.Select(attrs=_SELECT))
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), widget=forms.Select(attrs=_SELECT)
    )
    owner = UserChoiceField(
        label=_("整改责任人"), queryset=User.objects.none(), widget=forms.Select(attrs=_SELECT)
    )
    title = forms.CharField(
        label=_("整改事项"), max_length=200, widget=forms.TextInput(attrs=_TEXT)
    )
    problem = forms.CharField(
        label=_("存在问题"), max_length=4000, widget=forms.Textarea(attrs={**_TEXT, "rows": 4})
    )
    steps = forms.CharField(
        label=_("整改措施"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
    )
    deadline = forms.DateField(label=_("整改期限"), widget=_date_widget())

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        owners: QuerySet[User],
        sources: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners.select_related("unit")  # type: ignore[attr-defined]
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in RectificationSource.choices if value in sources
        ]

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("整改期限不能早于今天。"))
        return deadline


def head_sources() -> list[str]:
    return [value for value in RectificationSource.values if value in HEAD_SOURCES]


class RectificationEditForm(forms.Form):
    """Steps and report (those carrying the item out), the deadline (the committee): the view
    drops the fields the user may not change."""

    steps = forms.CharField(
        label=_("整改措施"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 4}),
    )
    report = forms.CharField(
        label=_("整改情况"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 5}),
    )
    deadline = forms.DateField(label=_("整改期限"), widget=_date_widget())

    def __init__(self, *args: Any, fields: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]


class NoteForm(forms.Form):
    """退回 (the reason) or 销号 (the opinion)."""

    note = forms.CharField(
        label=_("意见"), max_length=2000, widget=forms.Textarea(attrs={**_TEXT, "rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.prefix == "return":
            self.fields["note"].label = _("退回理由")
        elif self.prefix == "close":
            self.fields["note"].label = _("销号意见")


class SubmitForm(forms.Form):
    report = forms.CharField(
        label=_("整改情况"), max_length=8000, widget=forms.Textarea(attrs={**_TEXT, "rows": 5})
    )


class UnitPickerForm(forms.Form):
    """The unit of a ledger or of the board's filter."""

    unit = forms.ModelChoiceField(
        label=_("单位/部门"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("全部单位"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], required: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        field.required = required
        if required:
            field.empty_label = None  # type: ignore[attr-defined]
