import pytest

from orgs.choices import Role
from orgs.models import User
from orgs.permissions import roles_of, unit_scope
from tests.conftest import Cast
from tests.factories import UnitFactory, UserFactory


def fresh(user: User) -> User:
    """The same person as a new request would load him, without cached roles or scope."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("filler", {Role.STAFF}),
        ("head", {Role.STAFF, Role.DEPARTMENT_HEAD}),
        ("leader", {Role.STAFF, Role.LEADER_IN_CHARGE}),
        ("principal", {Role.STAFF, Role.PRINCIPAL}),
        ("committee", {Role.STAFF, Role.COMMITTEE}),
        ("admin", {Role.STAFF, Role.ADMIN}),
        ("outsider", {Role.STAFF}),
    ],
)
def test_roles_follow_from_the_org(cast: Cast, who: str, expected: set[Role]) -> None:
    assert roles_of(fresh(cast.users()[who])) == expected


def test_scope_of_each_member_of_the_cast(cast: Cast) -> None:
    assert unit_scope(fresh(cast.filler)) == {cast.dept.pk}
    assert unit_scope(fresh(cast.head)) == {cast.dept.pk}
    assert unit_scope(fresh(cast.leader)) == {cast.dept.pk, cast.bureau.pk}
    assert unit_scope(fresh(cast.outsider)) == {cast.other_dept.pk}
    all_units = {cast.bureau.pk, cast.dept.pk, cast.other_dept.pk}
    assert unit_scope(fresh(cast.principal)) == all_units
    assert unit_scope(fresh(cast.committee)) is None
    assert unit_scope(fresh(cast.admin)) is None


def test_leader_of_a_branch_sees_its_sections(cast: Cast) -> None:
    branch = UnitFactory(
        name="分局", kind="branch", parent=cast.bureau, leader_in_charge=cast.leader
    )
    section = UnitFactory(name="分局执法大队", parent=branch)
    scope = unit_scope(fresh(cast.leader))
    assert scope is not None
    assert {branch.pk, section.pk} <= scope
    assert cast.other_dept.pk not in scope


def test_person_without_unit_sees_nothing(db: None) -> None:
    nobody = UserFactory(unit=None)
    assert roles_of(nobody) == frozenset()
    assert unit_scope(nobody) == frozenset()


def test_roles_cost_one_query_per_request(cast: Cast, django_assert_num_queries) -> None:
    user = fresh(cast.head)
    with django_assert_num_queries(1):
        roles_of(user)
        roles_of(user)
