"""Against the real PostgreSQL of .ci/run: two people marking the same row done for the same unit
at the same moment make one mark and one audit row; the other is told it is already marked."""

import os
import threading

import pytest
from django.db import connection, connections

from audit import actions
from audit.models import AuditEntry
from registers.exceptions import DomainError
from schedule.models import TaskCompletion
from schedule.services import task_complete
from tests.campaign_world import World
from tests.schedule.annex3_rows import POWERS, row

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL")


@pytest.mark.postgres
@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_marks_make_one(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent transactions)")
    task = row(world, POWERS)
    people = [world.cast.head, world.cast.filler, world.cast.committee]
    barrier = threading.Barrier(len(people))
    refused: list[str] = []
    errors: list[BaseException] = []

    def mark(person_index: int) -> None:
        try:
            barrier.wait()
            task_complete(
                schedule_task=task,
                unit=world.cast.dept,
                actor=people[person_index],
                note=f"第{person_index}份说明",
            )
        except DomainError as error:
            refused.append(error.message)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=mark, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert TaskCompletion.objects.count() == 1
    assert refused == ["该任务已标记完成。"] * (len(people) - 1)
    assert AuditEntry.objects.filter(action=actions.SCHEDULE_TASK_COMPLETE).count() == 1
