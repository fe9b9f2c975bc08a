"""The demo's commitment letters: the letters of every register the demo has published (generated
as a publication generates them), then most of them signed by their signers and the department
and unit letters published by the committee; a few are left unsigned so that the tracker, the
inbox and the reminders have something to show. Through the services (audit trail and
notifications as in real use); made once (a demo with a signed letter is left alone)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from commitments.choices import CommitmentState
from commitments.models import Commitment
from commitments.permissions import PUBLISHED_KINDS
from commitments.services import (
    commitment_publish,
    commitment_sign,
    commitments_generate_published,
)
from demo.organization import DEMO_PASSWORD
from orgs.models import User

# Left unsigned on purpose: 刘晓东's (jingban) letters, to be signed in the browser.
UNSIGNED_SIGNERS = frozenset({"jingban"})
# At most this many signatures (each checks a password hash: seconds with the production hasher).
MAX_SIGNED = 12


@dataclass(frozen=True)
class CommitmentSummary:
    generated: int
    signed: int
    published: int
    unsigned: int


@transaction.atomic
def build_demo_commitments(*, today: date) -> CommitmentSummary | None:
    if Commitment.objects.exclude(state=CommitmentState.UNSIGNED).exists():
        return None
    committee = User.objects.get(username="jiwei")
    commitments_generate_published(actor=None)  # the registers published before letters existed
    letters = sorted(
        Commitment.objects.filter(
            state=CommitmentState.UNSIGNED, superseded_at__isnull=True, signer__isnull=False
        ).select_related("signer", "person", "unit"),
        # Unit and department letters first: they are the ones published.
        key=lambda c: (c.kind not in PUBLISHED_KINDS, c.unit.order, c.pk),
    )
    # A few left to sign: jingban's, and the last signer's (whoever the demo published last).
    signers = [letter.signer.username for letter in letters if letter.signer is not None]
    left = set(UNSIGNED_SIGNERS) | ({signers[-1]} if len(set(signers)) > 1 else set())
    signed = published = 0
    for letter in letters:
        assert letter.signer is not None
        if letter.signer.username in left or signed >= MAX_SIGNED:
            continue
        if not letter.signer.is_active or not letter.signer.has_usable_password():
            continue
        commitment_sign(letter=letter, actor=letter.signer, password=DEMO_PASSWORD)
        signed += 1
        if letter.kind in PUBLISHED_KINDS:
            commitment_publish(letter=letter, actor=committee)
            published += 1
    unsigned = Commitment.objects.filter(
        state=CommitmentState.UNSIGNED, superseded_at__isnull=True
    ).count()
    return CommitmentSummary(
        generated=Commitment.objects.count(), signed=signed, published=published, unsigned=unsigned
    )
