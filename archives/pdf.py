"""One person's integrity file (个人廉政档案) as an A4 PDF: a title, the heading's facts, then
each section under its heading, as the page shows it."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from archives.selectors import ArchiveFile
from reports.pdf import write_pdf


def chinese_date(day: date) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def archive_pdf(archive: ArchiveFile, *, reader: str, today: date | None = None) -> bytes:
    today = today or timezone.localdate()
    html = render_to_string(
        "archives/pdf/file.html",
        {
            "archive": archive,
            "numerals": "一二三四五六七八九十",
            "reader": reader,
            "date": chinese_date(today),
        },
    )
    return write_pdf(html)
