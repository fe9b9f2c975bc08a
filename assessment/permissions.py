"""Who scores whom, and who sees which results, in the quarterly assessment.

Scoring follows the cadre-management authority (按照干部管理权限) of document 003, one rule,
`assessor_role_of` (and `authority_filter`, the same as a filter on Assessment rows):

- 领导班子成员 (the party group, the bureau's principal and its deputies): the party group (党组)
  and the discipline committee (纪委);
- 部门领导 (the head of any other unit, a leader in charge outside the bureau): the leader in
  charge of his unit (分管领导), together with the committee;
- 一般干部: the head of his department (部门负责人); where the unit has no head, its leader in
  charge.

Nobody ever scores himself, and only while the period is open.

Seeing results: the committee and administrators see them all; an assessor those he may score or
has scored; a person his own once the period is closed; anybody else nothing (a 404).
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from assessment.choices import AssessorRole, Layer, PeriodState
from assessment.models import Assessment
from orgs.choices import Role
from orgs.models import User
from orgs.permissions import roles_of, sees_everything


def is_committee(user: User | AnonymousUser) -> bool:
    return Role.COMMITTEE in roles_of(user)


def can_manage_periods(user: User | AnonymousUser) -> bool:
    """Open and close a quarter, move its deadline: the committee, which organizes the
    assessment."""
    return is_committee(user)


def can_configure(user: User | AnonymousUser) -> bool:
    """Edit the indicators and the grade thresholds: the committee and administrators."""
    return sees_everything(user)


def sees_all_results(user: User | AnonymousUser) -> bool:
    """The 通报 list, the annual roll-up, the 不良 results: the committee and administrators."""
    return sees_everything(user)


def assessor_role_of(user: User | AnonymousUser, assessment: Assessment) -> AssessorRole | None:
    """In which capacity `user` may score `assessment` (whatever the period's state), or None:
    the one rule of the module's docstring. Reads the assessment's unit."""
    if not user.is_authenticated or not user.is_active or user.pk == assessment.person_id:
        return None
    unit = assessment.unit
    if assessment.layer == Layer.LEADERSHIP:
        if user.is_party_group_member:
            return AssessorRole.PARTY_GROUP
        if user.is_committee_member:
            return AssessorRole.COMMITTEE
    elif assessment.layer == Layer.DEPARTMENT:
        if unit.leader_in_charge_id == user.pk:
            return AssessorRole.LEADER_IN_CHARGE
        if user.is_committee_member:
            return AssessorRole.COMMITTEE
    elif unit.head_id == user.pk:
        return AssessorRole.DEPARTMENT_HEAD
    elif unit.head_id is None and unit.leader_in_charge_id == user.pk:
        return AssessorRole.LEADER_IN_CHARGE
    return None


def authority_filter(user: User | AnonymousUser) -> Q:
    """assessor_role_of as a filter on Assessment rows: those `user` may score by his authority."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    staff = Q(layer=Layer.STAFF) & (
        Q(unit__head=user) | Q(unit__head__isnull=True, unit__leader_in_charge=user)
    )
    found = staff | Q(layer=Layer.DEPARTMENT, unit__leader_in_charge=user)
    if user.is_committee_member:
        found |= Q(layer__in=[Layer.LEADERSHIP, Layer.DEPARTMENT])
    elif user.is_party_group_member:
        found |= Q(layer=Layer.LEADERSHIP)
    return found & ~Q(person=user)


def can_score(user: User | AnonymousUser, assessment: Assessment) -> bool:
    """Enter or change the scores: an assessor by authority, while the period is open."""
    return assessment.period.is_open and assessor_role_of(user, assessment) is not None


def can_see_assessment(user: User | AnonymousUser, assessment: Assessment) -> bool:
    if not user.is_authenticated:
        return False
    if sees_everything(user) or assessor_role_of(user, assessment) is not None:
        return True
    if assessment.scored_by_id == user.pk:
        return True
    return assessment.person_id == user.pk and assessment.period.state == PeriodState.CLOSED


def visible_filter(user: User | AnonymousUser) -> Q:
    """can_see_assessment as a filter on Assessment rows."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if sees_everything(user):
        return Q()
    return (
        authority_filter(user)
        | Q(scored_by=user)
        | Q(person=user, period__state=PeriodState.CLOSED)
    )


def primary_assessors(
    assessment: Assessment, *, party_group: list[User], committee: list[User]
) -> list[User]:
    """Who is expected to score `assessment`, told when the period opens and chased before its
    deadline: the party group for the leadership (the committee if there is none), the leader in
    charge for a department leader (the committee if there is none), the department head for
    staff (the leader in charge if the unit has no head). Always among those assessor_role_of
    allows; the committee, which may score the first two layers too, hears of overdue scoring
    by the sweep."""
    unit = assessment.unit

    def usable(people: list[User | None]) -> list[User]:
        return [
            person
            for person in people
            if person is not None and person.is_active and person.pk != assessment.person_id
        ]

    if assessment.layer == Layer.LEADERSHIP:
        return usable(list(party_group)) or usable(list(committee))
    if assessment.layer == Layer.DEPARTMENT:
        return usable([unit.leader_in_charge]) or usable(list(committee))
    return usable([unit.head]) if unit.head_id else usable([unit.leader_in_charge])
