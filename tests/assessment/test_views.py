"""The pages of the quarterly assessment, as the committee, the assessors and the people assessed
use them: a quarter opened, scored and closed; the system's own records beside the scoring form
(a confidential warning only inside its circle); the 通报 list and the annual roll-up exported;
the 不良 results; the indicators edited; the inbox; query counts of the lists."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessment.choices import Grade, Layer, PeriodState
from assessment.models import Assessment, AssessmentPeriod, Indicator
from assessment.services import indicators_seed_defaults, period_close, period_open
from audit import actions
from audit.models import AuditEntry
from oversight.choices import ActionStatus, Disposal
from oversight.models import Action, Rectification
from tests.assessment.conftest import assessment_of, score, this_quarter, values
from tests.clients import client_for
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory, UserFactory
from tests.oversight.rectification_world import issued_warning, open_item


def _form(scores: dict[int, Decimal | None], note: str = "") -> dict[str, str]:
    return {**{f"score_{pk}": str(v) for pk, v in scores.items()}, "note": note}


def test_a_quarter_from_opening_to_the_results(party: Cast) -> None:
    committee, head, filler = (client_for(u) for u in (party.committee, party.head, party.filler))
    today = timezone.localdate()
    year, quarter = this_quarter(today)
    page = committee.get(reverse("assessment:period_open"))
    assert "尚未设置考核指标" in page.content.decode()  # none yet: the defaults on opening
    response = committee.post(
        reverse("assessment:period_open"),
        {"year": year, "quarter": quarter, "deadline": (today + timedelta(days=7)).isoformat()},
    )
    period = AssessmentPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:period_detail", args=[period.pk])
    assert Indicator.objects.count() == 4  # document 003's four, set up on opening
    # The same quarter again: refused beside the field.
    again = committee.post(
        reverse("assessment:period_open"),
        {"year": year, "quarter": quarter, "deadline": today.isoformat()},
    )
    assert "该季度的廉政考核已经开启" in again.content.decode()

    # The department head scores his staff member.
    listing = head.get(reverse("assessment:scoring")).content.decode()
    assert 'data-person="filler"' in listing and 'data-person="outsider"' not in listing
    target = assessment_of(period, party.filler)
    url = reverse("assessment:score", args=[target.pk])
    wrong = head.post(url, _form(values(95, 90, 120, 90)))
    assert wrong.status_code == 200
    assert "“个别谈话”的得分应在0至100分之间。" in wrong.content.decode()
    done = head.post(url, _form(values(95, 90, 90, 90), note="廉洁自律,表现良好。"))
    assert done.status_code == 302
    target.refresh_from_db()
    assert (target.total, target.grade, target.note) == (
        Decimal("91.50"),
        Grade.GOOD,
        "廉洁自律,表现良好。",
    )
    # Shown back in the form when he corrects it.
    again_page = head.get(url).content.decode()
    assert 'value="95' in again_page and "廉洁自律,表现良好。" in again_page

    # Not yet visible to the person; the committee sees it in the 通报 list.
    assert filler.get(reverse("assessment:assessment_detail", args=[target.pk])).status_code == 404
    results = committee.get(reverse("assessment:period_detail", args=[period.pk])).content.decode()
    assert 'data-person="filler"' in results and "91.50" in results
    assert committee.post(reverse("assessment:period_close", args=[period.pk])).status_code == 302
    period.refresh_from_db()
    assert period.state == PeriodState.CLOSED
    # Nothing is left to score in a closed quarter; the assessor still finds what he scored.
    assert not head.get(reverse("assessment:scoring")).context["page"].object_list
    everything = head.get(reverse("assessment:scoring"), {"state": "all"}).context["page"]
    assert [a.person.username for a in everything.object_list] == ["filler"]
    mine = filler.get(reverse("assessment:mine")).content.decode()
    assert "91.50" in mine
    assert filler.get(reverse("assessment:assessment_detail", args=[target.pk])).status_code == 200


def test_the_deadline_form(party: Cast, period: AssessmentPeriod) -> None:
    committee = client_for(party.committee)
    url = reverse("assessment:period_deadline", args=[period.pk])
    too_early = committee.post(url, {"deadline": "2000-01-01"})
    assert "评分截止日期不能早于该季度开始" in too_early.content.decode()
    new = period.deadline + timedelta(days=3)
    assert committee.post(url, {"deadline": new.isoformat()}).status_code == 302
    period.refresh_from_db()
    assert period.deadline == new


def test_the_system_inputs_beside_the_form(party: Cast, period: AssessmentPeriod) -> None:
    # A warning to 刘经办 (诫勉纠错): the committee, the party group and he himself know of it,
    # not his department head, who scores him.
    admonition = issued_warning(
        party, subject=party.filler, disposal=Disposal.ADMONITION, number="预警〔2026〕7号"
    )
    overdue = open_item(party, title="审批档案不全")
    Rectification.objects.filter(pk=overdue.pk).update(
        deadline=timezone.localdate() - timedelta(days=2)
    )
    open_item(party, title="未到期事项")  # not overdue: not shown
    entry = RiskEntryFactory(register=RegisterFactory(unit=party.dept))
    Action.objects.create(
        entry=entry,
        owner=party.filler,
        content="建立审批台账",
        deadline=timezone.localdate() - timedelta(days=1),
    )
    Action.objects.create(
        entry=entry, owner=party.filler, content="公开审批结果", status=ActionStatus.DONE
    )
    url = reverse("assessment:score", args=[assessment_of(period, party.filler).pk])
    page = client_for(party.head).get(url).content.decode()
    assert "预警〔2026〕7号" not in page and "本季度廉情预警" not in page
    readings = AuditEntry.objects.filter(action=actions.WARNING_LIST)
    assert not readings.exists()  # no warning shown, no reading recorded
    assert "审批档案不全" in page and "未到期事项" not in page
    assert "建立审批台账" in page and "公开审批结果" in page and "已落实1项,未落实1项" in page
    # A 责令整改 warning reaches the department's head: now he sees it beside the form.
    admonition.disposal = Disposal.RECTIFY
    admonition.save(update_fields=["disposal"])
    assert "预警〔2026〕7号" in client_for(party.head).get(url).content.decode()
    # Shown beside the form, the warning was read: the trail says by whom.
    assert list(readings.values_list("actor__username", flat=True)) == ["head"]
    # The committee scoring a department leader sees the warnings on him.
    issued_warning(party, subject=party.head, number="预警〔2026〕9号")
    head_url = reverse("assessment:score", args=[assessment_of(period, party.head).pk])
    assert "预警〔2026〕9号" in client_for(party.committee).get(head_url).content.decode()


def test_the_results_export(party: Cast, period: AssessmentPeriod) -> None:
    score(period, party.filler, party.head, 40, 55, 50, 30)
    score(period, party.principal, party.leader, 95, 95, 95, 95)
    response = client_for(party.committee).get(reverse("assessment:period_xlsx", args=[period.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    sheet = wb.worksheets[0]
    assert sheet.cell(1, 1).value == f"{period}结果通报"
    rows = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=3)
        if any(c.value for c in row)
    ]
    by_name = {row[2]: row for row in rows}
    assert by_name["刘经办"][0] == "一般干部" and by_name["刘经办"][5:7] == [44.5, "不良"]
    assert by_name["王局长"][0] == "领导班子成员" and by_name["王局长"][6] == "好"
    assert by_name["陈处长"][6] == "未评分"
    # Leadership first, then department leaders, then staff.
    layers = [row[0] for row in rows]
    assert layers == sorted(layers, key=["领导班子成员", "部门领导", "一般干部"].index)
    counts = {row[0].value: [c.value for c in row] for row in wb.worksheets[1].iter_rows(min_row=3)}
    assert counts["一般干部"][1:] == [0, 0, 0, 1, 2, 3]  # 好 良好 一般 不良 未评分 合计
    entry = AuditEntry.objects.get(action=actions.ASSESSMENT_PERIOD_EXPORT_XLSX)
    assert entry.actor == party.committee and entry.data == {"people": 8}


def _past_year(cast: Cast) -> list[AssessmentPeriod]:
    """2025: Q1 and Q2 closed (刘经办 好 then 不良), Q3 still open (not counted)."""
    indicators_seed_defaults(actor=cast.committee)
    end = date(2025, 12, 31)
    periods = [
        period_open(actor=cast.committee, year=2025, quarter=q, deadline=end, today=end)
        for q in (1, 2, 3)
    ]
    score(periods[0], cast.filler, cast.head, 95, 95, 95, 95)
    score(periods[1], cast.filler, cast.head, 40, 55, 50, 30)
    score(periods[2], cast.filler, cast.head, 10, 10, 10, 10)
    score(periods[0], cast.outsider, cast.other_head, 85, 85, 85, 85)
    period_close(period=periods[0], actor=cast.committee)
    period_close(period=periods[1], actor=cast.committee)
    return periods


def test_the_annual_roll_up(party: Cast) -> None:
    _past_year(party)
    client = client_for(party.committee)
    page = client.get(reverse("assessment:annual"), {"year": 2025})
    lines = {line.person.username: line for line in page.context["lines"]}
    filler = lines["filler"]
    # (95 + 44.5) / 2 = 69.75: 一般; the open third quarter does not count.
    assert filler.average == Decimal("69.75") and filler.grade == Grade.FAIR
    assert filler.adverse == 1 and filler.quarter_cells()[2] is None
    assert lines["outsider"].average == Decimal("85.00")
    assert lines["head"].average is None  # assessed, never scored
    assert lines["principal"].layer == Layer.LEADERSHIP
    response = client.get(reverse("assessment:annual_xlsx"), {"year": 2025})
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert sheet.cell(1, 1).value == "2025年度廉政考核汇总"
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "刘经办")
    assert row[3:10] == ("95.00(好)", "44.50(不良)", "—", "—", 69.75, "一般", 1)
    entry = AuditEntry.objects.get(action=actions.ASSESSMENT_EXPORT_ANNUAL)
    assert entry.data == {"year": 2025, "people": 8}
    assert client.get(reverse("assessment:annual_xlsx"), {"year": "x"}).status_code == 404


def test_the_committees_list_of_poor_results(party: Cast) -> None:
    _past_year(party)
    page = client_for(party.committee).get(reverse("assessment:adverse")).content.decode()
    assert page.count('data-person="filler"') == 2  # Q2 (closed, filed) and Q3 (open)
    assert "2025年第2季度廉政考核" in page and "考核结束时记入" in page


def test_the_indicator_pages(party: Cast) -> None:
    admin = client_for(party.admin)
    page = admin.get(reverse("assessment:indicators")).content.decode()
    assert "载入文件规定的四项考核方式" in page
    admin.post(reverse("assessment:indicators_seed"))
    assert Indicator.objects.count() == 4
    page = admin.get(reverse("assessment:indicators"))
    assert page.context["weight_total"] == 100
    talk = Indicator.objects.get(name="个别谈话")
    url = reverse("assessment:indicator_edit", args=[talk.pk])
    bad = admin.post(
        url, {"name": "个别谈话", "weight": 20, "min_score": 10, "max_score": 5, "order": 3}
    )
    assert "最高分应大于最低分" in bad.content.decode()
    admin.post(
        url,
        {"name": "个别谈话", "weight": 25, "min_score": 0, "max_score": 10, "order": 3},
    )
    talk.refresh_from_db()
    assert (talk.weight, talk.max_score, talk.active) == (25, Decimal(10), False)  # unticked
    scale = admin.post(
        reverse("assessment:grade_scale"), {"good_from": 80, "fine_from": 90, "fair_from": 60}
    )
    assert "等级分数线应满足" in scale.content.decode()


def test_the_inbox_lists_whom_to_score(party: Cast, period: AssessmentPeriod) -> None:
    page = client_for(party.head).get(reverse("home")).content.decode()
    assert "待评分的廉政考核" in page and "刘经办" in page
    score(period, party.filler, party.head, 90, 90, 90, 90)
    assert "待评分的廉政考核" not in client_for(party.head).get(reverse("home")).content.decode()
    assert "待评分的廉政考核" not in client_for(party.filler).get(reverse("home")).content.decode()


@pytest.fixture
def many(party: Cast) -> AssessmentPeriod:
    """This quarter with twenty people in 审批处, half scored."""
    for n in range(20):
        UserFactory(username=f"staff{n}", name=f"职员{n}", unit=party.dept)
    today = timezone.localdate()
    year, quarter = this_quarter(today)
    indicators_seed_defaults(actor=party.committee)
    period = period_open(
        actor=party.committee, year=year, quarter=quarter, deadline=today, today=today
    )
    for assessment in Assessment.objects.filter(
        period=period, person__username__startswith="staff"
    )[:10]:
        score(period, assessment.person, party.head, 90, 90, 90, 90)
    return period


def test_the_scoring_list_costs_the_same_for_any_number(
    party: Cast, many: AssessmentPeriod, django_assert_num_queries
) -> None:
    client = client_for(party.head)
    client.get(reverse("assessment:scoring"))  # the session loaded once
    # 1 session, 2 user, 3 the filter's periods, 4 count, 5 the page of assessments (with
    # period, person, unit and its people, the scorer), 6 roles (nav), 7 the bell's count.
    with django_assert_num_queries(7):
        response = client.get(reverse("assessment:scoring"), {"state": "all"})
    assert len(response.context["page"].object_list) == 21


def test_the_results_page_costs_the_same_for_any_number(
    party: Cast, many: AssessmentPeriod, django_assert_num_queries
) -> None:
    client = client_for(party.committee)
    url = reverse("assessment:period_detail", args=[many.pk])
    client.get(url)
    # 1 session, 2 user, 3 roles, 4 the period, 5 every assessment with person, unit and
    # scorer, 6 the bell's count.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.context["total"] == 28


def test_layers_and_states_filter_the_scoring_list(party: Cast, period: AssessmentPeriod) -> None:
    score(period, party.head, party.committee, 90, 90, 90, 90)
    client = client_for(party.committee)
    todo = client.get(reverse("assessment:scoring")).context["page"].object_list
    assert {a.person.username for a in todo} == {
        "principal",
        "leader",
        "other_leader",
        "other_head",
    }
    done = client.get(reverse("assessment:scoring"), {"state": "done"}).context["page"]
    assert [a.person.username for a in done.object_list] == ["head"]
    leadership = client.get(
        reverse("assessment:scoring"), {"state": "all", "layer": Layer.DEPARTMENT}
    ).context["page"]
    assert {a.person.username for a in leadership.object_list} == {"head", "other_head"}
