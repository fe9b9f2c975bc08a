"""A started campaign over the cast's two departments, with document 000's schedule: the world
of the notification, schedule and workflow-notice tests (each directory's conftest offers it as
the `world` fixture). Its registers start as drafts; tests move them with tests/walk.py."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from registers.models import Campaign, Register
from schedule.models import ScheduleTask
from schedule.services import schedule_prefill
from tests.conftest import Cast
from tests.factories import CampaignFactory, RegisterFactory

SUBMIT_TASK = "处室、分局、直属单位制定《廉政风险清单》"
DEADLINE = date(2026, 8, 10)


@dataclass
class World:
    cast: Cast
    campaign: Campaign
    dept_register: Register
    post_register: Register
    other_register: Register
    submit_task: ScheduleTask


def campaign_world(cast: Cast) -> World:
    for person in (
        cast.filler,
        cast.head,
        cast.leader,
        cast.principal,
        cast.committee,
        cast.outsider,
        cast.other_head,
        cast.other_leader,
    ):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    campaign = CampaignFactory(year=2026, started_at=timezone.now())
    dept_register = RegisterFactory(campaign=campaign, unit=cast.dept, level="department")
    post_register = RegisterFactory(
        campaign=campaign, unit=cast.dept, level="post", post=cast.key_post
    )
    other_register = RegisterFactory(campaign=campaign, unit=cast.other_dept, level="department")
    schedule_prefill(campaign=campaign)
    submit_task = ScheduleTask.objects.get(campaign=campaign, task=SUBMIT_TASK)
    return World(
        cast=cast,
        campaign=campaign,
        dept_register=dept_register,
        post_register=post_register,
        other_register=other_register,
        submit_task=submit_task,
    )
