"""`manage.py export`: the official tables written to a file from the command line (audited as
the command), and a clear error for a missing object or format."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from audit import actions
from audit.models import AuditEntry
from tests.reports.conftest import Data

pytestmark = pytest.mark.django_db


def test_export_annex_pdf_to_file(data: Data, tmp_path) -> None:
    out = tmp_path / "annex.pdf"
    call_command("export", "annex", "--register", str(data.unit_register.pk), "-o", str(out))
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "测试局廉政风险清单" in text
    assert (
        AuditEntry.objects.get(action=actions.REGISTER_EXPORT_PDF).actor_name == "manage.py export"
    )


@pytest.mark.parametrize("what", ["workbook", "stats", "annex3"])
def test_export_campaign_tables(data: Data, tmp_path, what: str) -> None:
    out = tmp_path / f"{what}.xlsx"
    call_command(
        "export", what, "--campaign", str(data.campaign.pk), "--format", "xlsx", "-o", str(out)
    )
    assert load_workbook(out).sheetnames


def test_export_needs_its_object(data: Data, tmp_path) -> None:
    with pytest.raises(CommandError):
        call_command("export", "annex", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("export", "workbook", "--campaign", "999999", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError):
        call_command(
            "export",
            "workbook",
            "--campaign",
            str(data.campaign.pk),
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "x"),
        )
