"""Every row of the schedule on the progress page, done in one of three ways: by the registers
(a row tied to a register state), by a unit's mark (any other row), or by another app's record.
A lead-only row is done once for the organization; a campaign can show every row done."""

from datetime import date

import pytest
from django.urls import reverse

from orgs.choices import UnitKind
from registers.choices import RegisterState
from registers.models import Campaign
from schedule.completion import CompletionSource, RecordedCompletion, register_completion_source
from schedule.models import ScheduleTask, TaskCompletion
from schedule.responsibility import Mode, lead_candidates, lead_unit_of, task_mode
from schedule.selectors import TaskProgress, campaign_progress
from schedule.services import task_complete, task_withdraw
from tests.campaign_world import World
from tests.clients import client_for
from tests.factories import CampaignFactory, UnitFactory
from tests.schedule.annex3_rows import (
    EACH_ROWS,
    FILES,
    FIND,
    LEAD_ROWS,
    MOBILIZE,
    PLAN,
    POWERS,
    REVIEW,
    RULES,
    STATE_ROWS,
    SUBMIT,
    row,
)
from tests.walk import walk_to

pytestmark = pytest.mark.django_db

JULY = date(2026, 7, 15)


def _row(
    world: World, order: int, *, today: date = JULY, scope: frozenset[int] | None = None
) -> TaskProgress:
    progress = campaign_progress(campaign=world.campaign, today=today, scope=scope)
    return next(r for r in progress.rows if r.task.order == order)


def test_each_row_is_read_by_its_responsible_units(world: World) -> None:
    modes = {task.order: task_mode(task) for task in world.campaign.schedule.all()}
    assert {order for order, mode in modes.items() if mode == Mode.LEAD} == set(LEAD_ROWS)
    assert {order for order, mode in modes.items() if mode == Mode.EACH} == {
        *EACH_ROWS,
        *STATE_ROWS,
    }


def test_lead_units_are_the_bureaus_bodies_so_named(world: World) -> None:
    bureau = world.cast.bureau
    # Without such bodies, the bureau itself leads the lead-only rows.
    assert {lead_unit_of(row(world, n), lead_candidates()) for n in LEAD_ROWS} == {bureau}
    party = UnitFactory(name="机关党委(机关纪委)", parent=bureau, code="D13")
    personnel = UnitFactory(name="组织人事处", parent=bureau, code="D02")
    branch = UnitFactory(name="上城分局", kind=UnitKind.BRANCH, parent=bureau, code="B1")
    UnitFactory(name="上城分局组织人事处", short_name="组织人事处", parent=branch, code="B1-01")
    candidates = list(lead_candidates())
    assert lead_unit_of(row(world, PLAN), candidates) == party  # 机关党委
    assert lead_unit_of(row(world, FILES), candidates) == party  # 机关纪委
    assert lead_unit_of(row(world, RULES), candidates) == personnel  # not the branch's section
    assert lead_unit_of(row(world, POWERS), candidates) is None  # done by each unit


def test_a_units_mark_completes_its_cell_and_its_withdrawal_undoes_it(world: World) -> None:
    task = row(world, POWERS)
    task_complete(schedule_task=task, unit=world.cast.dept, actor=world.cast.head, note="已梳理")
    powers = _row(world, POWERS, today=date(2026, 8, 1))
    assert [(c.status, c.how) for c in powers.cells] == [("done", "completion"), ("overdue", "")]
    assert powers.cells[0].completion is not None
    assert powers.cells[0].completion.completed_by == world.cast.head
    assert (powers.done, powers.total, powers.is_done) == (1, 2, False)
    task_withdraw(schedule_task=task, unit=world.cast.dept, actor=world.cast.head)
    assert [c.status for c in _row(world, POWERS).cells] == ["pending", "pending"]


def test_a_lead_only_row_is_done_once_for_everyone(world: World) -> None:
    task_complete(
        schedule_task=row(world, MOBILIZE),
        unit=world.cast.bureau,
        actor=world.cast.principal,
        note="7月5日局党组会议动员部署",
    )
    # Seen from 审批处's scope too: the row concerns the organization, not a unit.
    mobilize = _row(world, MOBILIZE, scope=frozenset({world.cast.dept.pk}))
    assert mobilize.lead_unit == world.cast.bureau
    assert [(c.unit_id, c.status, c.how) for c in mobilize.cells] == [
        (world.cast.bureau.pk, "done", "completion")
    ]
    assert (mobilize.done, mobilize.total, mobilize.is_done) == (1, 1, True)
    plan = _row(world, PLAN, today=date(2026, 7, 1))  # 6月底前
    assert [(c.unit_id, c.status) for c in plan.cells] == [(world.cast.bureau.pk, "overdue")]


