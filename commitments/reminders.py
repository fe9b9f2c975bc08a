"""Signing reminders through oversight's daily deadline sweep (registered from wiring.connect).

For each letter still waiting for its signature: once, within the last reminder days before its
sign-by date (OVERSIGHT_REMINDER_DAYS, the largest of them), a reminder to the signer; once, after
the date, an overdue notice to him and to the committee. Unlike the sweep's own items neither
repeats: the sweep's DeadlineChase rows (target: the letter) say what has gone out already.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from commitments.choices import CommitmentState
from commitments.models import Commitment
from notifications.services import committee_members, unique_people
from orgs.models import User
from oversight.choices import ChaseKind
from oversight.models import DeadlineChase
from oversight.rectification.sweep import Chase, reminder_days


def _sent(ids: list[int]) -> set[tuple[int, str]]:
    """(letter id, chase kind) of every chase already sent for these letters."""
    return set(
        DeadlineChase.objects.filter(
            content_type=ContentType.objects.get_for_model(Commitment), object_id__in=ids
        ).values_list("object_id", "kind")
    )


def signing_chases(today: date) -> list[Chase]:
    letters = list(
        Commitment.objects.filter(
            state=CommitmentState.UNSIGNED,
            superseded_at__isnull=True,
            sign_by__isnull=False,
            signer__isnull=False,
        )
        .select_related("signer", "person", "unit")
        .order_by("pk")
    )
    if not letters:
        return []
    window = max(reminder_days(), default=0)
    sent = _sent([letter.pk for letter in letters])
    committee: list[User] | None = None
    chases: list[Chase] = []
    for letter in letters:
        assert letter.sign_by is not None
        days_before = (letter.sign_by - today).days
        if days_before < 0:
            kind = ChaseKind.OVERDUE
        elif days_before <= window:
            kind = ChaseKind.REMINDER
        else:
            continue
        if (letter.pk, kind) in sent:
            continue
        people: list[User | None] = [letter.signer]
        if kind == ChaseKind.OVERDUE:
            if committee is None:
                committee = committee_members()
            people += committee
        chases.append(
            Chase(
                target=letter,
                kind=kind,
                days_before=days_before,
                recipients=unique_people(people),
                what=_("承诺书签字"),
                name=str(letter),
                deadline=letter.sign_by,
                url=reverse("commitments:detail", args=[letter.pk]),
            )
        )
    return chases
