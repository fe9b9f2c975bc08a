from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Verify the audit trail: every row against its keyed hash (AUDIT_HMAC_KEY) and the "
        "chain against every checkpoint of the anchor file. Lists every problem with the rows "
        "it concerns and exits non-zero if there is any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            type=Path,
            help=(
                "the anchor file to hold the chain against (default: AUDIT_ANCHOR_PATH), e.g. "
                "the copy kept off the machine"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["anchor"] or settings.AUDIT_ANCHOR_PATH
        report = audit_verify(anchor_path=path)
        if not report.ok:
            where = f", broken at row {report.broken_at}" if report.broken_at is not None else ""
            lines = [
                f"Audit trail verification FAILED{where}: "
                f"{len(report.problems)} problem(s) in {report.checked} rows and "
                f"{report.checkpoints} checkpoint(s) of {path}:",
                *(f"  - {problem.message}" for problem in report.problems),
            ]
            raise CommandError("\n".join(lines))
        if not report.anchor_exists:
            # Not a failure (a new installation has no checkpoint yet), but the chain alone
            # cannot show a deleted tail: say so rather than report "intact" without a caveat.
            self.stderr.write(
                f"Warning: no anchor file at {path}; rows deleted from the end of the trail "
                "cannot be detected without it (manage.py audit_checkpoint writes one)."
            )
        self.stdout.write(
            f"Audit trail intact: {report.checked} rows match their keyed hashes; "
            f"{report.checkpoints} checkpoint(s) in {path} match the table."
        )
