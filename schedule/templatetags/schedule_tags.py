from django import template

from schedule.annex3 import schedule_due
from schedule.models import ScheduleTask

register = template.Library()


@register.filter
def due_in(task: ScheduleTask, year: int) -> str:
    """A row's 完成时间 in its campaign's year, as the campaign's Annex 3 prints it: a deadline as
    its date, the document's "2020年1月" moved with the campaign.

    {{ task|due_in:campaign.year }}"""
    return schedule_due(due_text=task.due_text, deadline=task.deadline, year=year)
