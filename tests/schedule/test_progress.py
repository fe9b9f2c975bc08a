"""The campaign's progress, task by task and unit by unit, computed from the state of each unit's
registers: nobody ticks anything by hand."""

from datetime import date

import pytest

from registers.choices import RegisterState
from schedule.selectors import campaign_progress
from tests.campaign_world import World
from tests.walk import walk_to

pytestmark = pytest.mark.django_db


def test_progress_is_computed_from_every_register_of_the_unit(world: World) -> None:
    walk_to(world.dept_register, RegisterState.SIGNED)
    # The key post's register is still a draft: the department has not done the task yet.
    progress = campaign_progress(campaign=world.campaign, today=date(2026, 8, 9))
    submit_row = next(r for r in progress.rows if r.task == world.submit_task)
    assert [u.name for u in progress.units] == ["审批处", "财务处"]
    assert submit_row.cells == ["pending", "pending"]
    walk_to(world.post_register, RegisterState.SUBMITTED)
    walk_to(world.other_register, RegisterState.RETURNED)  # returned counts as draft
    progress = campaign_progress(campaign=world.campaign, today=date(2026, 8, 11))
    submit_row = next(r for r in progress.rows if r.task == world.submit_task)
    assert submit_row.cells == ["done", "overdue"]
    assert (submit_row.done, submit_row.total) == (1, 2)
    # Only the three Annex 3 rows tied to a register state are tracked.
    assert [r.task.required_state for r in progress.rows] == [
        "submitted",
        "deliberated",
        "published",
    ]