def test_another_apps_record_completes_a_row(world: World, sources: list[CompletionSource]) -> None:
    review, files = row(world, REVIEW), row(world, FILES)

    def reviews(campaign: Campaign) -> list[RecordedCompletion]:
        return [
            RecordedCompletion(review, world.cast.other_dept.pk, "回头看已答复", "/reviews/1/"),
            RecordedCompletion(files, world.cast.dept.pk, "廉政档案已建立"),
        ]

    sources.append(reviews)
    cells = _row(world, REVIEW).cells
    assert [(c.status, c.how) for c in cells] == [("pending", ""), ("done", "record")]
    assert cells[1].record is not None and cells[1].record.url == "/reviews/1/"
    # A record of a lead-only row completes it, whichever unit it names.
    assert _row(world, FILES).is_done
    html = client_for(world.cast.committee).get(_progress_url(world)).content.decode()
    assert 'href="/reviews/1/"' in html and "回头看已答复" in html


def test_a_register_row_counts_the_registers_not_a_stray_mark(world: World) -> None:
    # A mark left from before the row was tied to a register state (written directly: the
    # service refuses it) does not complete the row.
    TaskCompletion.objects.create(
        task=row(world, SUBMIT),
        unit=world.cast.dept,
        note="旧标记",
        completed_by=world.cast.head,
        completed_at=world.campaign.started_at,
    )
    assert _row(world, SUBMIT).cells[0].status == "pending"
    walk_to(world.dept_register, RegisterState.SUBMITTED)
    walk_to(world.post_register, RegisterState.SUBMITTED)
    dept_cell = _row(world, SUBMIT).cells[0]
    assert (dept_cell.status, dept_cell.how) == ("done", "state")


def _progress_url(world: World) -> str:
    return reverse("schedule:progress", args=[world.campaign.pk])


def test_a_campaign_can_show_every_row_done(world: World, sources: list[CompletionSource]) -> None:
    cast = world.cast
    cast.principal.is_party_group_member = True
    cast.principal.save()
    for register in (world.dept_register, world.post_register, world.other_register):
        walk_to(register, RegisterState.PUBLISHED)
    review = row(world, REVIEW)
    sources.append(
        lambda campaign: [
            RecordedCompletion(review, unit.pk, "回头看已答复")
            for unit in (cast.dept, cast.other_dept)
        ]
    )
    for order in LEAD_ROWS:
        task_complete(
            schedule_task=row(world, order), unit=cast.bureau, actor=cast.committee, note="已完成"
        )
    last: tuple[ScheduleTask, object] | None = None
    for order in EACH_ROWS:
        if order == REVIEW:
            continue
        for unit, head in ((cast.dept, cast.head), (cast.other_dept, cast.other_head)):
            task = row(world, order)
            if order == POWERS and unit == cast.other_dept:
                last = (task, unit)  # left for the end
                continue
            task_complete(schedule_task=task, unit=unit, actor=head, note="已完成")
    client = client_for(cast.committee)
    html = client.get(_progress_url(world)).content.decode()
    assert 'data-testid="progress-all-done"' not in html
    assert "已全部完成的任务:12/13 项。" in html
    assert last is not None
    task_complete(schedule_task=last[0], unit=cast.other_dept, actor=cast.other_head, note="已完成")
    progress = campaign_progress(campaign=world.campaign)
    assert len(progress.rows) == 13 and progress.all_done
    html = client.get(_progress_url(world)).content.decode()
    assert 'data-testid="progress-all-done"' in html
    assert "工作安排的全部 13 项任务均已完成。" in html
    assert html.count('data-done="yes"') == 13
    # A department sees its own units: all done there too.
    filler_html = client_for(cast.filler).get(_progress_url(world)).content.decode()
    assert 'data-testid="progress-all-done"' in filler_html


def test_sources_are_asked_once_and_kept_to_their_campaign(
    world: World, sources: list[CompletionSource]
) -> None:
    other = ScheduleTask.objects.create(
        campaign=CampaignFactory(year=2025), order=4, stage="-", task="查找廉政风险"
    )
    calls: list[Campaign] = []

    def careless(campaign: Campaign) -> list[RecordedCompletion]:
        calls.append(campaign)
        return [RecordedCompletion(other, world.cast.dept.pk, "另一轮排查的记录")]

    register_completion_source(careless)
    register_completion_source(careless)
    find = _row(world, FIND)
    assert calls == [world.campaign]
    assert [cell.status for cell in find.cells] == ["pending", "pending"]


def test_a_campaign_without_a_schedule(world: World) -> None:
    campaign = CampaignFactory(year=2027)
    html = (
        client_for(world.cast.committee)
        .get(reverse("schedule:progress", args=[campaign.pk]))
        .content.decode()
    )
    assert 'data-testid="progress-empty"' in html
    assert 'data-testid="progress-all-done"' not in html
