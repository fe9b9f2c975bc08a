from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from archives.services import archives_snapshot
from registers.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Freeze every person's and unit's integrity file (廉政档案) of a year into a snapshot "
        "(beat runs it on 1 January for the year just ended). Once per subject and year: a "
        "second run adds only the missing ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="the year to freeze (default: the previous year)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year - 1
        try:
            summary = archives_snapshot(year=year, actor_name="manage.py snapshot_archives")
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{year}: {summary.people} people and {summary.units} units frozen "
            "(files frozen before are kept)"
        )
