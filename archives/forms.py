"""Forms of the integrity files: they read and check the input; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from archives.choices import RecordKind
from archives.services import MAX_DAYS, RecordData
from orgs.models import Unit, User
from oversight.warnings.forms import DATE_WIDGET, DomainErrorsMixin, PersonField
from registers.forms import BootstrapMixin


class RecordForm(DomainErrorsMixin):
    kind = forms.ChoiceField(label=_("类型"), choices=RecordKind.choices)
    occurred_on = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(
        label=_("内容"), max_length=8000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def to_data(self) -> RecordData:
        data = self.cleaned_data
        return RecordData(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            title=data["title"],
            content=data["content"],
        )


class AccessRequestForm(DomainErrorsMixin):
    person = PersonField(
        label=_("调阅对象(个人)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(不选)"),
    )
    unit = forms.ModelChoiceField(
        label=_("调阅对象(单位)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("(不选)"),
    )
    reason = forms.CharField(
        label=_("调阅事由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    days = forms.IntegerField(label=_("调阅期限(天)"), min_value=1, max_value=MAX_DAYS, initial=7)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["person"].queryset = (
            User.objects.filter(is_active=True)
            .select_related("unit")
            .order_by("unit__order", "name")
        )
        fields["unit"].queryset = Unit.objects.order_by("order", "code")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("person") is None) == (data.get("unit") is None):
            raise forms.ValidationError(_("请选择要调阅的个人或单位(二者选一)。"))
        return data


class DecideForm(DomainErrorsMixin):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("refuse", _("不予批准"))],
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label=_("批准期限(天)"),
        min_value=1,
        max_value=MAX_DAYS,
        required=False,
        help_text=_("可短于申请的期限;不填按申请的期限"),
    )
    note = forms.CharField(
        label=_("审批意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不予批准时必填"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class SearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("姓名、单位或编码"), max_length=100, required=False)
