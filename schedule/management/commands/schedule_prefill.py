from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from registers.models import Campaign
from registers.selectors import current_campaign
from schedule.services import schedule_demo_dates, schedule_prefill

# Who the audit trail says acted (as `manage.py export` does for the exports).
COMMAND = "manage.py schedule_prefill"


class Command(BaseCommand):
    help = (
        "Give a campaign (default: the current one) document 000's Annex 3 schedule if it has "
        "none. --demo-dates moves its register deadlines around today, for the demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, help="campaign id (default: current)")
        parser.add_argument("--demo-dates", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["campaign"]:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
        else:
            campaign = current_campaign()
        if campaign is None:
            raise CommandError("No such campaign (start one first, e.g. manage.py seed_demo).")
        if options["demo_dates"]:
            tasks = schedule_demo_dates(
                campaign=campaign, today=timezone.localdate(), actor_name=COMMAND
            )
        else:
            tasks = schedule_prefill(campaign=campaign, actor_name=COMMAND)
        self.stdout.write(f"{campaign}: {len(tasks)} schedule rows")
        for task in tasks:
            if task.required_state:
                deadline = task.deadline.isoformat() if task.deadline else task.due_text
                self.stdout.write(f"  {deadline}  {task.task} → {task.required_state}")
