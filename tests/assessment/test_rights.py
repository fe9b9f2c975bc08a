"""Who scores whom (按照干部管理权限), who sees which result, and that the pages follow: a 403 for
scoring someone one may not score, a 404 for a result one may not see."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from assessment.choices import AssessorRole, Layer
from assessment.models import Assessment, AssessmentPeriod, Score
from assessment.permissions import (
    assessor_role_of,
    authority_filter,
    can_score,
    can_see_assessment,
    primary_assessors,
    visible_filter,
)
from assessment.selectors import party_group_members
from assessment.services import assessment_score, period_close, period_open
from notifications.services import committee_members
from tests.assessment.conftest import assessment_of, score, this_quarter, values
from tests.clients import client_for
from tests.conftest import Cast
from tests.factories import UnitFactory, UserFactory

EVERYONE = (
    "principal",
    "leader",
    "other_leader",
    "head",
    "other_head",
    "filler",
    "outsider",
    "committee",
    "admin",
)

# Who may score whom in the cast, leader being in the party group (the `party` fixture).
SCORERS = {
    "principal": {"leader", "committee"},  # leadership: the party group and the committee
    "leader": {"committee"},  # never himself, though in the party group
    "other_leader": {"leader", "committee"},
    "head": {"leader", "committee"},  # department leader: his leader in charge, the committee
    "other_head": {"other_leader", "committee"},
    "filler": {"head"},  # staff: the department head only
    "outsider": {"other_head"},
    "committee": {"principal"},  # sits in the bureau: its head is his department head
}


def test_the_layers_follow_the_org(period: AssessmentPeriod) -> None:
    layers = dict(period.assessments.values_list("person__username", "layer"))
    assert layers == {
        "principal": Layer.LEADERSHIP,
        "leader": Layer.LEADERSHIP,
        "other_leader": Layer.LEADERSHIP,
        "head": Layer.DEPARTMENT,
        "other_head": Layer.DEPARTMENT,
        "filler": Layer.STAFF,
        "outsider": Layer.STAFF,
        "committee": Layer.STAFF,
    }  # the admin, a system account, is not assessed


def test_who_scores_whom(party: Cast, period: AssessmentPeriod) -> None:
    people = {name: getattr(party, name) for name in EVERYONE}
    found = {
        a.person.username: {
            name for name, user in people.items() if assessor_role_of(user, a) is not None
        }
        for a in period.assessments.select_related("person", "unit")
    }
    assert found == SCORERS
    for a in period.assessments.select_related("person", "unit"):
        for name, user in people.items():
            assert can_score(user, a) == (name in SCORERS[a.person.username])


def test_the_capacity_in_which_each_scores(party: Cast, period: AssessmentPeriod) -> None:
    role = assessor_role_of
    assert role(party.leader, assessment_of(period, party.principal)) == AssessorRole.PARTY_GROUP
    assert role(party.committee, assessment_of(period, party.principal)) == AssessorRole.COMMITTEE
    assert role(party.leader, assessment_of(period, party.head)) == AssessorRole.LEADER_IN_CHARGE
    assert role(party.committee, assessment_of(period, party.head)) == AssessorRole.COMMITTEE
    assert role(party.head, assessment_of(period, party.filler)) == AssessorRole.DEPARTMENT_HEAD


def test_the_filter_is_the_same_rule(party: Cast, period: AssessmentPeriod) -> None:
    everything = list(Assessment.objects.select_related("person", "unit"))
    for name in EVERYONE:
        user = getattr(party, name)
        by_filter = set(Assessment.objects.filter(authority_filter(user)))
        by_rule = {a for a in everything if assessor_role_of(user, a) is not None}
        assert by_filter == by_rule, name
        seen_by_filter = set(Assessment.objects.filter(visible_filter(user)))
        seen_by_rule = {a for a in everything if can_see_assessment(user, a)}
        assert seen_by_filter == seen_by_rule, name


def test_those_told_to_score_may_score(party: Cast, period: AssessmentPeriod) -> None:
    expected = {
        "principal": {"leader"},  # the party group, not the committee: it has a member
        "leader": {"committee"},  # the party group's only member is himself
        "other_leader": {"leader"},
        "head": {"leader"},
        "other_head": {"other_leader"},
        "filler": {"head"},
        "outsider": {"other_head"},
        "committee": {"principal"},
    }
    group, committee = party_group_members(), committee_members()
    for a in period.assessments.select_related("person", "unit__head", "unit__leader_in_charge"):
        told = primary_assessors(a, party_group=group, committee=committee)
        assert {p.username for p in told} == expected[a.person.username]
        assert all(can_score(p, a) for p in told)


def test_a_unit_without_head_is_scored_by_its_leader_in_charge(cast: Cast) -> None:
    unit = UnitFactory(parent=cast.bureau, leader_in_charge=cast.other_leader)
    clerk = UserFactory(username="clerk", unit=unit)
    today = timezone.localdate()
    year, quarter = this_quarter(today)
    period = period_open(
        actor=cast.committee, year=year, quarter=quarter, deadline=today, today=today
    )
    clerk_assessment = assessment_of(period, clerk)
    assert clerk_assessment.layer == Layer.STAFF
    assert assessor_role_of(cast.other_leader, clerk_assessment) == AssessorRole.LEADER_IN_CHARGE
    assert assessor_role_of(cast.head, clerk_assessment) is None
    # A unit with a head: its leader in charge does not score the staff.
    assert assessor_role_of(cast.leader, assessment_of(period, cast.filler)) is None


def test_nobody_scores_after_the_close(party: Cast, period: AssessmentPeriod) -> None:
    period_close(period=period, actor=party.committee)
    filler = assessment_of(period, party.filler)
    assert not can_score(party.head, filler)
    response = client_for(party.head).get(reverse("assessment:score", args=[filler.pk]))
    assert response.status_code == 403


def test_the_service_refuses_a_scorer_without_authority(
    party: Cast, period: AssessmentPeriod
) -> None:
    for intruder in (party.leader, party.committee, party.admin, party.filler, party.outsider):
        with pytest.raises(PermissionDenied):
            score(period, party.filler, intruder, 90, 90, 90, 90)
    with pytest.raises(PermissionDenied):
        score(period, party.leader, party.leader, 90, 90, 90, 90)  # himself
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("filler", {"head"}),
        ("head", {"leader", "committee"}),
        ("principal", {"leader", "committee"}),
    ],
)
def test_the_scoring_page_is_a_403_to_anyone_else(
    party: Cast, period: AssessmentPeriod, person: str, allowed: set[str]
) -> None:
    """Those who see every result (the committee, administrators) and may not score get a 403;
    for anyone else the assessment does not exist (404: a result is personal)."""
    assessment = assessment_of(period, getattr(party, person))
    url = reverse("assessment:score", args=[assessment.pk])
    for name in EVERYONE:
        client = client_for(getattr(party, name))
        refused = 403 if name in {"committee", "admin"} else 404
        assert client.get(url).status_code == (200 if name in allowed else refused), name
        if name not in allowed:
            response = client.post(url, {**_form(values(90, 90, 90, 90)), "note": "x"})
            assert response.status_code == refused, name
    assert not Score.objects.exists()


def _form(scores: dict[int, object]) -> dict[str, str]:
    return {f"score_{pk}": str(value) for pk, value in scores.items()}


def test_who_sees_a_result(party: Cast, period: AssessmentPeriod) -> None:
    filler = score(period, party.filler, party.head, 95, 90, 90, 90)
    url = reverse("assessment:assessment_detail", args=[filler.pk])

    def seen() -> set[str]:
        return {
            name
            for name in EVERYONE
            if client_for(getattr(party, name)).get(url).status_code == 200
        }

    # Open: the committee, the administrator and the assessor; the person not yet.
    assert seen() == {"committee", "admin", "head"}
    for name in EVERYONE:
        if name not in {"committee", "admin", "head"}:
            assert client_for(getattr(party, name)).get(url).status_code == 404
    period_close(period=period, actor=party.committee)
    assert seen() == {"committee", "admin", "head", "filler"}


def test_an_assessor_sees_what_he_scored_even_after_the_org_changed(
    party: Cast, period: AssessmentPeriod
) -> None:
    filler = score(period, party.filler, party.head, 95, 90, 90, 90)
    party.dept.head = party.other_head
    party.dept.save(update_fields=["head"])
    head = type(party.head).objects.get(pk=party.head.pk)  # roles are cached per object
    assert can_see_assessment(head, Assessment.objects.get(pk=filler.pk))
    assert not can_score(head, Assessment.objects.get(pk=filler.pk))


def test_the_quarters_pages_are_the_committees(party: Cast, period: AssessmentPeriod) -> None:
    by_pk = [
        reverse("assessment:period_detail", args=[period.pk]),
        reverse("assessment:period_xlsx", args=[period.pk]),
    ]
    pages = [
        reverse("assessment:period_list"),
        reverse("assessment:annual"),
        reverse("assessment:adverse"),
        reverse("assessment:indicators"),
    ]
    for name in EVERYONE:
        client = client_for(getattr(party, name))
        insider = name in {"committee", "admin"}
        for url in by_pk:
            assert client.get(url).status_code == (200 if insider else 404), (name, url)
        for url in pages:
            assert client.get(url).status_code == (200 if insider else 403), (name, url)
    # Opening and closing a quarter: the committee, not the administrator.
    admin = client_for(party.admin)
    assert admin.get(reverse("assessment:period_open")).status_code == 403
    assert admin.post(reverse("assessment:period_close", args=[period.pk])).status_code == 403
    period.refresh_from_db()
    assert period.is_open


def test_the_person_never_scores_himself_even_as_committee(party: Cast) -> None:
    """A committee member who is also a department's leader in charge and in the party group:
    every route to scoring himself is closed."""
    party.committee.is_party_group_member = True
    party.committee.save(update_fields=["is_party_group_member"])
    party.other_dept.leader_in_charge = party.committee
    party.other_dept.save(update_fields=["leader_in_charge"])
    today = timezone.localdate()
    year, quarter = this_quarter(today)
    period = period_open(
        actor=party.committee,
        year=year,
        quarter=quarter,
        deadline=today + timedelta(days=3),
        today=today,
    )
    own = assessment_of(period, party.committee)
    assert own.layer == Layer.LEADERSHIP  # in the party group now
    assert assessor_role_of(party.committee, own) is None
    assert not Assessment.objects.filter(authority_filter(party.committee), pk=own.pk).exists()
    with pytest.raises(PermissionDenied):
        assessment_score(assessment=own, actor=party.committee, values=values(99, 99, 99, 99))
