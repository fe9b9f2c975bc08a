"""Writing the quarterly assessment: the indicators and thresholds, opening a quarter, scoring a
person, moving the deadline, closing the quarter (which records the 不良 results for the
integrity file).

Every function checks the actor's right (PermissionDenied), locks what it changes, refuses what
the rules refuse (DomainError, shown by the views as a message or beside the field), and writes
its audit row and notifications in the same transaction.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.choices import Grade, PeriodState
from assessment.models import (
    Assessment,
    AssessmentPeriod,
    GradeScale,
    Indicator,
    Score,
    quarter_end,
    quarter_start,
)
from assessment.permissions import (
    assessor_role_of,
    can_configure,
    can_manage_periods,
    primary_assessors,
)
from assessment.scoring import (
    Rule,
    ScoreError,
    Thresholds,
    check_rule,
    check_thresholds,
    grade_for,
    plain,
    weighted_total,
)
from assessment.selectors import (
    active_indicators,
    assessable_people,
    current_thresholds,
    grade_scale,
    layers_of,
    party_group_members,
    rules_of,
)
from audit import actions
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import committee_members, notify, unique_people
from orgs.models import User
from registers.exceptions import DomainError

# Document 003: "通过监督检查、民主测评、个别谈话以及查阅廉情档案等方式". Weights add up to 100.
DEFAULT_INDICATORS: list[tuple[str, int, str]] = [
    ("监督检查", 30, "日常监督检查中发现的问题及整改情况"),
    ("民主测评", 30, "本部门及相关人员对其廉洁从政情况的民主测评"),
    ("个别谈话", 20, "通过个别谈话了解到的廉洁自律情况"),
    ("查阅廉情档案", 20, "廉情档案记载的预警、整改和措施落实情况"),
]
# A scoring deadline later than this after the quarter began is a slip of the keyboard.
LATEST_DEADLINE_DAYS = 366
# The default deadline for scoring: this many days after the quarter ends.
DEFAULT_DEADLINE_DAYS = 15


def scoring_url() -> str:
    return reverse("assessment:scoring")


def detail_url(assessment: Assessment) -> str:
    return reverse("assessment:assessment_detail", args=[assessment.pk])


# --- Indicators and thresholds --------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorData:
    name: str
    weight: int
    min_score: Decimal
    max_score: Decimal
    description: str = ""
    order: int = 0
    active: bool = True


def _check_indicator(data: IndicatorData, *, exclude: int | None = None) -> str:
    name = data.name.strip()
    if not name:
        raise DomainError(_("请填写指标名称。"), field="name")
    clash = Indicator.objects.filter(name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainError(_("已有同名的考核指标。"), field="name")
    try:
        check_rule(Rule(0, name, data.weight, data.min_score, data.max_score))
    except ScoreError as error:
        field = "weight" if data.weight <= 0 else "max_score"
        raise DomainError(error.message, field=field) from error
    return name


def _indicator_fields(indicator: Indicator) -> dict[str, object]:
    return {
        "name": indicator.name,
        "weight": indicator.weight,
        "min_score": plain(Decimal(indicator.min_score)),
        "max_score": plain(Decimal(indicator.max_score)),
        "order": indicator.order,
        "active": indicator.active,
    }


@transaction.atomic
def indicator_create(*, actor: User, data: IndicatorData) -> Indicator:
    if not can_configure(actor):
        raise PermissionDenied
    name = _check_indicator(data)
    indicator = Indicator.objects.create(
        name=name,
        description=data.description.strip(),
        weight=data.weight,
        min_score=data.min_score,
        max_score=data.max_score,
        order=data.order,
        active=data.active,
    )
    audit_record(
        action=actions.ASSESSMENT_INDICATOR_CREATE,
        actor=actor,
        obj=indicator,
        data=_indicator_fields(indicator),
    )
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, actor: User, data: IndicatorData) -> Indicator:
    """Change an indicator. Scores already given keep the weight and range they were given
    under (Score copies them); the change applies to the scoring that follows."""
    if not can_configure(actor):
        raise PermissionDenied
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    name = _check_indicator(data, exclude=indicator.pk)
    before = _indicator_fields(indicator)
    indicator.name = name
    indicator.description = data.description.strip()
    indicator.weight = data.weight
    indicator.min_score = data.min_score
    indicator.max_score = data.max_score
    indicator.order = data.order
    indicator.active = data.active
    indicator.save()
    after = _indicator_fields(indicator)
    changed = {key: value for key, value in after.items() if before[key] != value}
    audit_record(
        action=actions.ASSESSMENT_INDICATOR_UPDATE,
        actor=actor,
        obj=indicator,
        data={**changed, "old_values": {key: before[key] for key in changed}},
    )
    return indicator


@transaction.atomic
def indicators_seed_defaults(*, actor: User) -> list[Indicator]:
    """Document 003's four ways as the indicators, when there are none yet (else nothing)."""
    if not can_configure(actor):
        raise PermissionDenied
    if Indicator.objects.exists():
        return []
    return [
        indicator_create(
            actor=actor,
            data=IndicatorData(
                name=name,
                weight=weight,
                min_score=Decimal(0),
                max_score=Decimal(100),
                description=description,
                order=order,
            ),
        )
        for order, (name, weight, description) in enumerate(DEFAULT_INDICATORS, start=1)
    ]


