"""Letters generated on publication: per level, their risks and texts, idempotence, versions."""

import pytest

from audit import actions
from audit.models import AuditEntry
from commitments.choices import CommitmentKind, CommitmentState
from commitments.models import Commitment
from commitments.services import (
    commitment_sign,
    commitment_text_update,
    commitments_generate_published,
)
from commitments.texts import default_text
from registers.choices import RegisterLevel, RegisterState
from registers.models import Register
from tests.commitments.conftest import Letters, publish_with_entries
from tests.factories import TEST_PASSWORD, RegisterFactory
from tests.walk import walk_to

pytestmark = pytest.mark.django_db


def _kinds(register: Register) -> list[tuple[str, str | None, str | None]]:
    return sorted(
        (c.kind, c.person.username if c.person else None, c.signer.username if c.signer else None)
        for c in Commitment.objects.filter(register=register)
    )


def test_each_level_gives_its_letters_to_its_signer(letters: Letters) -> None:
    w = letters.world
    assert _kinds(w.dept_register) == [(CommitmentKind.DEPARTMENT, None, "head")]
    assert _kinds(w.post_register) == [
        (CommitmentKind.PERSONAL, "filler", "filler"),
        (CommitmentKind.REPORT, "filler", "filler"),
    ]
    assert _kinds(letters.unit_register) == [(CommitmentKind.UNIT, None, "principal")]
    assert _kinds(letters.personal_register) == [
        (CommitmentKind.PERSONAL, "outsider", "outsider"),
        (CommitmentKind.REPORT, "outsider", "outsider"),
    ]
    assert _kinds(w.other_register) == []  # not published
    assert AuditEntry.objects.filter(action=actions.COMMITMENT_GENERATE).count() == 6


def test_major_register_gives_no_letter(letters: Letters) -> None:
    major = RegisterFactory(
        campaign=letters.world.campaign, unit=letters.cast.bureau, level=RegisterLevel.MAJOR
    )
    publish_with_entries(major, ("大额资金使用未经集体研究", 1, "集体决策"))
    assert not Commitment.objects.filter(register=major).exists()


def test_letter_snapshots_risks_grades_and_text(letters: Letters) -> None:
    letter = letters.dept_letter
    assert letter.state == CommitmentState.UNSIGNED
    assert letter.text == default_text(CommitmentKind.DEPARTMENT)
    assert [(r["risk"], r["grade_label"], r["measures"]) for r in letter.risks] == [
        ("审批事项未按程序集体研究", "高", "实行集体审议,全程留痕"),
        ("审批材料把关不严", "中", "建立复核制度"),
    ]
    assert letter.sign_by is not None
    report = letters.outsider_report
    assert report.text.startswith("经自查,本人岗位共查找出廉能风险点2个,其中")
    assert report.text.endswith(default_text(CommitmentKind.REPORT))


def test_generation_of_published_registers_is_idempotent(letters: Letters) -> None:
    before = Commitment.objects.count()
    Commitment.objects.filter(register=letters.unit_register).delete()
    created = commitments_generate_published(campaign=letters.world.campaign)
    assert [c.kind for c in created] == [CommitmentKind.UNIT]
    assert commitments_generate_published() == []
    assert Commitment.objects.count() == before


def test_a_new_version_supersedes_unsigned_letters_and_keeps_signed_ones(
    letters: Letters,
) -> None:
    cast, post_register = letters.cast, letters.world.post_register
    signed = commitment_sign(
        letter=letters.filler_letter, actor=cast.filler, password=TEST_PASSWORD
    )
    commitment_text_update(
        campaign=letters.world.campaign,
        kind=CommitmentKind.REPORT,
        text="新的报告书内容。",
        actor=cast.committee,
    )
    walk_to(post_register, RegisterState.DRAFT)  # reopened: version 2
    walk_to(post_register, RegisterState.PUBLISHED)
    rows = {
        (c.kind, c.register_version): c for c in Commitment.objects.filter(register=post_register)
    }
    assert set(rows) == {
        (CommitmentKind.PERSONAL, 1),
        (CommitmentKind.REPORT, 1),
        (CommitmentKind.PERSONAL, 2),
        (CommitmentKind.REPORT, 2),
    }
    old_signed = rows[(CommitmentKind.PERSONAL, 1)]
    assert old_signed.state == CommitmentState.SIGNED and old_signed.digest == signed.digest
    assert old_signed.superseded_at is not None
    assert rows[(CommitmentKind.REPORT, 1)].superseded_at is not None
    assert rows[(CommitmentKind.PERSONAL, 2)].superseded_at is None
    assert rows[(CommitmentKind.REPORT, 2)].text.endswith("新的报告书内容。")
    # Both older letters, the signed one too, are audited as superseded.
    superseded = AuditEntry.objects.filter(action=actions.COMMITMENT_SUPERSEDE)
    assert sorted(int(row.object_id) for row in superseded) == sorted(
        [old_signed.pk, rows[(CommitmentKind.REPORT, 1)].pk]
    )
