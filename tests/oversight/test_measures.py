"""Measures as actions (措施落实): who may add, change, report and verify them, what the audit
trail and the owner hear, the inspection list's grade-1 rule, and the campaign's submit rule
(requires_high_risk_actions)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from audit import actions as audit_actions
from audit.models import AuditEntry
from notifications.models import Notification
from orgs.models import User
from oversight.choices import ActionStatus
from oversight.measures.services import (
    ASSIGNED_KIND,
    action_create,
    action_delete,
    action_update,
    action_verify,
)
from oversight.models import Action
from registers.choices import RegisterState
from registers.exceptions import DomainError
from registers.models import Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory
from workflow import services as workflow_services
from workflow.models import Transition

DEADLINE = datetime.date(2027, 3, 31)
# The published register needs the party group's deliberation on its way.
pytestmark = pytest.mark.usefixtures("party")


def _audit(action: Action, code: str) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=code, object_type="oversight.action", object_id=str(action.pk)
        )
    )


@pytest.fixture
def planned(high_entry: RiskEntry, cast: Cast) -> Action:
    """An action of the grade-1 entry, given to 吴外人 of 财务处 (outside the entry's unit)."""
    return action_create(
        entry=high_entry,
        actor=cast.filler,
        content="重大审批事项一律集体会审",
        owner=cast.outsider,
        deadline=DEADLINE,
    )


# --- Rights and the audit trail --------------------------------------------------------------


def test_create_is_audited_tells_the_owner_and_leaves_the_register_alone(
    high_entry: RiskEntry, published: Register, cast: Cast
) -> None:
    revision = published.revision
    action = action_create(
        entry=high_entry,
        actor=cast.filler,
        content="  建立审批台账  ",
        owner=cast.head,
        deadline=DEADLINE,
    )
    assert action.content == "建立审批台账"
    assert action.status == ActionStatus.NOT_STARTED
    [row] = _audit(action, audit_actions.ACTION_CREATE)
    assert row.actor == cast.filler
    assert row.data["owner"] == cast.head.pk
    assert row.data["entry"] == high_entry.pk
    notice = Notification.objects.get(recipient=cast.head, kind=ASSIGNED_KIND)
    assert "建立审批台账" in notice.body
    assert notice.url == reverse("oversight:action_edit", args=[action.pk])
    # Actions follow the published register: it is neither reopened nor revised.
    published.refresh_from_db()
    assert published.state == RegisterState.PUBLISHED
    assert published.revision == revision


def test_no_notice_to_an_owner_who_assigned_himself(high_entry: RiskEntry, cast: Cast) -> None:
    action_create(entry=high_entry, actor=cast.head, content="自我督促", owner=cast.head)
    assert not Notification.objects.filter(kind=ASSIGNED_KIND).exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("filler", True),
        ("head", True),
        ("admin", True),
        ("leader", False),
        ("principal", False),
        ("committee", False),
        ("outsider", False),
    ],
)
def test_who_may_add_actions(high_entry: RiskEntry, cast: Cast, who: str, allowed: bool) -> None:
    actor: User = getattr(cast, who)
    if allowed:
        action_create(entry=high_entry, actor=actor, content="措施")
        assert high_entry.actions.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            action_create(entry=high_entry, actor=actor, content="措施")
        assert not high_entry.actions.exists()


def test_the_head_of_the_entry_unit_may_edit_without_being_a_member(
    high_entry: RiskEntry, cast: Cast
) -> None:
    # 周处长 heads 财务处; make him head of 审批处 too, while he stays a member of 财务处.
    cast.dept.head = cast.other_head
    cast.dept.save(update_fields=["head"])
    action = action_create(entry=high_entry, actor=cast.other_head, content="措施")
    action_update(action=action, actor=cast.other_head, content="措施(修改)")
    action.refresh_from_db()
    assert action.content == "措施(修改)"


