"""Who may mark a row done, for which unit, and take the mark back: a unit's own people and its
head for the unit; the lead unit's people for a lead-only row; the committee and administrators
for any. A unit the user cannot see is a 404, a row he sees but does not answer for a 403; a row
tied to a register state is never marked by hand."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from orgs.models import Unit
from registers.exceptions import DomainError
from schedule.models import ScheduleTask, TaskCompletion
from schedule.services import task_complete, task_withdraw
from tests.campaign_world import World
from tests.clients import client_for
from tests.factories import UnitFactory
from tests.schedule.annex3_rows import MOBILIZE, POWERS, REVIEW, SUBMIT, row

pytestmark = pytest.mark.django_db


def _post(world: World, who: str, task: ScheduleTask, unit: Unit, what: str = "complete") -> int:
    client = client_for(getattr(world.cast, who))
    url = reverse(f"schedule:task_{what}", args=[task.pk, unit.pk])
    return client.post(url, {"note": "已召开专题会议"}).status_code


# An each-unit row for 审批处: its people and head answer for it; its leader in charge and the
# principal see it but do not; 财务处's people do not even see it.
EACH_UNIT_RIGHTS = {
    "filler": 302,
    "head": 302,
    "committee": 302,
    "admin": 302,
    "leader": 403,
    "principal": 403,
    "outsider": 404,
    "other_head": 404,
}


@pytest.mark.parametrize(("who", "status"), EACH_UNIT_RIGHTS.items())
def test_who_marks_a_units_own_row(world: World, who: str, status: int) -> None:
    task = row(world, POWERS)
    assert _post(world, who, task, world.cast.dept) == status
    done = TaskCompletion.objects.filter(task=task, unit=world.cast.dept).exists()
    assert done == (status == 302)


@pytest.mark.parametrize(("who", "status"), EACH_UNIT_RIGHTS.items())
def test_who_withdraws_the_mark(world: World, who: str, status: int) -> None:
    task = row(world, POWERS)
    task_complete(schedule_task=task, unit=world.cast.dept, actor=world.cast.head, note="已梳理")
    assert _post(world, who, task, world.cast.dept, "withdraw") == status
    completion = TaskCompletion.objects.get(task=task, unit=world.cast.dept)
    assert completion.is_active == (status != 302)


# A lead-only row (动员部署, by 机关党委): the cast's organization has no unit so named, so the
# bureau leads it; its people (the principal, its head, the deputies) answer for it. Every
# signed-in user sees the row; the departments' people may not mark it.
LEAD_ROW_RIGHTS = {
    "principal": 302,
    "leader": 302,
    "committee": 302,
    "admin": 302,
    "filler": 403,
    "head": 403,
    "outsider": 403,
}


@pytest.mark.parametrize(("who", "status"), LEAD_ROW_RIGHTS.items())
def test_who_marks_a_lead_only_row(world: World, who: str, status: int) -> None:
    task = row(world, MOBILIZE)
    assert _post(world, who, task, world.cast.bureau) == status
    assert TaskCompletion.objects.filter(task=task).exists() == (status == 302)


def test_a_lead_only_row_is_marked_for_its_lead_unit_only(world: World) -> None:
    # 审批处 is no lead unit: the cell does not exist, for the committee too.
    assert _post(world, "committee", row(world, MOBILIZE), world.cast.dept) == 404
    with pytest.raises(DomainError):
        task_complete(
            schedule_task=row(world, MOBILIZE),
            unit=world.cast.dept,
            actor=world.cast.committee,
            note="x",
        )


def test_an_each_unit_row_concerns_the_campaigns_units_only(world: World) -> None:
    stranger = UnitFactory(name="无清单单位", parent=world.cast.bureau)
    assert _post(world, "committee", row(world, POWERS), stranger) == 404
    assert not TaskCompletion.objects.exists()


def test_a_register_row_is_never_marked_by_hand(world: World) -> None:
    task = row(world, SUBMIT)
    client = client_for(world.cast.committee)
    page = client.get(reverse("schedule:task_unit", args=[task.pk, world.cast.dept.pk]))
    assert page.status_code == 200
    assert 'data-testid="complete-form"' not in page.content.decode()
    response = client.post(
        reverse("schedule:task_complete", args=[task.pk, world.cast.dept.pk]),
        {"note": "已提交"},
        follow=True,
    )
    assert "该任务按清单状态自动计算完成情况,无需标记。" in response.content.decode()
    assert not TaskCompletion.objects.exists()


def test_the_service_checks_the_right_itself(world: World) -> None:
    task = row(world, POWERS)
    with pytest.raises(PermissionDenied):
        task_complete(
            schedule_task=task, unit=world.cast.dept, actor=world.cast.leader, note="已梳理"
        )
    task_complete(schedule_task=task, unit=world.cast.dept, actor=world.cast.filler, note="已梳理")
    with pytest.raises(PermissionDenied):
        task_withdraw(schedule_task=task, unit=world.cast.dept, actor=world.cast.outsider)


def test_a_note_is_required_and_a_mark_is_made_once(world: World) -> None:
    task = row(world, POWERS)
    dept, head = world.cast.dept, world.cast.head
    with pytest.raises(DomainError, match="请填写完成情况"):
        task_complete(schedule_task=task, unit=dept, actor=head, note="  ")
    task_complete(schedule_task=task, unit=dept, actor=head, note="已梳理")
    with pytest.raises(DomainError, match="已标记完成"):
        task_complete(schedule_task=task, unit=dept, actor=world.cast.filler, note="再次")
    task_withdraw(schedule_task=task, unit=dept, actor=head)
    with pytest.raises(DomainError, match="无需撤回"):
        task_withdraw(schedule_task=task, unit=dept, actor=head)
    # Marked again after the withdrawal: the same row, filled anew.
    again = task_complete(schedule_task=task, unit=dept, actor=world.cast.filler, note="补充")
    assert TaskCompletion.objects.get() == again
    assert (again.note, again.completed_by, again.is_active) == ("补充", world.cast.filler, True)


def test_the_cell_page_is_a_404_outside_the_scope(world: World) -> None:
    task = row(world, POWERS)
    url = reverse("schedule:task_unit", args=[task.pk, world.cast.dept.pk])
    assert client_for(world.cast.outsider).get(url).status_code == 404
    assert client_for(world.cast.leader).get(url).status_code == 200
    missing = reverse("schedule:task_unit", args=[999_999, world.cast.dept.pk])
    assert client_for(world.cast.committee).get(missing).status_code == 404
    # Everyone sees a lead-only row's page.
    lead = reverse("schedule:task_unit", args=[row(world, MOBILIZE).pk, world.cast.bureau.pk])
    assert client_for(world.cast.outsider).get(lead).status_code == 200


def test_the_review_row_is_done_by_the_round_not_by_hand(world: World) -> None:
    """回头看 is completed by a closed round's rated answers (the reviews app claims the row): a
    unit whose answer is still a draft must not tick it done."""
    task = row(world, REVIEW)
    with pytest.raises(DomainError, match="自动完成"):
        task_complete(schedule_task=task, unit=world.cast.dept, actor=world.cast.head, note="已看")
    assert _post(world, "head", task, world.cast.dept) == 302  # refused with the message
    assert not TaskCompletion.objects.filter(task=task).exists()
