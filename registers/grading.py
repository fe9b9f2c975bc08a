"""Grades: the likelihood × impact proposal (document 002), the labels of each scheme (documents
000, 001-004), and the responsible leader by grade (document 003)."""

from django.utils.translation import gettext_lazy as _

from registers.choices import (
    Grade,
    GradingScheme,
    Impact,
    Likelihood,
    PeopleDocument,
    RegisterLevel,
)
from registers.models import Register

# Document 002 fixes four cells of the 3×3 matrix: likely & severe → 1; likely & fairly severe → 2;
# severe & unlikely → 2; unlikely & minor → 3. The other five follow the same reading (a cell is at
# least as grave as any cell it dominates, and one step of likelihood weighs less than one step of
# impact): moderately likely & severe → 1, likely & minor → 2, the rest → 2 or 3 as below.
GRADE_MATRIX: dict[tuple[int, int], int] = {
    (Likelihood.HIGH, Impact.SEVERE): Grade.FIRST,
    (Likelihood.MEDIUM, Impact.SEVERE): Grade.FIRST,
    (Likelihood.LOW, Impact.SEVERE): Grade.SECOND,
    (Likelihood.HIGH, Impact.SERIOUS): Grade.SECOND,
    (Likelihood.MEDIUM, Impact.SERIOUS): Grade.SECOND,
    (Likelihood.LOW, Impact.SERIOUS): Grade.THIRD,
    (Likelihood.HIGH, Impact.MINOR): Grade.SECOND,
    (Likelihood.MEDIUM, Impact.MINOR): Grade.THIRD,
    (Likelihood.LOW, Impact.MINOR): Grade.THIRD,
}

GRADE_LABELS = {
    GradingScheme.HIGH_MEDIUM_LOW: {1: _("高"), 2: _("中"), 3: _("低")},
    GradingScheme.LEVELS: {1: _("一级"), 2: _("二级"), 3: _("三级")},
}
# Personal registers (post level and one person's own) are graded A/B/C under document 001 and
# 一级/二级/三级 under document 004, whatever the campaign's scheme for units and departments.
POST_GRADE_LABELS = {1: "A", 2: "B", 3: "C"}
PERSONAL_LEVELS = (RegisterLevel.POST, RegisterLevel.PERSONAL)


def grade_propose(*, likelihood: int | None, impact: int | None) -> int | None:
    """The grade the matrix proposes, or None until both are known (or when either is not one of
    the three levels: the form reports that)."""
    if likelihood is None or impact is None:
        return None
    return GRADE_MATRIX.get((likelihood, impact))


def grade_label(
    *, grade: int | None, scheme: str, level: str, document: str = PeopleDocument.DOC001
) -> str:
    """The grade as a register of `level` writes it: a personal register (post or personal
    level) by the campaign's people document (`document`), any other by its scheme (the MAJOR
    register included)."""
    if grade is None:
        return ""
    if level in PERSONAL_LEVELS:
        if document == PeopleDocument.DOC004:
            return str(GRADE_LABELS[GradingScheme.LEVELS][grade])
        return POST_GRADE_LABELS[grade]
    return str(GRADE_LABELS[GradingScheme(scheme)][grade])


def register_grade_label(register: Register, grade: int | None) -> str:
    """The grade as `register`'s forms and pages write it (its campaign is read)."""
    campaign = register.campaign
    return grade_label(
        grade=grade,
        scheme=campaign.grading_scheme,
        level=register.level,
        document=campaign.people_document,
    )