def test_update_audits_the_changes_and_tells_a_new_owner(planned: Action, cast: Cast) -> None:
    action_update(action=planned, actor=cast.filler, owner=cast.head, deadline=None)
    planned.refresh_from_db()
    assert planned.owner == cast.head
    assert planned.deadline is None
    [row] = _audit(planned, audit_actions.ACTION_UPDATE)
    assert row.data["changes"]["owner"] == [cast.outsider.pk, cast.head.pk]
    assert row.data["changes"]["deadline"] == [DEADLINE.isoformat(), None]
    assert Notification.objects.filter(recipient=cast.head, kind=ASSIGNED_KIND).count() == 1


def test_an_update_that_changes_nothing_writes_nothing(planned: Action, cast: Cast) -> None:
    action_update(action=planned, actor=cast.filler, content="重大审批事项一律集体会审")
    assert _audit(planned, audit_actions.ACTION_UPDATE) == []


def test_an_empty_content_or_a_closed_account_is_refused(
    planned: Action, high_entry: RiskEntry, cast: Cast
) -> None:
    with pytest.raises(DomainError, match="请填写措施内容"):
        action_create(entry=high_entry, actor=cast.filler, content="   ")
    cast.leader.is_active = False
    cast.leader.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="已停用"):
        action_update(action=planned, actor=cast.filler, owner=cast.leader)


def test_the_owner_reports_progress_but_changes_nothing_else(planned: Action, cast: Cast) -> None:
    action_update(
        action=planned,
        actor=cast.outsider,
        status=ActionStatus.IN_PROGRESS,
        progress_note="已制定会审规程",
    )
    planned.refresh_from_db()
    assert planned.status == ActionStatus.IN_PROGRESS
    assert planned.progress_note == "已制定会审规程"
    for change in ({"content": "改成别的"}, {"deadline": None}, {"owner": cast.other_head}):
        with pytest.raises(PermissionDenied):
            action_update(action=planned, actor=cast.outsider, **change)  # type: ignore[arg-type]
    # Another member of his unit is no owner.
    with pytest.raises(PermissionDenied):
        action_update(action=planned, actor=cast.other_head, status=ActionStatus.DONE)
    planned.refresh_from_db()
    assert planned.content == "重大审批事项一律集体会审"
    assert planned.status == ActionStatus.IN_PROGRESS


def test_delete_takes_the_action_away_with_an_audit_row(planned: Action, cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        action_delete(action=planned, actor=cast.outsider)
    pk = planned.pk
    action_delete(action=planned, actor=cast.filler)
    assert not Action.objects.filter(pk=pk).exists()
    row = AuditEntry.objects.get(action=audit_actions.ACTION_DELETE, object_id=str(pk))
    assert row.data["content"] == "重大审批事项一律集体会审"


# --- Verification ----------------------------------------------------------------------------


def test_verification_needs_a_carried_out_action(planned: Action, cast: Cast) -> None:
    with pytest.raises(DomainError, match="已落实"):
        action_verify(action=planned, actor=cast.head)
    action_update(action=planned, actor=cast.outsider, status=ActionStatus.DONE)
    action_verify(action=planned, actor=cast.head, note="抽查三件,均经会审")
    planned.refresh_from_db()
    assert planned.verified_by == cast.head
    assert planned.verification_note == "抽查三件,均经会审"
    [row] = _audit(planned, audit_actions.ACTION_VERIFY)
    assert row.actor == cast.head
    with pytest.raises(DomainError, match="已由"):
        action_verify(action=planned, actor=cast.committee)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("head", True),
        ("committee", True),
        ("outsider", False),  # the owner: not his own verifier
        ("filler", False),
        ("leader", False),
        ("admin", False),
        ("other_head", False),
    ],
)
def test_who_may_verify(planned: Action, cast: Cast, who: str, allowed: bool) -> None:
    action_update(action=planned, actor=cast.outsider, status=ActionStatus.DONE)
    actor: User = getattr(cast, who)
    if allowed:
        action_verify(action=planned, actor=actor)
        planned.refresh_from_db()
        assert planned.verified_by == actor
    else:
        with pytest.raises(PermissionDenied):
            action_verify(action=planned, actor=actor)


