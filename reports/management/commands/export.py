"""Write an official table to a file, e.g.

manage.py export annex --register 12 --format pdf -o out.pdf
manage.py export full --register 12 -o full.xlsx
manage.py export annex3 --campaign 3 --format xlsx -o schedule.xlsx
manage.py export workbook --campaign 3 -o x.xlsx
manage.py export stats --campaign 3 -o stats.xlsx
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from registers.models import Campaign, Register
from reports.choices import ExportKind
from reports.exports import ExportFile
from reports.services import export_run

KINDS = {
    ("annex", "pdf"): ExportKind.ANNEX_PDF,
    ("annex", "xlsx"): ExportKind.ANNEX_XLSX,
    ("full", "xlsx"): ExportKind.FULL_XLSX,
    ("annex3", "pdf"): ExportKind.ANNEX3_PDF,
    ("annex3", "xlsx"): ExportKind.ANNEX3_XLSX,
    ("workbook", "xlsx"): ExportKind.WORKBOOK_XLSX,
    ("stats", "xlsx"): ExportKind.STATS_XLSX,
}


class Command(BaseCommand):
    help = "导出附件1/2(清单)、附件3(工作安排)、排查工作汇总或统计到文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["annex", "full", "annex3", "workbook", "stats"])
        parser.add_argument("--register", type=int, help="清单编号(annex, full)")
        parser.add_argument("--campaign", type=int, help="排查工作编号(annex3, workbook, stats)")
        parser.add_argument("--format", default=None, choices=["pdf", "xlsx"])
        parser.add_argument("-o", "--output", required=True, help="输出文件")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        fmt = options["format"] or ("pdf" if what in ("annex", "annex3") else "xlsx")
        register_kind = what in ("annex", "full")
        kind = KINDS.get((what, fmt))
        if kind is None:
            raise CommandError(_("%(what)s 不支持 %(fmt)s 格式") % {"what": what, "fmt": fmt})
        if register_kind:
            if not options["register"]:
                raise CommandError(_("%(what)s 需要 --register") % {"what": what})
            if not Register.objects.filter(pk=options["register"]).exists():
                raise CommandError(_("清单 %(id)s 不存在") % {"id": options["register"]})
            params = {"register": options["register"]}
        else:
            if not options["campaign"]:
                raise CommandError(_("%(what)s 需要 --campaign") % {"what": what})
            if not Campaign.objects.filter(pk=options["campaign"]).exists():
                raise CommandError(_("排查工作 %(id)s 不存在") % {"id": options["campaign"]})
            params = {"campaign": options["campaign"]}
        # No actor: the command runs synchronously whatever the size, and the audit row names it.
        result = export_run(kind=kind, params=params, actor=None, actor_name="manage.py export")
        assert isinstance(result, ExportFile)
        Path(options["output"]).write_bytes(result.content)
        self.stdout.write(f"{result.filename} → {options['output']} ({len(result.content)} bytes)")
