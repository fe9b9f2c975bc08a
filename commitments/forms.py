from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.choices import CommitmentKind, CommitmentState
from orgs.models import Unit
from registers.forms import BootstrapMixin
from registers.models import Campaign


class TrackerFilterForm(BootstrapMixin, forms.Form):
    """The filters of 承诺书签署情况 (a GET form)."""

    campaign = forms.ModelChoiceField(
        label=_("排查工作"), queryset=Campaign.objects.none(), required=False, empty_label=None
    )
    unit = forms.ModelChoiceField(
        label=_("单位/部门"), queryset=Unit.objects.none(), required=False, empty_label=_("全部")
    )
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部")), *CommitmentKind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *CommitmentState.choices], required=False
    )

    def __init__(self, *args: Any, campaigns: QuerySet[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["campaign"].queryset = campaigns
        fields["unit"].queryset = Unit.objects.order_by("order", "code")


class SignForm(forms.Form):
    password = forms.CharField(
        label=_("请输入您的登录密码确认签字"),
        strip=False,
        widget=forms.PasswordInput(
            attrs={"class": "form-control", "autocomplete": "current-password"}
        ),
    )


class TextsForm(BootstrapMixin, forms.Form):
    """The campaign's four texts, one field per kind."""

    def __init__(self, *args: Any, initial_texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in CommitmentKind.choices:
            self.fields[value] = forms.CharField(
                label=label,
                max_length=8000,
                initial=initial_texts[value],
                widget=forms.Textarea(attrs={"rows": 9}),
            )
        # BootstrapMixin ran before the fields existed.
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"
