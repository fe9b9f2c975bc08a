"""registers.grading: the grade proposed from likelihood × impact (document 002's matrix) and the
grade's label in each campaign's scheme."""

import pytest

from registers.choices import Impact, Likelihood, RegisterLevel
from registers.grading import grade_label, grade_propose


@pytest.mark.parametrize(
    ("likelihood", "impact", "grade"),
    [
        (Likelihood.HIGH, Impact.SEVERE, 1),
        (Likelihood.HIGH, Impact.SERIOUS, 2),
        (Likelihood.LOW, Impact.SEVERE, 2),
        (Likelihood.LOW, Impact.MINOR, 3),
        (None, Impact.MINOR, None),
    ],
)
def test_grade_proposal_follows_document_002(likelihood, impact, grade) -> None:
    assert grade_propose(likelihood=likelihood, impact=impact) == grade


def test_grade_proposal_ignores_values_outside_the_matrix() -> None:
    # A forged POST must get a form error, not a KeyError.
    assert grade_propose(likelihood=3, impact=276102) is None


def test_grade_labels_by_scheme() -> None:
    assert grade_label(grade=1, scheme="hml", level=RegisterLevel.DEPARTMENT) == "高"
    assert grade_label(grade=2, scheme="levels", level=RegisterLevel.UNIT) == "二级"
    assert grade_label(grade=3, scheme="hml", level=RegisterLevel.POST) == "C"
