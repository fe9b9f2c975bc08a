"""Who may see, sign and publish a letter, and edit the campaign's texts.

A person sees his own letters (personal letter and report), a department head or principal the
letters he signs, the committee and administrators all of them; anybody else: a 404. Signing is
the letter's signer's alone (403 for anybody else who sees it)."""

from django.contrib.auth.models import AnonymousUser

from commitments.choices import CommitmentKind, CommitmentState
from commitments.models import Commitment
from orgs.models import User
from orgs.permissions import is_admin, sees_everything

# Letters published (公示) after signing: document 001 publishes the department's and unit's.
PUBLISHED_KINDS = frozenset({CommitmentKind.DEPARTMENT, CommitmentKind.UNIT})


def can_see_all(user: User | AnonymousUser) -> bool:
    """The tracker's readers: the committee and administrators."""
    return sees_everything(user)


def can_see_commitment(user: User | AnonymousUser, letter: Commitment) -> bool:
    if not user.is_authenticated:
        return False
    if can_see_all(user):
        return True
    return user.pk in (letter.person_id, letter.signer_id)


def can_sign(user: User | AnonymousUser, letter: Commitment) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and letter.signer_id == user.pk
        and letter.state == CommitmentState.UNSIGNED
        and letter.superseded_at is None
    )


def is_publisher(user: User | AnonymousUser) -> bool:
    """As for registers: committee members and administrators publish."""
    return bool(user.is_authenticated and (user.is_committee_member or is_admin(user)))


def can_publish(user: User | AnonymousUser, letter: Commitment) -> bool:
    """A publisher other than the letter's signer (nobody publishes his own signature)."""
    return (
        is_publisher(user)
        and letter.kind in PUBLISHED_KINDS
        and letter.state == CommitmentState.SIGNED
        and letter.signed_by_id != user.pk
    )


def can_edit_texts(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and (user.is_committee_member or is_admin(user)))
