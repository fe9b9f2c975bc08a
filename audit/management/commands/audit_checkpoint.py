from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from audit.services import audit_checkpoint


class Command(BaseCommand):
    help = (
        "Append the audit chain's head (last id and hash, signed with AUDIT_HMAC_KEY) to the "
        "anchor file outside the database. Beat does it every AUDIT_CHECKPOINT_MINUTES; run it "
        "from cron when beat is not running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor", type=Path, help="the anchor file (default: AUDIT_ANCHOR_PATH)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["anchor"] or settings.AUDIT_ANCHOR_PATH
        checkpoint = audit_checkpoint(anchor_path=path)
        if checkpoint is None:
            self.stdout.write("Audit trail empty: no checkpoint written.")
            return
        self.stdout.write(
            f"Checkpoint appended to {path}: head #{checkpoint.row_id} "
            f"{checkpoint.hash[:12]}… at {checkpoint.at}."
        )