def test_an_edit_after_verification_voids_it(planned: Action, cast: Cast) -> None:
    action_update(action=planned, actor=cast.outsider, status=ActionStatus.DONE)
    action_verify(action=planned, actor=cast.committee, note="属实")
    # Marking it for inspection is no change of the action itself.
    action_update(action=planned, actor=cast.committee, on_inspection_list=True)
    planned.refresh_from_db()
    assert planned.verified_at is not None

    action_update(action=planned, actor=cast.outsider, progress_note="补充了会议记录")
    planned.refresh_from_db()
    assert planned.verified_at is None
    assert planned.verified_by is None
    assert planned.verification_note == ""
    row = _audit(planned, audit_actions.ACTION_UPDATE)[-1]
    assert row.data["verification_reset"] is True


# --- Inspection list -------------------------------------------------------------------------


def test_only_actions_of_grade_1_entries_go_on_the_inspection_list(
    published: Register, planned: Action, cast: Cast
) -> None:
    low = published.entries.get(grade=2)
    with pytest.raises(DomainError, match="检查清单"):
        action_create(entry=low, actor=cast.filler, content="措施", on_inspection_list=True)
    other = action_create(entry=low, actor=cast.filler, content="措施")
    with pytest.raises(DomainError, match="检查清单"):
        action_update(action=other, actor=cast.committee, on_inspection_list=True)
    other.refresh_from_db()
    assert other.on_inspection_list is False

    action_update(action=planned, actor=cast.committee, on_inspection_list=True)
    planned.refresh_from_db()
    assert planned.on_inspection_list is True
    # The owner cannot put it on or take it off.
    with pytest.raises(PermissionDenied):
        action_update(action=planned, actor=cast.outsider, on_inspection_list=False)


# --- The campaign's submit rule --------------------------------------------------------------


@pytest.fixture
def draft(cast: Cast) -> Register:
    """A draft register of 审批处 with one grade-1 and one grade-2 entry."""
    register = RegisterFactory(unit=cast.dept)
    RiskEntryFactory(register=register, grade=1, risk="违规发放许可")
    RiskEntryFactory(register=register, grade=2, risk="超时限办理")
    return register


def _require_actions(register: Register) -> None:
    register.campaign.requires_high_risk_actions = True
    register.campaign.save(update_fields=["requires_high_risk_actions"])


def test_submit_is_refused_until_every_high_entry_has_a_planned_action(
    draft: Register, cast: Cast
) -> None:
    _require_actions(draft)
    high = draft.entries.get(grade=1)
    with pytest.raises(DomainError) as refused:
        workflow_services.register_submit(register=draft, actor=cast.filler)
    assert "还有 1 条没有" in refused.value.message
    assert "“高”" in refused.value.message
    # An owner without a deadline (or a deadline without an owner) is no plan yet.
    action_create(entry=high, actor=cast.filler, content="会审", owner=cast.head)
    action_create(entry=high, actor=cast.filler, content="留痕", deadline=DEADLINE)
    with pytest.raises(DomainError, match="还有 1 条没有"):
        workflow_services.register_submit(register=draft, actor=cast.filler)
    assert not Transition.objects.filter(register=draft).exists()

    action_create(entry=high, actor=cast.filler, content="台账", owner=cast.head, deadline=DEADLINE)
    workflow_services.register_submit(register=draft, actor=cast.filler)
    draft.refresh_from_db()
    assert draft.state == RegisterState.SUBMITTED


def test_submit_needs_no_action_when_the_campaign_does_not_ask(draft: Register, cast: Cast) -> None:
    assert draft.campaign.requires_high_risk_actions is False
    workflow_services.register_submit(register=draft, actor=cast.filler)
    draft.refresh_from_db()
    assert draft.state == RegisterState.SUBMITTED


def test_the_panel_shows_the_refusal(draft: Register, cast: Cast) -> None:
    _require_actions(draft)
    client = Client()
    client.force_login(cast.filler)
    html = client.get(reverse("registers:register_detail", args=[draft.pk])).text
    form = re.search(r'<form [^>]*data-action="submit".*?</form>', html, re.S)
    assert form is not None
    assert 'data-blocked="true"' in form[0]
    assert "还有 1 条没有" in form[0]
