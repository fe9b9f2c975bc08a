"""Evidence for the schedule's rows marked done by hand: a TaskCompletion carries attachments like
an action or a rectification item does. The schedule sits below oversight and cannot register
itself, so the registration is made from here, on the schedule's own rules of who may see a unit's
standing and who answers for it."""

from typing import Any

from django.urls import reverse

from oversight.attachments import ParentKind, register_parent
from schedule.models import TaskCompletion
from schedule.permissions import may_complete, may_see_cell


def _can_see(user: Any, completion: Any) -> bool:
    return may_see_cell(user, task=completion.task, unit=completion.unit)


def _can_edit(user: Any, completion: Any) -> bool:
    # Evidence is added to a standing mark only; a withdrawn one keeps what it had.
    return (
        completion.is_active
        and _can_see(user, completion)
        and may_complete(user, unit=completion.unit)
    )


def _url(completion: Any) -> str:
    return reverse("schedule:task_unit", args=[completion.task_id, completion.unit_id])


def connect() -> None:
    register_parent("schedule_completion", ParentKind(TaskCompletion, _can_see, _can_edit, _url))
