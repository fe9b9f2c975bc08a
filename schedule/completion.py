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
# Which rows a source completes: those are done by its record only, never by a hand mark (a
# unit must not tick 回头看 done while its answer is still a draft).
Claims = Callable[[ScheduleTask], bool]

_SOURCES: list[CompletionSource] = []
_CLAIMS: list[Claims] = []


def register_completion_source(source: CompletionSource, *, claims: Claims | None = None) -> None:
    """Called from an AppConfig.ready; registering the same function twice keeps one."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    if claims is not None and claims not in _CLAIMS:
        _CLAIMS.append(claims)


def marked_by_hand(task: ScheduleTask) -> bool:
    """Whether units mark `task` done themselves: not a row the registers' state decides, nor one
    another app's record completes."""
    return not task.required_state and not any(claims(task) for claims in _CLAIMS)


def recorded_completions(campaign: Campaign) -> list[RecordedCompletion]:
    """What every registered source says is done in `campaign` (tasks of other campaigns that a
    careless source returns are dropped)."""
    found: list[RecordedCompletion] = []
    for source in _SOURCES:
        found += [done for done in source(campaign) if done.task.campaign_id == campaign.pk]
    return found
