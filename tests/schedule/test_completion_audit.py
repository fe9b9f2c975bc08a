"""A mark and its withdrawal each leave an audit row, on the mark, naming the row, the unit and the
note, with labels the audit log shows in Chinese; a refused mark leaves none."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit import actions
from audit.labels import action_label, data_rows
from audit.models import AuditEntry
from registers.exceptions import DomainError
from schedule.services import task_complete, task_withdraw
from tests.campaign_world import World
from tests.clients import client_for
from tests.schedule.annex3_rows import POWERS, SUBMIT, row

pytestmark = pytest.mark.django_db


def _rows() -> list[AuditEntry]:
    codes = [actions.SCHEDULE_TASK_COMPLETE, actions.SCHEDULE_TASK_WITHDRAW]
    return list(AuditEntry.objects.filter(action__in=codes).order_by("id"))


def test_mark_and_withdrawal_are_audited(world: World) -> None:
    task, dept = row(world, POWERS), world.cast.dept
    completion = task_complete(
        schedule_task=task, unit=dept, actor=world.cast.filler, note="已梳理权力清单12项"
    )
    task_withdraw(schedule_task=task, unit=dept, actor=world.cast.head)
    task_complete(schedule_task=task, unit=dept, actor=world.cast.head, note="补充职责清单")
    complete, withdraw, again = _rows()
    assert [r.action for r in (complete, withdraw, again)] == [
        actions.SCHEDULE_TASK_COMPLETE,
        actions.SCHEDULE_TASK_WITHDRAW,
        actions.SCHEDULE_TASK_COMPLETE,
    ]
    assert [r.actor for r in (complete, withdraw, again)] == [
        world.cast.filler,
        world.cast.head,
        world.cast.head,
    ]
    assert {(r.object_type, r.object_id) for r in _rows()} == {
        ("schedule.taskcompletion", str(completion.pk))
    }
    assert complete.data == {
        "task": "梳理权力清单、职责清单",
        "unit": "审批处",
        "note": "已梳理权力清单12项",
    }
    assert withdraw.data["note"] == "已梳理权力清单12项"
    assert again.data["note"] == "补充职责清单"


def test_refusals_leave_no_row(world: World) -> None:
    with pytest.raises(PermissionDenied):
        task_complete(
            schedule_task=row(world, POWERS),
            unit=world.cast.dept,
            actor=world.cast.outsider,
            note="x",
        )
    with pytest.raises(DomainError):
        task_complete(
            schedule_task=row(world, SUBMIT),
            unit=world.cast.dept,
            actor=world.cast.committee,
            note="x",
        )
    assert _rows() == []


def test_the_audit_log_reads_the_rows_in_chinese(world: World) -> None:
    assert action_label(actions.SCHEDULE_TASK_COMPLETE) == "标记工作安排完成"
    assert action_label(actions.SCHEDULE_TASK_WITHDRAW) == "撤回工作安排完成标记"
    task_complete(
        schedule_task=row(world, POWERS), unit=world.cast.dept, actor=world.cast.head, note="已梳理"
    )
    (entry,) = _rows()
    # (PostgreSQL's jsonb keeps the keys in an order of its own.)
    assert dict(data_rows(object_type=entry.object_type, data=entry.data)) == {
        "工作安排": "梳理权力清单、职责清单",
        "单位": "审批处",
        "完成情况": "已梳理",
    }
    html = client_for(world.cast.admin).get(reverse("workflow:audit_log")).content.decode()
    assert "标记工作安排完成" in html
