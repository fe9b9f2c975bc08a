"""Reads for the reports: the campaign summary (workbook) and the statistics page, each in a
fixed number of queries whatever the number of units or entries; and the user's export jobs."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from orgs.choices import Role
from orgs.models import User
from orgs.permissions import roles_of, sees_everything, unit_scope
from registers.choices import GradingScheme, RegisterLevel, RegisterState
from registers.grading import GRADE_LABELS
from registers.models import Campaign, Category, Register, RiskEntry
from reports.choices import ExportState
from reports.models import ExportJob
from workflow.models import Transition

STATS_ROLES = frozenset({Role.COMMITTEE, Role.ADMIN, Role.LEADER_IN_CHARGE, Role.PRINCIPAL})
# Registers the statistics and the summary count: the unit and department ones (the Annexes);
# post-level self-checks are personal and are not part of the official figures.
COUNTED_LEVELS = (RegisterLevel.UNIT, RegisterLevel.DEPARTMENT)


def can_see_stats(user: User) -> bool:
    return bool(roles_of(user) & STATS_ROLES)


def can_export_campaign(user: User) -> bool:
    """The campaign workbook shows every unit's state: the committee and administrators only."""
    return sees_everything(user)


def stats_registers(*, user: User, campaign: Campaign) -> QuerySet[Register]:
    """The campaign's unit and department registers within the user's scope (leaders see the
    units they oversee, a principal his unit and below; committee and admins all)."""
    registers = Register.objects.filter(campaign=campaign, level__in=COUNTED_LEVELS).select_related(
        "unit"
    )
    scope = unit_scope(user)
    if scope is not None:
        registers = registers.filter(unit_id__in=scope)
    return registers.order_by("unit__order", "unit_id", "level")


@dataclass
class RegisterFigures:
    """One register's line of the summary and of the statistics."""

    register: Register
    by_category: dict[int, int] = field(default_factory=dict)
    by_grade: dict[int, int] = field(default_factory=dict)  # graded entries only
    # Entries imported without a grade: counted in `total` and by category, not in the share.
    ungraded: int = 0
    submitted_at: datetime | None = None
    signed_at: datetime | None = None
    published_at: datetime | None = None
    target: int = 20
    tolerance: int = 10

    @property
    def total(self) -> int:
        return self.graded + self.ungraded

    @property
    def graded(self) -> int:
        return sum(self.by_grade.values())

    @property
    def high(self) -> int:
        return self.by_grade.get(1, 0)

    @property
    def share(self) -> float:
        """The share of high entries among the graded ones (as registers.selectors.HighShare)."""
        return round(100 * self.high / self.graded, 1) if self.graded else 0.0

    @property
    def share_status(self) -> str:
        if not self.graded:
            return "empty"
        if self.share > self.target + self.tolerance:
            return "high"
        if self.share < self.target - self.tolerance:
            return "low"
        return "ok"


@dataclass
class CampaignFigures:
    campaign: Campaign
    categories: list[Category]
    grade_labels: dict[int, str]
    registers: list[RegisterFigures]
    matrix: dict[tuple[int, int], int]  # (category id, grade) → entries

    @property
    def states(self) -> list[tuple[str, str, int]]:
        counts: dict[str, int] = {}
        for figures in self.registers:
            counts[figures.register.state] = counts.get(figures.register.state, 0) + 1
        return [(value, str(label), counts.get(value, 0)) for value, label in RegisterState.choices]

    def matrix_rows(self) -> list[tuple[str, list[int], int]]:
        rows = []
        for category in self.categories:
            cells = [self.matrix.get((category.pk, grade), 0) for grade in (1, 2, 3)]
            rows.append((category.name, cells, sum(cells)))
        return rows

    @property
    def total(self) -> int:
        return sum(figures.total for figures in self.registers)

    @property
    def graded(self) -> int:
        return sum(figures.graded for figures in self.registers)

    @property
    def ungraded(self) -> int:
        return sum(figures.ungraded for figures in self.registers)

    @property
    def high(self) -> int:
        return sum(figures.high for figures in self.registers)

    @property
    def share(self) -> float:
        return round(100 * self.high / self.graded, 1) if self.graded else 0.0


