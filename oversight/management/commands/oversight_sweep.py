from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from oversight.rectification.sweep import deadline_sweep


class Command(BaseCommand):
    help = (
        "Run the oversight deadline sweep now (beat runs it every morning): reminders before the "
        "deadlines of open rectification items and actions, overdue notices after them. --today "
        "replays a given day; each chase is sent at most once per object, kind and day anyway."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        result = deadline_sweep(options["today"])
        self.stdout.write(f"{len(result.sent)} chases sent")
        for chase in result.sent:
            self.stdout.write(
                f"  {chase.day} {chase.kind:<8} {chase.content_type.model} #{chase.object_id}"
                f" → {chase.recipients}"
            )
