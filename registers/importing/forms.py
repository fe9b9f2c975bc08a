"""Forms of the import steps: the upload, and the column mapping."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from registers.importing.columns import EXTRA, EXTRA_LABEL, FIELD_LABELS, IGNORE
from registers.importing.mapping import CategoryValue, column_values
from registers.importing.storage import SKIP_ROWS, PendingImport
from registers.models import Category


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )


class MappingForm(forms.Form):
    """One select per column of the sheet (a field, 其他字段 or 忽略); the category of rows that
    give none and the grade of rows that give none; and, for each of the file's own category
    values, the campaign category its rows go to (or 跳过)."""

    def __init__(
        self,
        *args: Any,
        pending: PendingImport,
        categories: list[Category],
        values: list[CategoryValue],
        grade_labels: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pending = pending
        self.values = values
        choices = [(IGNORE, _("忽略")), (EXTRA, EXTRA_LABEL), *FIELD_LABELS.items()]
        letters = pending.sheet.letters
        self.columns: list[tuple[str, str, bool]] = []
        for index, header in enumerate(pending.sheet.headers):
            proposed = pending.mapping.get(index)
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=(
                    _("%(letter)s 列 “%(header)s”") % {"letter": letters[index], "header": header}
                    if header
                    else _("%(letter)s 列") % {"letter": letters[index]}
                ),
                choices=choices,
                required=False,
                initial=proposed or IGNORE,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            samples = column_values(pending.sheet, index)[:3]
            self.columns.append((name, "; ".join(samples), proposed == EXTRA))
        self.fields["category"] = forms.ModelChoiceField(
            label=_("未填类别的行归入"),
            queryset=Category.objects.filter(pk__in=[c.pk for c in categories]).order_by(
                "order", "id"
            ),
            required=False,
            initial=pending.default_category_id,
            help_text=_("文件中没有“排查类别”列,或某些行的类别为空时,这些行归入这里选择的类别。"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["grade"] = forms.TypedChoiceField(
            label=_("未填等级的行的风险等级"),
            choices=[("", _("不评定(导入后逐条评定)")), *grade_labels],
            coerce=int,
            empty_value=None,
            required=False,
            initial=pending.default_grade,
            help_text=_("未评定等级的风险点导入后在清单页列出,全部评定后才能提交。"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        value_choices = [
            ("", _("请选择")),
            *[(str(category.pk), category.name) for category in categories],
            (SKIP_ROWS, _("跳过这些行(不导入)")),
        ]
        for number, value in enumerate(values):
            self.fields[f"value_{number}"] = forms.ChoiceField(
                label=value.text,
                choices=value_choices,
                required=True,
                initial=str(value.choice) if value.choice is not None else "",
                error_messages={"required": _("请选择这个类别对应的排查类别,或选择跳过。")},
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def column_fields(self) -> list[tuple[forms.BoundField, str, bool]]:
        """(select, sample values, kept as an extra field) per column, for the template."""
        return [(self[name], samples, extra) for name, samples, extra in self.columns]

    def value_fields(self) -> list[tuple[forms.BoundField, CategoryValue]]:
        return [(self[f"value_{number}"], value) for number, value in enumerate(self.values)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, list[str]] = {}
        for index, (name, _samples, _extra) in enumerate(self.columns):
            value = data.get(name) or IGNORE
            if value not in (IGNORE, EXTRA):
                chosen.setdefault(value, []).append(
                    self.pending.sheet.headers[index] or self.pending.sheet.letters[index]
                )
        for field_name, headers in chosen.items():
            if len(headers) > 1:
                raise forms.ValidationError(
                    _("“%(field)s”只能对应一列,现在对应了:%(headers)s。")
                    % {"field": FIELD_LABELS[field_name], "headers": "、".join(headers)}
                )
        if "risk" not in chosen:
            raise forms.ValidationError(_("请指定哪一列是“主要廉政风险”。"))
        return data

    def mapping(self) -> dict[int, str | None]:
        return {
            index: self.cleaned_data.get(name) or IGNORE
            for index, (name, _samples, _extra) in enumerate(self.columns)
        }

    def category_choices(self) -> dict[str, int | str]:
        """The file's category values → a category id or SKIP_ROWS."""
        choices: dict[str, int | str] = {}
        for number, value in enumerate(self.values):
            chosen = self.cleaned_data.get(f"value_{number}") or ""
            if chosen == SKIP_ROWS:
                choices[value.key] = SKIP_ROWS
            elif chosen.isdecimal():
                choices[value.key] = int(chosen)
        return choices
