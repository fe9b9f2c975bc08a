"""A letter as PDF in an official layout: A4 portrait, the title centred in a heavy serif CJK
face (the 方正小标宋 of official documents is not free; Noto Serif CJK's bold stands in), the text,
the risks and their measures, 承诺人(签字)/签字日期, and the signature's digest in small print."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.choices import CommitmentKind
from commitments.models import Commitment
from reports.pdf import write_pdf


def chinese_date(day: date) -> str:
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def signer_label(letter: Commitment) -> str:
    if letter.kind == CommitmentKind.REPORT:
        return _("报告人(签字)")
    if letter.kind == CommitmentKind.DEPARTMENT:
        return _("部门负责人(签字)")
    if letter.kind == CommitmentKind.UNIT:
        return _("单位主要负责人(签字)")
    return _("承诺人(签字)")


def subject_line(letter: Commitment) -> str:
    """Who commits: the person with his unit and post, or the department / unit."""
    if letter.person is not None:
        post_row = letter.person.post
        post = post_row.name if post_row is not None else letter.person.job_title
        parts = [letter.unit.name, post, letter.person.name]
        return " ".join(part for part in parts if part)
    return letter.unit.name


def commitment_pdf(letter: Commitment) -> bytes:
    signed = timezone.localtime(letter.signed_at).date() if letter.signed_at else None
    html = render_to_string(
        "commitments/pdf/letter.html",
        {
            "letter": letter,
            "title": letter.get_kind_display(),
            "subject": subject_line(letter),
            "paragraphs": paragraphs(letter.text),
            "signer_label": signer_label(letter),
            "signer_name": letter.signed_by.name if letter.signed_by else "",
            "signed_date": chinese_date(signed) if signed else "",
        },
    )
    return write_pdf(html)


def pdf_filename(letter: Commitment) -> str:
    who = letter.person.name if letter.person is not None else letter.unit.name
    return f"{letter.get_kind_display()}-{who}-{letter.campaign.year}.pdf"