@transaction.atomic
def grade_scale_update(*, actor: User, thresholds: Thresholds) -> GradeScale:
    """The grades' lower bounds. Results already given keep their grade; the new bounds grade
    the scoring that follows and the year's average."""
    if not can_configure(actor):
        raise PermissionDenied
    try:
        check_thresholds(thresholds)
    except ScoreError as error:
        raise DomainError(error.message) from error
    scale = GradeScale.objects.select_for_update().order_by("pk").first() or grade_scale()
    scale.good_from = thresholds.good_from
    scale.fine_from = thresholds.fine_from
    scale.fair_from = thresholds.fair_from
    scale.updated_by = actor
    scale.updated_at = timezone.now()
    scale.save()
    audit_record(
        action=actions.GRADE_SCALE_UPDATE,
        actor=actor,
        obj=scale,
        data={
            "good_from": plain(thresholds.good_from),
            "fine_from": plain(thresholds.fine_from),
            "fair_from": plain(thresholds.fair_from),
        },
    )
    return scale


# --- Periods --------------------------------------------------------------------------------


def default_deadline(year: int, quarter: int) -> date:
    return quarter_end(year, quarter) + timedelta(days=DEFAULT_DEADLINE_DAYS)


def _check_deadline(year: int, quarter: int, deadline: date) -> None:
    if deadline < quarter_start(year, quarter):
        raise DomainError(_("评分截止日期不能早于该季度开始。"), field="deadline")
    if deadline > quarter_start(year, quarter) + timedelta(days=LATEST_DEADLINE_DAYS):
        raise DomainError(_("评分截止日期不能晚于该季度开始后一年。"), field="deadline")


def _tell_assessors(period: AssessmentPeriod, assessments: list[Assessment]) -> None:
    """Each expected assessor hears once how many people he has to score, and by when."""
    party_group, committee = party_group_members(), committee_members()
    counts: dict[int, int] = defaultdict(int)
    people: dict[int, User] = {}
    for assessment in assessments:
        for person in primary_assessors(assessment, party_group=party_group, committee=committee):
            counts[person.pk] += 1
            people[person.pk] = person
    for person_id, count in counts.items():
        notify(
            recipients=[people[person_id]],
            kind=NotificationKind.OTHER,
            title=_("%(period)s开始评分") % {"period": period},
            body=_("请于%(deadline)s前完成对%(count)s人的廉政考核评分。")
            % {"deadline": period.deadline.isoformat(), "count": count},
            url=scoring_url(),
        )


@transaction.atomic
def period_open(
    *, actor: User, year: int, quarter: int, deadline: date, today: date | None = None
) -> AssessmentPeriod:
    """Open a quarter: one assessment for every person the assessment covers, in the layer the
    org gives him today; the expected assessors are told. Document 003's four indicators are
    set up first if there are no indicators at all."""
    if not can_manage_periods(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_("季度无效。"), field="quarter")
    if quarter_start(year, quarter) > today:
        raise DomainError(_("该季度尚未开始,不能开启考核。"), field="quarter")
    _check_deadline(year, quarter, deadline)
    if AssessmentPeriod.objects.filter(year=year, quarter=quarter).exists():
        raise DomainError(_("该季度的廉政考核已经开启。"), field="quarter")
    if not Indicator.objects.exists():
        indicators_seed_defaults(actor=actor)
    if not active_indicators():
        raise DomainError(_("没有启用的考核指标,请先设置考核指标。"))
    period = AssessmentPeriod.objects.create(
        year=year,
        quarter=quarter,
        deadline=deadline,
        opened_by=actor,
        opened_at=timezone.now(),
    )
    people = assessable_people()
    layers = layers_of(people)
    created = Assessment.objects.bulk_create(
        Assessment(period=period, person=person, unit=person.unit, layer=layers[person.pk])
        for person in people
        if person.unit is not None
    )
    audit_record(
        action=actions.ASSESSMENT_PERIOD_OPEN,
        actor=actor,
        obj=period,
        data={"year": year, "quarter": quarter, "deadline": deadline, "people": len(created)},
    )
    # bulk_create leaves the units' people unloaded: read them back for the notices.
    assessments = list(
        Assessment.objects.filter(period=period).select_related(
            "unit__head", "unit__leader_in_charge"
        )
    )
    _tell_assessors(period, assessments)
    return period


def _locked_period(period: AssessmentPeriod) -> AssessmentPeriod:
    return AssessmentPeriod.objects.select_for_update().get(pk=period.pk)


@transaction.atomic
def period_set_deadline(
    *, period: AssessmentPeriod, actor: User, deadline: date
) -> AssessmentPeriod:
    """Move an open quarter's scoring deadline (the reminders follow the new one)."""
    if not can_manage_periods(actor):
        raise PermissionDenied
    period = _locked_period(period)
    if not period.is_open:
        raise DomainError(_("该季度的廉政考核已经结束。"))
    _check_deadline(period.year, period.quarter, deadline)
    old = period.deadline
    period.deadline = deadline
    period.save(update_fields=["deadline"])
    audit_record(
        action=actions.ASSESSMENT_PERIOD_UPDATE,
        actor=actor,
        obj=period,
        data={"deadline": deadline, "old_deadline": old},
    )
    return period


