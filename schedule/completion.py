"""The hook through which apps above the schedule tell it that a row of Annex 3 is done.

Some rows are done by a record the product keeps elsewhere: a 回头看 round whose answers are rated
completes "组织“回头看”检查" for each unit that answered. schedule may not import those apps, so
each registers a source from its AppConfig.ready; the progress page and the daily sweep ask every
source for the campaign at hand and count what it returns as done.
"""

from collections.abc import Callable
from dataclasses import dataclass

from registers.models import Campaign
from schedule.models import ScheduleTask


@dataclass(frozen=True)
class RecordedCompletion:
    """`unit_id` has done `task` by a record of another app; `note` says which (shown on the
    progress page), `url` where to read it (may be blank)."""

    task: ScheduleTask
    unit_id: int
    note: str
    url: str = ""


CompletionSource = Callable[[Campaign], list[RecordedCompletion]]

_SOURCES: list[CompletionSource] = []


def register_completion_source(source: CompletionSource) -> None:
    """Called from an AppConfig.ready; registering the same function twice keeps one."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def recorded_completions(campaign: Campaign) -> list[RecordedCompletion]:
    """What every registered source says is done in `campaign` (tasks of other campaigns that a
    careless source returns are dropped)."""
    found: list[RecordedCompletion] = []
    for source in _SOURCES:
        found += [done for done in source(campaign) if done.task.campaign_id == campaign.pk]
    return found
