"""The campaign's schedule prefilled from document 000's Annex 3, word for word, its "8月10日前"
dates set in the campaign's year; by the service and by the command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from schedule.annex3 import ANNEX3_ROWS, deadline_from_due_text
from schedule.models import ScheduleTask
from schedule.selectors import reminder_settings_for
from schedule.services import schedule_prefill
from tests.campaign_world import World

pytestmark = pytest.mark.django_db


def test_prefill_copies_annex3_word_for_word_and_dates_it(world: World) -> None:
    tasks = list(ScheduleTask.objects.filter(campaign=world.campaign).order_by("order"))
    assert [
        (t.stage, t.task, t.lead_unit, t.responsible_units, t.due_text, t.required_state)
        for t in tasks
    ] == ANNEX3_ROWS
    by_due = {t.due_text: t.deadline for t in tasks}
    assert by_due["8月10日前"] == date(2026, 8, 10)
    assert by_due["8月底前"] == date(2026, 8, 31)
    assert by_due["6月底前"] == date(2026, 6, 30)
    assert by_due["7月"] == date(2026, 7, 31)
    assert by_due["2020年1月"] is None
    # A second call keeps the rows the administrator may have edited.
    schedule_prefill(campaign=world.campaign)
    assert ScheduleTask.objects.filter(campaign=world.campaign).count() == len(ANNEX3_ROWS)
    assert reminder_settings_for(campaign=world.campaign).days == [7, 3, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8月10日前", date(2026, 8, 10)), ("2月底前", date(2026, 2, 28)), ("2021年", None)],
)
def test_deadline_from_due_text(text: str, expected: date | None) -> None:
    assert deadline_from_due_text(due_text=text, year=2026) == expected


def test_prefill_command(world: World) -> None:
    out = StringIO()
    call_command("schedule_prefill", campaign=world.campaign.pk, stdout=out)
    assert "13 schedule rows" in out.getvalue()
