"""Forms of the assessment pages: they read and check the input's shape; the services and
assessment.scoring decide (a value outside an indicator's range is refused there)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assessment.choices import QUARTERS, Layer
from assessment.models import AssessmentPeriod, Indicator
from assessment.scoring import plain

_TEXT = {"class": "form-control"}
_SMALL_TEXT = {"class": "form-control form-control-sm"}
_SELECT = {"class": "form-select"}
_SMALL_SELECT = {"class": "form-select form-select-sm"}


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={**_TEXT, "type": "date"}, format="%Y-%m-%d")


def _decimal(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**_TEXT, "step": "any"}),
        **kwargs,
    )


class PeriodOpenForm(forms.Form):
    """开启季度考核."""

    year = forms.IntegerField(
        label=_("年度"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs=_TEXT),
    )
    quarter = forms.TypedChoiceField(
        label=_("季度"), choices=QUARTERS, coerce=int, widget=forms.Select(attrs=_SELECT)
    )
    deadline = forms.DateField(label=_("评分截止日期"), widget=_date_widget())


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("评分截止日期"), widget=_date_widget())


class ScoreForm(forms.Form):
    """One field per active indicator (`score_<id>`), its range shown, and the 评语. Missing and
    out-of-range values are refused by the computation with its own message."""

    note = forms.CharField(
        label=_("考核评语"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 3}),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        note = self.fields.pop("note")
        for indicator in indicators:
            low, high = plain(Decimal(indicator.min_score)), plain(Decimal(indicator.max_score))
            field = _decimal(
                _("%(name)s(权重%(weight)s,%(low)s–%(high)s分)")
                % {"name": indicator.name, "weight": indicator.weight, "low": low, "high": high},
                required=False,
                help_text=indicator.description,
            )
            field.widget.attrs.update({"min": low, "max": high, "data-indicator": indicator.pk})
            self.fields[self.key(indicator.pk)] = field
        self.fields["note"] = note

    @staticmethod
    def key(indicator_id: int) -> str:
        return f"score_{indicator_id}"

    def values(self) -> dict[int, Decimal | None]:
        return {
            indicator.pk: self.cleaned_data.get(self.key(indicator.pk))
            for indicator in self.indicators
        }

    def score_fields(self) -> list[forms.BoundField]:
        return [self[self.key(indicator.pk)] for indicator in self.indicators]


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("指标名称"), max_length=50, widget=forms.TextInput(attrs=_TEXT))
    description = forms.CharField(
        label=_("评分说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={**_TEXT, "rows": 2}),
    )
    weight = forms.IntegerField(
        label=_("权重"), min_value=1, max_value=100, widget=forms.NumberInput(attrs=_TEXT)
    )
    min_score = _decimal(_("最低分"), initial=0)
    max_score = _decimal(_("最高分"), initial=100)
    order = forms.IntegerField(
        label=_("排序"),
        min_value=0,
        max_value=999,
        initial=0,
        widget=forms.NumberInput(attrs=_TEXT),
    )
    active = forms.BooleanField(
        label=_("启用"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class GradeScaleForm(forms.Form):
    good_from = _decimal(_("“好”的最低分"), min_value=0, max_value=100)
    fine_from = _decimal(_("“良好”的最低分"), min_value=0, max_value=100)
    fair_from = _decimal(_("“一般”的最低分"), min_value=0, max_value=100)


class ScoringFilterForm(forms.Form):
    """The filters of 廉政考核评分 (a GET form)."""

    STATES = [("todo", _("待评分")), ("done", _("已评分")), ("all", _("全部"))]

    period = forms.ModelChoiceField(
        label=_("考核季度"),
        queryset=AssessmentPeriod.objects.none(),
        required=False,
        empty_label=_("全部季度"),
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    state = forms.ChoiceField(
        label=_("评分状态"),
        choices=STATES,
        required=False,
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    layer = forms.ChoiceField(
        label=_("考核层面"),
        choices=[("", _("全部层面")), *Layer.choices],
        required=False,
        widget=forms.Select(attrs=_SMALL_SELECT),
    )

    def __init__(self, *args: Any, periods: QuerySet[AssessmentPeriod], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]


class YearForm(forms.Form):
    """The year of the annual roll-up (a GET form)."""

    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, choices=(), widget=forms.Select(attrs=_SMALL_SELECT)
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, _("%(year)s年") % {"year": y}) for y in years]  # type: ignore[attr-defined]