@transaction.atomic
def period_close(*, period: AssessmentPeriod, actor: User) -> AssessmentPeriod:
    """Close a quarter: its results are final and each scored person may read his own. Every
    不良 result is recorded for the person's integrity file (its `filed_at`, an audit row of
    its own). Assessments still unscored stay so (未评分) and count nowhere."""
    if not can_manage_periods(actor):
        raise PermissionDenied
    period = _locked_period(period)
    if not period.is_open:
        raise DomainError(_("该季度的廉政考核已经结束。"))
    now = timezone.now()
    period.state = PeriodState.CLOSED
    period.closed_by = actor
    period.closed_at = now
    period.save(update_fields=["state", "closed_by", "closed_at"])
    rows = list(Assessment.objects.filter(period=period).select_related("person", "unit"))
    adverse = [a for a in rows if a.grade == Grade.POOR]
    scored = [a for a in rows if a.scored_at is not None]
    for assessment in adverse:
        assessment.filed_at = now
        assessment.save(update_fields=["filed_at"])
        audit_record(
            action=actions.ASSESSMENT_FILE_ADVERSE,
            actor=actor,
            obj=assessment,
            data={
                "person": assessment.person_id,
                "total": plain(Decimal(assessment.total or 0)),
                "grade": assessment.grade,
            },
        )
    audit_record(
        action=actions.ASSESSMENT_PERIOD_CLOSE,
        actor=actor,
        obj=period,
        data={
            "scored": len(scored),
            "unscored": len(rows) - len(scored),
            "adverse": len(adverse),
        },
    )
    notify(
        recipients=[a.person for a in scored],
        kind=NotificationKind.OTHER,
        title=_("%(period)s结果已公布") % {"period": period},
        body=_("您的%(period)s结果已公布,可在“我的廉政考核”中查看。") % {"period": period},
        url=reverse("assessment:mine"),
    )
    return period


# --- Scoring --------------------------------------------------------------------------------


@transaction.atomic
def assessment_score(
    *,
    assessment: Assessment,
    actor: User,
    values: Mapping[int, Decimal | None],
    note: str = "",
) -> Assessment:
    """Enter (or correct, while the quarter is open) a person's scores: `values` by indicator
    id, one for each active indicator, each within its range. The total and the grade follow
    (assessment.scoring). A result that becomes 不良 is reported to the committee."""
    period = _locked_period(assessment.period)
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("person", "unit__head", "unit__leader_in_charge")
        .get(pk=assessment.pk)
    )
    assessment.period = period
    if not period.is_open:
        raise DomainError(_("该季度的廉政考核已经结束,不能再评分。"))
    role = assessor_role_of(actor, assessment)
    if role is None:
        raise PermissionDenied
    indicators = active_indicators()
    rules = rules_of(indicators)
    try:
        total = weighted_total(rules, values)
    except ScoreError as error:
        raise DomainError(
            error.message, field=f"score_{error.key}" if error.key is not None else ""
        ) from error
    given: dict[int, Decimal] = {}
    for rule in rules:
        value = values.get(rule.key)
        assert value is not None  # weighted_total refused a missing one
        given[rule.key] = value
    grade = grade_for(total, current_thresholds())
    was_adverse = assessment.grade == Grade.POOR
    assessment.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            assessment=assessment,
            indicator=indicator,
            name=indicator.name,
            weight=indicator.weight,
            min_score=indicator.min_score,
            max_score=indicator.max_score,
            value=given[indicator.pk],
        )
        for indicator in indicators
    )
    assessment.total = total
    assessment.grade = grade
    assessment.note = note.strip()
    assessment.assessor_role = role
    assessment.scored_by = actor
    assessment.scored_at = timezone.now()
    assessment.save(
        update_fields=["total", "grade", "note", "assessor_role", "scored_by", "scored_at"]
    )
    audit_record(
        action=actions.ASSESSMENT_SCORE,
        actor=actor,
        obj=assessment,
        data={
            "total": plain(total),
            "grade": grade,
            "assessor_role": role,
            "scores": {indicator.name: plain(given[indicator.pk]) for indicator in indicators},
        },
    )
    if grade == Grade.POOR and not was_adverse:
        notify(
            recipients=unique_people(committee_members(), exclude=actor),
            kind=NotificationKind.OTHER,
            title=_("廉政考核结果“不良”:%(person)s") % {"person": assessment.person},
            body=_(
                "%(period)s中,%(unit)s%(person)s的考核结果为“不良”(总分%(total)s),"
                "由%(assessor)s评定。"
            )
            % {
                "period": period,
                "unit": assessment.unit.name,
                "person": assessment.person,
                "total": plain(total),
                "assessor": actor,
            },
            url=detail_url(assessment),
        )
    return assessment
