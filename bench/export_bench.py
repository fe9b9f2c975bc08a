"""Benchmark (prints figures; not a test): our Annex exports against plain renderings of the same
table, for 1,000 and 10,000 entries.

    .venv/bin/python bench/export_bench.py            # both sizes
    .venv/bin/python bench/export_bench.py 1000       # chosen sizes
    .venv/bin/python bench/export_bench.py --xlsx 10000   # xlsx only (the PDFs take minutes)

It runs on a throw-away SQLite database under var/ (never your development database). Each
rendering is timed three times and the best kept; the "ours / plain" lines are the ratios that
bench/run.py holds against issue 7's 1.5x targets.

- ours xlsx: reports.xlsx.annex_xlsx (title lines, merged categories, borders, widths, print set-up)
- plain xlsx: openpyxl appending the same rows, no styles, no merges
- ours pdf: reports.pdf.annex_pdf (layout passes that re-split the category cells at page breaks)
- plain pdf: one WeasyPrint render of the same HTML (the category shown only where its span began)
"""

import os
import sys
import time
from io import BytesIO
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
DB = BASE / "var" / "bench_export.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from orgs.choices import UnitKind  # noqa: E402
from orgs.models import Unit  # noqa: E402
from registers.models import Campaign, Category, CategorySet, Register, RiskEntry  # noqa: E402
from reports.annex import annex_table  # noqa: E402
from reports.pdf import _segments, annex_pdf, write_pdf  # noqa: E402
from reports.xlsx import annex_xlsx  # noqa: E402


def build(size: int) -> Register:
    unit, _ = Unit.objects.get_or_create(
        code=f"BENCH{size}", defaults={"name": f"基准测试局{size}", "kind": UnitKind.BUREAU}
    )
    category_set = CategorySet.objects.get(is_default=True)
    campaign, _ = Campaign.objects.get_or_create(
        year=2026, title=f"基准{size}", defaults={"category_set": category_set}
    )
    register, created = Register.objects.get_or_create(campaign=campaign, unit=unit, level="unit")
    if created:
        categories = list(Category.objects.filter(category_set=category_set).order_by("order"))
        RiskEntry.objects.bulk_create(
            RiskEntry(
                register=register,
                category=categories[index * len(categories) // size],
                order=index,
                risk=f"在行政审批过程中可能存在未严格按照法定程序办理、违规收受好处的风险{index}",
                grade=1 + index % 3,
                responsible_department="环境影响评价处",
                responsible_leader_name="张副局长",
            )
            for index in range(size)
        )
    return register


REPEATS = 3  # each rendering is timed this many times and the best kept: the machine is shared


def timed(label: str, function, *args) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    elapsed = min(times)
    print(f"  {label:<34} {elapsed:8.2f} s   {len(result) / 1024:9.0f} KiB")
    return elapsed


def ratio(kind: str, ours: float, plain: float) -> None:
    """The line bench/run.py reads for issue 7's "within 1.5x" targets."""
    print(f"  {kind + ': ours / plain':<34} {ours / plain:8.2f} x")


def plain_xlsx(table) -> bytes:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(table.headers)
    for group in table.groups:
        for row in group.rows:
            ws.append([group.category, row.risk, row.grade, row.department, row.leader])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def main(sizes: list[int], *, pdf: bool = True) -> None:
    call_command("migrate", verbosity=0)
    for size in sizes:
        register = build(size)
        print(f"{size} entries")
        start = time.perf_counter()
        table = annex_table(register)
        print(f"  {'load (queries + table)':<34} {time.perf_counter() - start:8.2f} s")
        html = render_to_string(
            "reports/pdf/annex.html", {"table": table, "segments": _segments(table.groups, set())}
        )
        ours = timed("ours xlsx (annex_xlsx)", annex_xlsx, table)
        ratio("xlsx", ours, timed("plain openpyxl append", plain_xlsx, table))
        if pdf:
            ours = timed("ours pdf (annex_pdf)", annex_pdf, table)
            ratio("pdf", ours, timed("plain WeasyPrint render", write_pdf, html))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(
        [int(arg) for arg in arguments if arg.isdigit()] or [1000, 10000],
        pdf="--xlsx" not in arguments,
    )
