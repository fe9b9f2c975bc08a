"""Reading the quarterly assessment: the people and their layers, the indicators and thresholds,
what a user may see and score, the 通报 list, the year's roll-up, the 不良 results, and the
system's own records about a person shown beside his scores."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from assessment.choices import Grade, Layer, PeriodState
from assessment.models import Assessment, AssessmentPeriod, GradeScale, Indicator
from assessment.permissions import (
    authority_filter,
    can_see_assessment,
    sees_all_results,
    visible_filter,
)
from assessment.scoring import Rule, Thresholds, grade_for, year_average
from orgs.choices import UnitKind
from orgs.models import Unit, User
from oversight.choices import ActionStatus, RectificationState
from oversight.measures.selectors import actions_visible_to
from oversight.models import Action, Rectification, Warning
from oversight.rectification.selectors import rectifications_visible_to
from oversight.warnings.permissions import warnings_visible_to

LAYER_ORDER = {Layer.LEADERSHIP: 0, Layer.DEPARTMENT: 1, Layer.STAFF: 2}
GRADE_ORDER = [Grade.GOOD, Grade.FINE, Grade.FAIR, Grade.POOR]

# --- Who is assessed, in which layer --------------------------------------------------------


def layers_of(people: list[User]) -> dict[int, Layer]:
    """Each person's layer, from the org tree (one query for the units):

    - 领导班子成员: members of the party group, the bureau's principal, and the leaders in charge
      who sit in the bureau (its deputies);
    - 部门领导: the head of any other unit (a department, a branch, an affiliated unit, a section)
      and any other leader in charge (a branch's deputy);
    - 一般干部: everybody else.
    """
    heads: set[int] = set()
    leaders: set[int] = set()
    bureau_heads: set[int] = set()
    for kind, head_id, leader_id in Unit.objects.values_list(
        "kind", "head_id", "leader_in_charge_id"
    ):
        if head_id is not None:
            heads.add(head_id)
            if kind == UnitKind.BUREAU:
                bureau_heads.add(head_id)
        if leader_id is not None:
            leaders.add(leader_id)
    layers: dict[int, Layer] = {}
    for person in people:
        in_bureau = person.unit is not None and person.unit.kind == UnitKind.BUREAU
        if (
            person.is_party_group_member
            or person.pk in bureau_heads
            or (person.pk in leaders and in_bureau)
        ):
            layers[person.pk] = Layer.LEADERSHIP
        elif person.pk in heads or person.pk in leaders:
            layers[person.pk] = Layer.DEPARTMENT
        else:
            layers[person.pk] = Layer.STAFF
    return layers


def assessable_people() -> list[User]:
    """Everyone the assessment covers: the active people of the organization (those with a
    unit). System accounts (superusers) are not cadres and are left out."""
    return list(
        User.objects.filter(is_active=True, unit__isnull=False, is_superuser=False)
        .select_related("unit")
        .order_by("unit__order", "unit__code", "id")
    )


def party_group_members() -> list[User]:
    return list(User.objects.filter(is_party_group_member=True, is_active=True).order_by("id"))


# --- Indicators and thresholds --------------------------------------------------------------


def grade_scale() -> GradeScale:
    """The saved thresholds, or the defaults (unsaved) until somebody saves them."""
    return GradeScale.objects.order_by("pk").first() or GradeScale()


def thresholds_of(scale: GradeScale) -> Thresholds:
    return Thresholds(
        good_from=Decimal(scale.good_from),
        fine_from=Decimal(scale.fine_from),
        fair_from=Decimal(scale.fair_from),
    )


def current_thresholds() -> Thresholds:
    return thresholds_of(grade_scale())


def active_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(active=True).order_by("order", "id"))


def rules_of(indicators: list[Indicator]) -> list[Rule]:
    return [
        Rule(
            key=indicator.pk,
            name=indicator.name,
            weight=indicator.weight,
            min_score=Decimal(indicator.min_score),
            max_score=Decimal(indicator.max_score),
        )
        for indicator in indicators
    ]


# --- Periods --------------------------------------------------------------------------------


@dataclass
class PeriodLine:
    period: AssessmentPeriod
    total: int
    scored: int
    adverse: int

    @property
    def unscored(self) -> int:
        return self.total - self.scored


def period_lines() -> list[PeriodLine]:
    """Every period, newest first, with its counts (one query)."""
    periods = AssessmentPeriod.objects.annotate(
        n_total=Count("assessments"),
        n_scored=Count("assessments", filter=Q(assessments__scored_at__isnull=False)),
        n_adverse=Count("assessments", filter=Q(assessments__grade=Grade.POOR)),
    ).order_by("-year", "-quarter")
    return [
        PeriodLine(period=p, total=p.n_total, scored=p.n_scored, adverse=p.n_adverse)  # type: ignore[attr-defined]
        for p in periods
    ]


def period_for(*, user: User, pk: int) -> AssessmentPeriod:
    """A period's pages (the 通报 list, its progress) are the committee's and the
    administrators': a 404 for anybody else."""
    if not sees_all_results(user):
        raise Http404
    period = AssessmentPeriod.objects.filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


def all_periods() -> QuerySet[AssessmentPeriod]:
    return AssessmentPeriod.objects.order_by("-year", "-quarter")


def open_periods() -> QuerySet[AssessmentPeriod]:
    return AssessmentPeriod.objects.filter(state=PeriodState.OPEN).order_by("year", "quarter")


# --- Assessments ----------------------------------------------------------------------------

RELATED = ("period", "person", "unit__head", "unit__leader_in_charge", "scored_by")


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(visible_filter(user)).select_related(*RELATED)


def assessment_for(*, user: User, pk: int) -> Assessment:
    """The assessment if `user` may see it; a 404 otherwise."""
    assessment = Assessment.objects.select_related(*RELATED).filter(pk=pk).first()
    if assessment is None or not can_see_assessment(user, assessment):
        raise Http404
    return assessment


def assessment_for_scoring(*, pk: int) -> Assessment:
    """The assessment to score, whoever asks (the view decides 403 from the rule); a 404 only
    when it does not exist."""
    assessment = Assessment.objects.select_related(*RELATED).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def layer_sorted(assessments: list[Assessment]) -> list[Assessment]:
    return sorted(
        assessments,
        key=lambda a: (LAYER_ORDER[Layer(a.layer)], a.unit.order, a.unit.code, a.person_id),
    )


def scoring_list(
    *, user: User, period: AssessmentPeriod | None, state: str, layer: str
) -> QuerySet[Assessment]:
    """The assessments `user` may score by his authority, open periods first; `state` is "todo"
    (not scored yet, in an open period), "done" or anything else for all; `layer` one of Layer
    or "" (all)."""
    found = Assessment.objects.filter(authority_filter(user)).select_related(*RELATED)
    if period is not None:
        found = found.filter(period=period)
    if state == "todo":
        found = found.filter(scored_at__isnull=True, period__state=PeriodState.OPEN)
    elif state == "done":
        found = found.filter(scored_at__isnull=False)
    if layer:
        found = found.filter(layer=layer)
    return found.order_by("period__state", "-period__year", "-period__quarter", "unit__order", "id")


def to_score(user: User) -> QuerySet[Assessment]:
    """What waits for `user`'s scores: not scored yet, in an open period, by his authority."""
    return (
        Assessment.objects.filter(
            authority_filter(user), period__state=PeriodState.OPEN, scored_at__isnull=True
        )
        .select_related("period", "person", "unit")
        .order_by("period__deadline", "unit__order", "id")
    )


def scores_of(assessment: Assessment) -> list[tuple[str, int, Decimal, Decimal, Decimal]]:
    """The assessment's scores as given: (name, weight, min, max, value)."""
    return [
        (s.name, s.weight, s.min_score, s.max_score, s.value)
        for s in assessment.scores.order_by("id")
    ]


# --- The 通报 list --------------------------------------------------------------------------


@dataclass
class LayerResults:
    layer: Layer
    rows: list[Assessment]
    counts: dict[str, int]  # by grade, plus "" for not scored

    @property
    def label(self) -> str:
        return str(self.layer.label)

    def grade_counts(self) -> list[tuple[str, str, int]]:
        return [(g.value, str(g.label), self.counts.get(g.value, 0)) for g in GRADE_ORDER]


def period_results(period: AssessmentPeriod) -> list[LayerResults]:
    """The period's results by layer (leadership, department leaders, staff), each in the org's
    order, with the number of each grade. One query."""
    rows = layer_sorted(
        list(Assessment.objects.filter(period=period).select_related("person", "unit", "scored_by"))
    )
    by_layer: dict[str, list[Assessment]] = defaultdict(list)
    for row in rows:
        by_layer[row.layer].append(row)
    results = []
    for layer in Layer:
        members = by_layer.get(layer.value, [])
        counts: dict[str, int] = defaultdict(int)
        for row in members:
            counts[row.grade] += 1
        results.append(LayerResults(layer=layer, rows=members, counts=dict(counts)))
    return results


# --- The year's roll-up ---------------------------------------------------------------------


@dataclass
class YearLine:
    """One person's year: the four quarters (total and grade, None where not assessed or not
    scored), the average of the scored quarters, the year's grade from it, and how many
    quarters were 不良."""

    person: User
    unit: Unit
    layer: Layer
    quarters: dict[int, Assessment | None] = field(default_factory=dict)
    average: Decimal | None = None
    grade: Grade | None = None
    adverse: int = 0

    def quarter_cells(self) -> list[Assessment | None]:
        return [self.quarters.get(q) for q in (1, 2, 3, 4)]


def years_with_results() -> list[int]:
    return sorted(
        set(
            AssessmentPeriod.objects.filter(state=PeriodState.CLOSED).values_list("year", flat=True)
        ),
        reverse=True,
    )


def annual_rollup(*, year: int, thresholds: Thresholds) -> list[YearLine]:
    """Every person assessed in a closed quarter of `year`: the 年度 roll-up that feeds the
    yearly appraisal (document 000 四(二)). Only closed quarters count, their results being
    final; the year's grade is that of the average under the current thresholds. One query."""
    assessments = (
        Assessment.objects.filter(period__year=year, period__state=PeriodState.CLOSED)
        .select_related("period", "person", "unit")
        .order_by("period__quarter", "id")
    )
    lines: dict[int, YearLine] = {}
    for assessment in assessments:
        line = lines.get(assessment.person_id)
        if line is None:
            line = YearLine(
                person=assessment.person, unit=assessment.unit, layer=Layer(assessment.layer)
            )
            lines[assessment.person_id] = line
        # The latest quarter gives the unit and layer shown.
        line.unit, line.layer = assessment.unit, Layer(assessment.layer)
        line.quarters[assessment.period.quarter] = assessment
        if assessment.grade == Grade.POOR:
            line.adverse += 1
    for line in lines.values():
        totals = [a.total for a in line.quarters.values() if a is not None and a.total is not None]
        line.average = year_average(totals)
        line.grade = grade_for(line.average, thresholds) if line.average is not None else None
    return sorted(
        lines.values(),
        key=lambda ln: (LAYER_ORDER[ln.layer], ln.unit.order, ln.unit.code, ln.person.pk),
    )


# --- 不良 results ---------------------------------------------------------------------------


def adverse_results() -> QuerySet[Assessment]:
    """Every 不良 result, newest quarter first: the committee's list."""
    return (
        Assessment.objects.filter(grade=Grade.POOR)
        .select_related("period", "person", "unit", "scored_by")
        .order_by("-period__year", "-period__quarter", "unit__order", "id")
    )


def adverse_results_of(person: User) -> QuerySet[Assessment]:
    """The person's final 不良 results (closed quarters), as recorded for his integrity file
    (廉政档案, document 000 三(二)8): the file reads them from here. Each carries the quarter,
    the total, the assessor and `filed_at`, when the closing of the quarter recorded it."""
    return (
        Assessment.objects.filter(person=person, grade=Grade.POOR, period__state=PeriodState.CLOSED)
        .select_related("period", "unit", "scored_by")
        .order_by("-period__year", "-period__quarter")
    )


def my_results(user: User) -> QuerySet[Assessment]:
    """The user's own results, once their quarter is closed."""
    return (
        Assessment.objects.filter(person=user, period__state=PeriodState.CLOSED)
        .select_related("period", "unit")
        .order_by("-period__year", "-period__quarter")
    )


# --- What the system itself knows about the person ------------------------------------------


@dataclass
class SystemInputs:
    """Shown beside the scoring form: the person's warnings during the quarter (only those the
    viewer may see: warnings are confidential), his rectification items past their deadline, and
    his actions (防控措施落实) done and not done."""

    warnings: list[Warning]
    overdue_rectifications: list[Rectification]
    actions_open: list[Action]
    actions_done: list[Action]
    today: date

    @property
    def empty(self) -> bool:
        return not (
            self.warnings or self.overdue_rectifications or self.actions_open or self.actions_done
        )


INPUT_LIMIT = 20


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def system_inputs(*, assessment: Assessment, viewer: User, today: date) -> SystemInputs:
    """The person's records that `viewer` may see. A warning counts for the quarter if it was
    started before the quarter ended and not closed before it began."""
    period, person = assessment.period, assessment.person
    begins = _local_midnight(period.starts_on)
    ends = _local_midnight(period.ends_on + timedelta(days=1))
    warnings = list(
        warnings_visible_to(viewer)
        .filter(subject_user=person, created_at__lt=ends)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=begins))
        .select_related("subject_unit")
        .order_by("-created_at", "-id")[:INPUT_LIMIT]
    )
    overdue = list(
        rectifications_visible_to(viewer)
        .filter(owner=person, state=RectificationState.OPEN, deadline__lt=today)
        .order_by("deadline", "id")[:INPUT_LIMIT]
    )
    owned = actions_visible_to(viewer).filter(owner=person)
    actions_open = list(
        owned.exclude(status=ActionStatus.DONE).order_by("deadline", "id")[:INPUT_LIMIT]
    )
    actions_done = list(
        owned.filter(status=ActionStatus.DONE).order_by("-updated_at", "-id")[:INPUT_LIMIT]
    )
    return SystemInputs(
        warnings=warnings,
        overdue_rectifications=overdue,
        actions_open=actions_open,
        actions_done=actions_done,
        today=today,
    )
