"""Scoring reminders through oversight's daily deadline sweep (registered from wiring.connect).

One chase per open quarter and day, whatever the number of people still unscored: before the
scoring deadline a reminder to the assessors who still owe scores (primary_assessors: the party
group, the leader in charge, the department head), after it an overdue notice to them and to the
committee. The sweep's DeadlineChase row (target: the period) makes each go out once.
"""

from datetime import date

from django.utils.translation import gettext as _

from assessment.models import Assessment, AssessmentPeriod
from assessment.permissions import primary_assessors
from assessment.selectors import open_periods, party_group_members
from assessment.services import scoring_url
from notifications.services import committee_members, unique_people
from orgs.models import User
from oversight.choices import ChaseKind
from oversight.rectification.sweep import Chase, chase_kind, told_overdue


def scoring_chases(today: date) -> list[Chase]:
    periods = list(open_periods())
    if not periods:
        return []
    told = told_overdue(AssessmentPeriod, [p.pk for p in periods if p.deadline < today])
    party_group: list[User] | None = None
    committee: list[User] | None = None
    chases: list[Chase] = []
    for period in periods:
        found = chase_kind(period.deadline, today, period.pk in told)
        if found is None:
            continue
        kind, days_before = found
        unscored = list(
            Assessment.objects.filter(period=period, scored_at__isnull=True).select_related(
                "unit__head", "unit__leader_in_charge"
            )
        )
        if not unscored:
            continue
        if party_group is None or committee is None:
            party_group, committee = party_group_members(), committee_members()
        people: list[User | None] = [
            person
            for assessment in unscored
            for person in primary_assessors(
                assessment, party_group=party_group, committee=committee
            )
        ]
        if kind == ChaseKind.OVERDUE:
            people += committee
        chases.append(
            Chase(
                target=period,
                kind=kind,
                days_before=days_before,
                recipients=unique_people(people),
                what=_("廉政考核评分"),
                name=str(period),
                deadline=period.deadline,
                url=scoring_url(),
            )
        )
    return chases
