from django import forms
from django.utils.translation import gettext_lazy as _

from schedule.models import CampaignReminderSettings, ScheduleTask, parse_reminder_days
from schedule.selectors import MILESTONES


class ScheduleTaskForm(forms.ModelForm):
    required_state = forms.ChoiceField(
        label=_("完成标志"),
        required=False,
        choices=[("", _("由责任单位标记完成")), *MILESTONES.items()],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    class Meta:
        model = ScheduleTask
        # The arguments of schedule.services.schedule_task_update, which the view passes on.
        fields = (
            "order",
            "stage",
            "task",
            "lead_unit",
            "responsible_units",
            "due_text",
            "deadline",
            "required_state",
        )
        widgets = {
            "order": forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            "stage": forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}),
            "task": forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}),
            "lead_unit": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "responsible_units": forms.Textarea(
                attrs={"class": "form-control form-control-sm", "rows": 2}
            ),
            "due_text": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "deadline": forms.DateInput(
                attrs={"class": "form-control form-control-sm", "type": "date"}, format="%Y-%m-%d"
            ),
        }


ScheduleTaskFormSet = forms.modelformset_factory(
    ScheduleTask, form=ScheduleTaskForm, extra=0, can_delete=False
)


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = CampaignReminderSettings
        fields = ["reminder_days", "overdue_repeat_days"]
        widgets = {
            "reminder_days": forms.TextInput(attrs={"class": "form-control"}),
            "overdue_repeat_days": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
        }

    def clean_reminder_days(self) -> str:
        days = parse_reminder_days(self.cleaned_data["reminder_days"])
        if not days:
            raise forms.ValidationError(_("请填写至少一个正整数天数,如“7,3,1”。"))
        return ",".join(str(day) for day in days)

    def clean_overdue_repeat_days(self) -> int:
        value = self.cleaned_data["overdue_repeat_days"]
        if not value or value < 1:
            raise forms.ValidationError(_("至少为1天。"))
        return int(value)


class TaskCompletionForm(forms.Form):
    note = forms.CharField(
        label=_("完成情况"),
        max_length=2000,
        help_text=_("说明如何完成:会议、文件、时间等;证明材料可在标记后上传。"),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
