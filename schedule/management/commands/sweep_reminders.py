from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schedule.services import reminders_sweep


class Command(BaseCommand):
    help = (
        "Run the deadline reminder sweep now (beat runs it every morning). --today replays a "
        "given day; each reminder is sent at most once per task, unit, kind and day anyway."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_sweep(today=options["today"])
        self.stdout.write(f"{len(result.sent)} reminders sent")
        for reminder in result.sent:
            self.stdout.write(
                f"  {reminder.day} {reminder.kind:<8} {reminder.unit} → {reminder.recipients}"
            )