def campaign_figures(*, registers: QuerySet[Register], campaign: Campaign) -> CampaignFigures:
    """Counts for `registers` (a queryset of one campaign's registers). Four queries: registers,
    categories, entries by register × category × grade, and transition dates."""
    figures = {
        register.pk: RegisterFigures(
            register=register,
            target=campaign.high_share_target,
            tolerance=campaign.high_share_tolerance,
        )
        for register in registers
    }
    categories = list(
        Category.objects.filter(category_set_id=campaign.category_set_id).order_by("order", "id")
    )
    matrix: dict[tuple[int, int], int] = {}
    counts = (
        RiskEntry.objects.filter(register_id__in=list(figures))
        .values("register_id", "category_id", "grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counts:
        line = figures[row["register_id"]]
        line.by_category[row["category_id"]] = (
            line.by_category.get(row["category_id"], 0) + row["n"]
        )
        grade = row["grade"]
        if grade is None:
            # Neither in the grade columns nor in the category × grade matrix.
            line.ungraded += row["n"]
            continue
        line.by_grade[grade] = line.by_grade.get(grade, 0) + row["n"]
        key = (row["category_id"], grade)
        matrix[key] = matrix.get(key, 0) + row["n"]
    dates = (
        Transition.objects.filter(
            register_id__in=list(figures),
            to_state__in=[RegisterState.SUBMITTED, RegisterState.SIGNED, RegisterState.PUBLISHED],
        )
        .values("register_id")
        .annotate(
            submitted=Max("created_at", filter=Q(to_state=RegisterState.SUBMITTED)),
            signed=Max("created_at", filter=Q(to_state=RegisterState.SIGNED)),
            published=Max("created_at", filter=Q(to_state=RegisterState.PUBLISHED)),
        )
        .order_by()
    )
    for stamp in dates:
        line = figures[stamp["register_id"]]
        line.submitted_at = stamp["submitted"]
        line.signed_at = stamp["signed"]
        line.published_at = stamp["published"]
    scheme = GradingScheme(campaign.grading_scheme)
    labels = {grade: str(label) for grade, label in GRADE_LABELS[scheme].items()}
    return CampaignFigures(
        campaign=campaign,
        categories=categories,
        grade_labels=labels,
        registers=list(figures.values()),
        matrix=matrix,
    )


def campaign_registers(campaign: Campaign) -> QuerySet[Register]:
    return (
        Register.objects.filter(campaign=campaign, level__in=COUNTED_LEVELS)
        .select_related("unit", "campaign")
        .order_by("unit__order", "unit_id", "level")
    )


def published_registers(campaign: Campaign) -> QuerySet[Register]:
    """The campaign workbook's registers: every published one but a person's own, which is his
    and his signer's (one sheet per person would also bury the Annexes)."""
    return (
        Register.objects.filter(campaign=campaign, state=RegisterState.PUBLISHED)
        .exclude(level=RegisterLevel.PERSONAL)
        .select_related("unit", "post", "campaign")
        .order_by("unit__order", "unit_id", "level", "post__order")
    )


def export_jobs_of(user: User) -> QuerySet[ExportJob]:
    """The user's own export jobs that have not expired, newest first. Nobody else's: a job's
    file is for its owner only, administrators included."""
    return ExportJob.objects.filter(owner=user, expires_at__gt=timezone.now()).order_by(
        "-created_at", "-id"
    )


def export_job_lease() -> timedelta:
    """How long a running job's heartbeat stays good (EXPORT_JOB_LEASE_SECONDS)."""
    return timedelta(seconds=settings.EXPORT_JOB_LEASE_SECONDS)


def export_job_stalled(job: ExportJob) -> bool:
    """A running job whose worker stopped beating (killed, out of memory, host gone): the next
    claim may take it over and the recovery sweep re-queues or fails it."""
    if job.state != ExportState.RUNNING:
        return False
    return job.heartbeat_at is None or job.heartbeat_at < timezone.now() - export_job_lease()
