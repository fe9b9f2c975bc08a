"""The campaign's progress on the rows tied to a register state, task by task and unit by unit,
computed from the state of each unit's registers: nobody ticks these by hand. (Rows done by a
unit's mark or another app's record: test_completion_progress.py.)"""

from datetime import date

import pytest

from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
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
    assert [cell.status for cell in submit_row.cells] == ["pending", "pending"]
    walk_to(world.post_register, RegisterState.SUBMITTED)
    walk_to(world.other_register, RegisterState.RETURNED)  # returned counts as draft
    progress = campaign_progress(campaign=world.campaign, today=date(2026, 8, 11))
    submit_row = next(r for r in progress.rows if r.task == world.submit_task)
    assert [cell.status for cell in submit_row.cells] == ["done", "overdue"]
    assert [cell.how for cell in submit_row.cells] == ["state", ""]
    assert (submit_row.done, submit_row.total) == (1, 2)
    # Every Annex 3 row is on the page, the three tied to a register state among them.
    assert len(progress.rows) == 13
    assert [r.task.required_state for r in progress.rows if r.task.required_state] == [
        "submitted",
        "deliberated",
        "published",
    ]


def test_a_persons_own_register_does_not_hold_back_his_unit(world: World) -> None:
    """One person's draft neither keeps his department's row open nor shows his colleagues on
    the progress page that he has not submitted it."""
    Register.objects.create(
        campaign=world.campaign,
        unit=world.cast.dept,
        level=RegisterLevel.PERSONAL,
        person=world.cast.filler,
    )
    walk_to(world.dept_register, RegisterState.SUBMITTED)
    walk_to(world.post_register, RegisterState.SUBMITTED)
    progress = campaign_progress(campaign=world.campaign, today=date(2026, 8, 9))
    submit_row = next(r for r in progress.rows if r.task == world.submit_task)
    assert [cell.status for cell in submit_row.cells] == ["done", "pending"]
