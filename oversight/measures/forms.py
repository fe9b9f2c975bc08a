"""Forms of the actions (措施落实). They parse and validate input; the rules live in services."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Unit, User
from oversight.choices import ActionStatus
from oversight.models import Action
from registers.forms import BootstrapMixin
from registers.models import Campaign, RiskEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        unit = obj.unit.name if obj.unit_id and obj.unit is not None else ""
        return f"{obj}({unit})" if unit else str(obj)


def owner_choices(field: OwnerChoiceField, *, unit_id: int) -> list[tuple[Any, Any]]:
    """The people of the entry's unit first, then everyone else, as two groups of the select."""
    own: list[tuple[int, str]] = []
    others: list[tuple[int, str]] = []
    for user in field.queryset or []:
        (own if user.unit_id == unit_id else others).append(
            (user.pk, field.label_from_instance(user))
        )
    groups = [(_("本单位人员"), own), (_("其他人员"), others)]
    return [("", _("(暂不指定)")), *((label, people) for label, people in groups if people)]


class ActionProgressForm(BootstrapMixin, forms.Form):
    """What the owner reports: how far the action has got."""

    status = forms.ChoiceField(label=_("落实状态"), choices=ActionStatus.choices)
    progress_note = forms.CharField(
        label=_("落实情况"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(ActionProgressForm):
    """An action as the editors see it. The inspection mark is offered only for a grade-1 entry
    (or an action that carries it already, so that it can be taken off)."""

    content = forms.CharField(
        label=_("措施内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = OwnerChoiceField(label=_("责任人"), queryset=User.objects.none(), required=False)
    deadline = forms.DateField(label=_("完成期限"), required=False, widget=DateInput())
    on_inspection_list = forms.BooleanField(
        label=_("列入检查清单"),
        required=False,
        help_text=_("一级风险岗位的防控措施列入监督检查清单"),
    )

    field_order = ["content", "owner", "deadline", "status", "progress_note", "on_inspection_list"]

    def __init__(
        self, *args: Any, entry: RiskEntry, action: Action | None = None, **kwargs: Any
    ) -> None:
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "content": action.content,
                "owner": action.owner_id,
                "deadline": action.deadline,
                "status": action.status,
                "progress_note": action.progress_note,
                "on_inspection_list": action.on_inspection_list,
            }
        super().__init__(*args, **kwargs)
        current = action.owner if action is not None else None
        owner = self.fields["owner"]
        assert isinstance(owner, OwnerChoiceField)
        # Active people, and the current owner even if his account was closed since: the form
        # must not change the owner of an action whose content alone is edited.
        active = Q(is_active=True)
        if current is not None:
            active |= Q(pk=current.pk)
        owner.queryset = (
            User.objects.filter(active).select_related("unit").order_by("unit__order", "name")
        )
        owner.choices = owner_choices(owner, unit_id=entry.register.unit_id)
        if entry.grade != 1 and not (action is not None and action.on_inspection_list):
            del self.fields["on_inspection_list"]


class VerifyForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("核实意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InspectionFilterForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("排查工作"), queryset=Campaign.objects.all(), required=False, empty_label=_("全部")
    )
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.order_by("order", "code"),
        required=False,
        empty_label=_("全部"),
    )
    status = forms.ChoiceField(
        label=_("落实状态"), choices=[("", _("全部")), *ActionStatus.choices], required=False
    )
