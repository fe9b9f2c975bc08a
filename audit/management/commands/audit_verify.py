from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exits non-zero at the first broken row."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at row {report.broken_at} after {report.checked} good rows: "
                f"{report.reason}"
            )
        self.stdout.write(f"Audit chain intact: {report.checked} rows.")
