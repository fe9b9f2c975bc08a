"""A round's summary (回头看情况汇总) as a PDF and as a workbook: every unit's answer to the three
questions with the committee's rating, then every finding and what became of it."""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports.pdf import write_pdf
from reports.xlsx import grid_sheet, to_bytes
from reviews.choices import QUESTIONS, AnswerState, FindingOutcome, RoundState
from reviews.models import ReviewAnswer, ReviewFinding
from reviews.selectors import RoundSummary, is_late


def _day(value: datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value is not None else ""


def _findings(answer: ReviewAnswer) -> list[ReviewFinding]:
    return list(getattr(answer, "finding_list", []))


def outcome_text(finding: ReviewFinding) -> str:
    """What became of a finding, with what it became."""
    if finding.outcome == FindingOutcome.NEW_ENTRY and finding.new_entry is not None:
        return _("已补入清单:%(risk)s") % {"risk": finding.new_entry.risk}
    if finding.outcome == FindingOutcome.RECTIFICATION and finding.rectification is not None:
        return _("已列入整改:%(title)s(%(state)s)") % {
            "title": finding.rectification.title,
            "state": finding.rectification.get_state_display(),
        }
    return str(finding.get_outcome_display())


def _answer_state(answer: ReviewAnswer) -> str:
    if answer.state == AnswerState.DRAFT and answer.round.state == RoundState.CLOSED:
        return _("未答复")
    text = str(answer.get_state_display())
    return f"{text}({_('逾期')})" if is_late(answer) else text


def summary_pdf(summary: RoundSummary) -> bytes:
    review_round = summary.review_round
    html = render_to_string(
        "reviews/pdf/summary.html",
        {
            "round": review_round,
            "progress": summary.progress,
            "answers": [
                {
                    "answer": answer,
                    "state": _answer_state(answer),
                    "texts": [(label, getattr(answer, name)) for name, label in QUESTIONS],
                    "findings": [(f, outcome_text(f)) for f in _findings(answer)],
                }
                for answer in summary.answers
            ],
            "findings": any(_findings(answer) for answer in summary.answers),
        },
    )
    return write_pdf(html)


def summary_xlsx(summary: RoundSummary) -> bytes:
    review_round = summary.review_round
    wb = Workbook()
    answers_sheet = wb.active
    assert answers_sheet is not None
    answers_sheet.title = _("答复汇总")
    grid_sheet(
        answers_sheet,
        title=_("%(title)s答复汇总") % {"title": review_round.title},
        headers=[
            _("单位"),
            _("清单"),
            _("答复状态"),
            _("提交时间"),
            *[str(label) for _name, label in QUESTIONS],
            _("发现问题"),
            _("待处理"),
            _("纪委评定"),
            _("纪委意见"),
        ],
        rows=(
            [
                answer.register.unit.name,
                answer.register.title,
                _answer_state(answer),
                _day(answer.submitted_at),
                answer.q1_missing_risks,
                answer.q2_measures_in_place,
                answer.q3_effects_shown,
                len(_findings(answer)),
                sum(f.outcome == FindingOutcome.PENDING for f in _findings(answer)),
                answer.get_rating_display(),
                answer.committee_conclusion,
            ]
            for answer in summary.answers
        ),
    )
    grid_sheet(
        wb.create_sheet(_("发现问题")),
        title=_("%(title)s发现问题及处理情况") % {"title": review_round.title},
        headers=[_("单位"), _("问题类型"), _("问题描述"), _("关联风险点"), _("处理结果")],
        rows=(
            [
                answer.register.unit.name,
                finding.get_kind_display(),
                finding.text,
                finding.entry.risk if finding.entry is not None else "",
                outcome_text(finding),
            ]
            for answer in summary.answers
            for finding in _findings(answer)
        ),
    )
    return to_bytes(wb)
