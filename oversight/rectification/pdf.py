"""整改情况报告: a rectification item as an official letter (公文) in PDF: the responsible unit
reports to the committee what the problem was, what it did, by when, and how it went."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from oversight.models import Rectification
from reports.pdf import write_pdf


def report_number(rectification: Rectification) -> str:
    """The letter's number (文号), from the item's year and id: 整改〔2026〕12号."""
    year = timezone.localtime(rectification.created_at).year
    return _("整改〔%(year)s〕%(number)s号") % {"year": year, "number": rectification.pk}


def chinese_date(day: date) -> str:
    """A date as official documents write it: 2026年11月3日."""
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def report_date(rectification: Rectification, today: date) -> date:
    """The letter's date: when the unit submitted its report, or today for a draft."""
    if rectification.submitted_at is not None:
        return timezone.localtime(rectification.submitted_at).date()
    return today


def paragraphs(text: str) -> list[str]:
    """A text's non-empty lines: each becomes a paragraph indented by two characters, as in an
    official document (a CSS pre-line would indent only the first line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def rectification_pdf(rectification: Rectification, *, today: date | None = None) -> bytes:
    today = today or timezone.localdate()
    html = render_to_string(
        "oversight/rectification/pdf/report.html",
        {
            "r": rectification,
            "problem": paragraphs(rectification.problem),
            "steps": paragraphs(rectification.steps),
            "report": paragraphs(rectification.report),
            "close_note": paragraphs(rectification.close_note),
            "number": report_number(rectification),
            "addressee": _("机关纪委"),
            "issuer": rectification.unit.name,
            "deadline": chinese_date(rectification.deadline),
            "date": chinese_date(report_date(rectification, today)),
        },
    )
    return write_pdf(html)
