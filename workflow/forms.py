"""The filter forms of the workflow's lists (rendered by templates/partials/_filter_form.html)
and the campaign picker that the reports' pages share."""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from registers.forms import BootstrapMixin
from registers.models import Campaign


class CampaignPickerForm(BootstrapMixin, forms.Form):
    """Choose another campaign for the page (`?campaign=<id>`, read back by
    registers.selectors.campaign_from_query). Only ever rendered, with the page's campaign
    selected: the view picks the campaign itself."""

    campaign = forms.ChoiceField(label=_("排查工作"))

    def __init__(self, *, campaigns: Iterable[Campaign], campaign: Campaign | None) -> None:
        super().__init__(initial={"campaign": campaign.pk if campaign is not None else None})
        field = self.fields["campaign"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(item.pk, str(item)) for item in campaigns]


class AuditFilterForm(BootstrapMixin, forms.Form):
    """The audit log's filters. Rendered with the filters the view read from the query string:
    the view filters on them as given (an old action code still finds its rows, see
    audit.labels.action_filter), so the form only shows them."""

    action = forms.ChoiceField(label=_("操作"), required=False)
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    object_id = forms.CharField(
        label=_("对象编号"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("对象编号")}),
    )

    def __init__(
        self,
        *,
        filters: dict[str, str],
        action_choices: Iterable[tuple[str, str]],
        object_type_choices: Iterable[tuple[str, str]],
    ) -> None:
        super().__init__(initial=filters)
        action = self.fields["action"]
        object_type = self.fields["object_type"]
        assert isinstance(action, forms.ChoiceField)
        assert isinstance(object_type, forms.ChoiceField)
        action.choices = [("", _("全部操作")), *action_choices]
        object_type.choices = [("", _("全部对象类型")), *object_type_choices]
