"""The demo's letters (demo/commitments.py): generated from the demo's published registers, most
signed and the department and unit ones published, jingban's left to sign; made once."""

from datetime import date

from commitments.choices import CommitmentState
from commitments.models import Commitment
from demo.commitments import build_demo_commitments
from demo.organization import build_demo_organization
from demo.registers import build_demo_campaign


def test_the_demo_signs_most_letters_once(db: None) -> None:
    build_demo_organization()
    build_demo_campaign()
    summary = build_demo_commitments(today=date(2026, 12, 2))
    assert summary is not None
    assert summary.generated == Commitment.objects.count() > 0
    assert summary.signed > 0 and summary.unsigned > 0
    assert Commitment.objects.filter(state=CommitmentState.PUBLISHED).count() == summary.published
    assert not Commitment.objects.filter(
        signer__username="jingban", state=CommitmentState.SIGNED
    ).exists()
    assert build_demo_commitments(today=date(2026, 12, 2)) is None
