"""Forms of the import steps: the upload, and the column mapping."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from registers.importing.columns import FIELD_LABELS, IGNORE
from registers.importing.storage import PendingImport
from registers.models import Category


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件(.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )


class MappingForm(forms.Form):
    """One select per column of the sheet (a field or 忽略), and the category for all rows when
    no column gives it."""

    def __init__(
        self, *args: Any, pending: PendingImport, categories: list[Category], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pending = pending
        choices = [(IGNORE, _("忽略")), *FIELD_LABELS.items()]
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
            self.columns.append((name, header, proposed is None and bool(header)))
        self.fields["category"] = forms.ModelChoiceField(
            label=_("全部行的排查类别"),
            queryset=Category.objects.filter(pk__in=[c.pk for c in categories]).order_by(
                "order", "id"
            ),
            required=False,
            initial=pending.default_category_id,
            help_text=_("文件中没有“排查类别”列时,所有行都归入这里选择的类别。"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def column_fields(self) -> list[tuple[forms.BoundField, str, bool]]:
        """(select, header, unrecognized) per column, for the template."""
        return [(self[name], header, unknown) for name, header, unknown in self.columns]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, list[str]] = {}
        for name, header, _unknown in self.columns:
            value = data.get(name) or IGNORE
            if value != IGNORE:
                chosen.setdefault(value, []).append(header or name)
        for field_name, headers in chosen.items():
            if len(headers) > 1:
                raise forms.ValidationError(
                    _("“%(field)s”只能对应一列,现在对应了:%(headers)s。")
                    % {"field": FIELD_LABELS[field_name], "headers": "、".join(headers)}
                )
        if "risk" not in chosen:
            raise forms.ValidationError(_("请指定哪一列是“主要廉政风险”。"))
        if "category" not in chosen and not data.get("category"):
            self.add_error("category", _("文件中没有“排查类别”列,请选择全部行归入的排查类别。"))
        return data

    def mapping(self) -> dict[int, str | None]:
        return {
            index: self.cleaned_data.get(name) or IGNORE
            for index, (name, _header, _unknown) in enumerate(self.columns)
        }
