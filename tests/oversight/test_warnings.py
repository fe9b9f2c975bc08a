"""Warnings (廉情预警) through their services: document 003's procedure (纪委启动, 党委批准,
责任部门落实, 当事人报告整改, 纪委销号), each step's rights and stale refusals, the numbering, and
the confidentiality rule (permissions.warnings_visible_to)."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit import actions
from audit.models import AuditEntry
from notifications.models import Notification
from orgs.models import User
from oversight.choices import Disposal, LeadDecision, LeadSource, WarningLevel, WarningState
from oversight.models import Lead, Warning
from oversight.warnings import services
from oversight.warnings.permissions import can_see_warning, warnings_visible_to
from oversight.warnings.selectors import warning_history
from oversight.warnings.services import StaleWarning, WarningData
from registers.exceptions import DomainError
from registers.models import Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory

FACTS = "该同志在建设项目环评审批中多次接受服务对象宴请。"


def warning_data(cast: Cast, **changes: Any) -> WarningData:
    """An important warning (重要预警, 诫勉纠错) to 刘经办 of 审批处, due in two weeks."""
    fields: dict[str, Any] = {
        "level": WarningLevel.IMPORTANT,
        "disposal": Disposal.ADMONITION,
        "subject_unit": cast.dept,
        "subject_user": cast.filler,
        "facts": FACTS,
        "requirement": "深刻检查,退还宴请费用,书面报告整改情况。",
        "deadline": timezone.localdate() + timedelta(days=14),
        **changes,
    }
    return WarningData(**fields)


def draft(cast: Cast, **changes: Any) -> Warning:
    return services.warning_create(actor=cast.committee, data=warning_data(cast, **changes))


def issued(cast: Cast, **changes: Any) -> Warning:
    """A warning approved by 王局长 (the party group member of the `party` fixture)."""
    warning = draft(cast, **changes)
    services.warning_submit(warning=warning, actor=cast.committee)
    return services.warning_approve(warning=warning, actor=cast.principal, note="同意")


def _trail(warning: Warning) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="oversight.warning", object_id=str(warning.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _notified(user: User) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_the_whole_procedure(party: Cast) -> None:
    cast = party
    warning = draft(cast)
    assert warning.state == WarningState.DRAFT and warning.number == ""
    assert warning.started_by == cast.committee

    services.warning_submit(warning=warning, actor=cast.committee)
    warning.refresh_from_db()
    assert warning.state == WarningState.PENDING_APPROVAL
    assert _notified(cast.principal) == ["有一份重要预警待党委批准"]
    assert _notified(cast.filler) == []  # the subject hears nothing before the approval

    services.warning_approve(warning=warning, actor=cast.principal, note="同意下达")
    warning.refresh_from_db()
    year = timezone.localdate().year
    assert warning.state == WarningState.ISSUED
    assert warning.number == f"廉预〔{year}〕1号"
    assert warning.approved_by == cast.principal and warning.approval_note == "同意下达"
    assert warning.issued_at is not None and warning.approved_at is not None
    assert _notified(cast.filler) == [f"廉情预警 廉预〔{year}〕1号 已下达"]
    assert len(_notified(cast.committee)) == 1
    # 诫勉纠错 to a person: his department head is outside the circle and is not told.
    assert _notified(cast.head) == []

    services.warning_answer(warning=warning, actor=cast.filler, report="已退还费用,作出书面检查。")
    warning.refresh_from_db()
    assert warning.state == WarningState.ANSWERED and warning.answered_by == cast.filler

    services.warning_return(warning=warning, actor=cast.committee, note="请附退还凭证")
    warning.refresh_from_db()
    assert warning.state == WarningState.ISSUED

    services.warning_answer(warning=warning, actor=cast.filler, report="补充退还凭证。")
    services.warning_close(warning=warning, actor=cast.committee, note="整改到位")
    warning.refresh_from_db()
    assert warning.state == WarningState.CLOSED
    assert warning.closed_by == cast.committee and warning.close_note == "整改到位"
    assert warning.answer == "补充退还凭证。"

    assert _trail(warning) == [
        actions.WARNING_CREATE,
        actions.WARNING_SUBMIT,
        actions.WARNING_APPROVE,
        actions.WARNING_ANSWER,
        actions.WARNING_RETURN,
        actions.WARNING_ANSWER,
        actions.WARNING_CLOSE,
    ]
    history = warning_history(warning)
    assert [line.note for line in history] == [
        "",
        "",
        "同意下达",
        "",
        "请附退还凭证",
        "",
        "整改到位",
    ]
    assert history[2].who == "王局长"
    # The confidential text never enters the trail, which administrators read.
    for row in AuditEntry.objects.filter(object_type="oversight.warning"):
        assert FACTS not in str(row.data) and "退还费用" not in str(row.data)


def test_a_rejected_warning_is_corrected_and_submitted_again(party: Cast) -> None:
    cast = party
    warning = draft(cast)
    services.warning_submit(warning=warning, actor=cast.committee)
    with pytest.raises(DomainError, match="审批意见"):
        services.warning_reject(warning=warning, actor=cast.principal, note="  ")
    services.warning_reject(warning=warning, actor=cast.principal, note="事实不清")
    warning.refresh_from_db()
    assert warning.state == WarningState.REJECTED and warning.number == ""
    assert _notified(cast.committee) == ["一份重要预警未获党委批准"]

    services.warning_update(
        warning=warning, actor=cast.committee, data=warning_data(cast, facts="补充后的事实")
    )
    services.warning_submit(warning=warning, actor=cast.committee)
    services.warning_approve(warning=warning, actor=cast.principal)
    warning.refresh_from_db()
    assert warning.facts == "补充后的事实" and warning.state == WarningState.ISSUED
    # The history puts the model's note on the last decision only.
    notes = [(line.what, line.note) for line in warning_history(warning)]
    assert ("不批准廉情预警", "") in notes and notes[-1] == ("批准并下达廉情预警", "")


@pytest.mark.parametrize("who", ["filler", "head", "leader", "principal", "admin", "outsider"])
def test_only_the_committee_starts_submits_returns_and_closes(party: Cast, who: str) -> None:
    actor = getattr(party, who)
    with pytest.raises(PermissionDenied):
        services.warning_create(actor=actor, data=warning_data(party))
    warning = draft(party)
    with pytest.raises(PermissionDenied):
        services.warning_update(warning=warning, actor=actor, data=warning_data(party))
    with pytest.raises(PermissionDenied):
        services.warning_submit(warning=warning, actor=actor)
    services.warning_submit(warning=warning, actor=party.committee)
    services.warning_approve(warning=warning, actor=party.principal)
    services.warning_answer(warning=warning, actor=party.filler, report="已整改")
    with pytest.raises(PermissionDenied):
        services.warning_return(warning=warning, actor=actor, note="不够")
    with pytest.raises(PermissionDenied):
        services.warning_close(warning=warning, actor=actor)


@pytest.mark.parametrize("who", ["filler", "head", "leader", "committee", "admin", "outsider"])
def test_only_the_party_group_approves(party: Cast, who: str) -> None:
    warning = draft(party)
    services.warning_submit(warning=warning, actor=party.committee)
    with pytest.raises(PermissionDenied):
        services.warning_approve(warning=warning, actor=getattr(party, who))
    with pytest.raises(PermissionDenied):
        services.warning_reject(warning=warning, actor=getattr(party, who), note="不同意")
    assert Warning.objects.get(pk=warning.pk).state == WarningState.PENDING_APPROVAL


def test_only_the_subject_answers_and_the_head_for_a_department(party: Cast) -> None:
    warning = issued(party)
    for other in (party.head, party.committee, party.principal, party.admin, party.outsider):
        with pytest.raises(PermissionDenied):
            services.warning_answer(warning=warning, actor=other, report="已整改")
    to_department = issued(party, subject_user=None, disposal=Disposal.RECTIFY)
    with pytest.raises(PermissionDenied):
        services.warning_answer(warning=to_department, actor=party.filler, report="已整改")
    services.warning_answer(warning=to_department, actor=party.head, report="已健全制度")
    assert Warning.objects.get(pk=to_department.pk).answered_by == party.head


def test_a_stale_step_is_refused_with_a_message(party: Cast) -> None:
    warning = draft(party)
    stale = Warning.objects.get(pk=warning.pk)
    services.warning_submit(warning=warning, actor=party.committee)
    # A second committee member, on the page he loaded before the submission:
    with pytest.raises(StaleWarning, match="待党委批准"):
        services.warning_submit(warning=stale, actor=party.committee)
    with pytest.raises(StaleWarning):
        services.warning_update(warning=stale, actor=party.committee, data=warning_data(party))
    services.warning_approve(warning=warning, actor=party.principal)
    with pytest.raises(StaleWarning, match="已下达"):
        services.warning_approve(warning=stale, actor=party.principal)
    with pytest.raises(StaleWarning):
        services.warning_close(warning=warning, actor=party.committee)
    assert Warning.objects.get(pk=warning.pk).number.endswith("1号")


def test_numbers_run_per_year_of_approval(party: Cast) -> None:
    year = timezone.localdate().year
    last_year = draft(party)
    Warning.objects.filter(pk=last_year.pk).update(
        number=f"廉预〔{year - 1}〕7号", state=WarningState.CLOSED
    )
    rejected = draft(party)
    services.warning_submit(warning=rejected, actor=party.committee)
    services.warning_reject(warning=rejected, actor=party.principal, note="不同意")
    numbers = [issued(party).number for _ in range(3)]
    assert numbers == [f"廉预〔{year}〕{n}号" for n in (1, 2, 3)]
    assert Warning.objects.get(pk=rejected.pk).number == ""


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": WarningLevel.GENERAL, "subject_user": None}, "subject_user"),
        ({"facts": "  "}, "facts"),
        ({"requirement": ""}, "requirement"),
        ({"deadline": timezone.localdate() - timedelta(days=1)}, "deadline"),
        ({"level": "severe"}, "level"),
        ({"disposal": "fire"}, "disposal"),
    ],
)
def test_bad_input_is_refused_at_its_field(party: Cast, changes: dict, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        draft(party, **changes)
    assert refused.value.field == field
    assert not Warning.objects.exists()


def test_a_warning_to_a_department_needs_a_head_and_entries_must_be_published(
    party: Cast, published: Register
) -> None:
    party.other_dept.head = None
    party.other_dept.save()
    with pytest.raises(DomainError, match="未设负责人"):
        draft(party, subject_unit=party.other_dept, subject_user=None)
    unpublished = RiskEntryFactory(register=RegisterFactory(unit=party.dept))
    with pytest.raises(DomainError, match="已公示"):
        draft(party, entries=(unpublished,))
    warning = draft(party, entries=tuple(published.entries.all()))
    assert warning.entries.count() == 2


def test_a_warning_from_a_lead_decides_the_lead(party: Cast, high_entry: RiskEntry) -> None:
    lead = Lead.objects.create(
        source=LeadSource.PETITION, summary="举报", received_on=timezone.localdate()
    )
    warning = services.warning_create(actor=party.committee, data=warning_data(party), lead=lead)
    lead.refresh_from_db()
    assert warning.lead == lead
    assert lead.decision == LeadDecision.WARNING and lead.decided_by == party.committee
    assert AuditEntry.objects.filter(action=actions.LEAD_DECIDE, object_id=str(lead.pk)).exists()


def _circle(warning: Warning, cast: Cast) -> set[str]:
    people = {**cast.users(), "other_head": cast.other_head}
    seen = {name for name, user in people.items() if can_see_warning(user, warning)}
    # The queryset and the single check are one rule.
    assert seen == {
        name
        for name, user in people.items()
        if warnings_visible_to(user).filter(pk=warning.pk).exists()
    }
    return seen


def test_the_circle_of_a_warning_at_each_stage(party: Cast) -> None:
    cast = party
    warning = draft(cast)
    assert _circle(warning, cast) == {"committee"}
    services.warning_submit(warning=warning, actor=cast.committee)
    assert _circle(warning, cast) == {"committee", "principal"}
    services.warning_approve(warning=warning, actor=cast.principal)
    # 诫勉纠错 to a person: not his department head, never the administrator.
    assert _circle(warning, cast) == {"committee", "principal", "filler"}
    services.warning_answer(warning=warning, actor=cast.filler, report="已整改")
    services.warning_close(warning=warning, actor=cast.committee)
    assert _circle(warning, cast) == {"committee", "principal", "filler"}


def test_the_head_sees_a_rectify_order_and_a_warning_to_his_department(party: Cast) -> None:
    ordered = issued(party, disposal=Disposal.RECTIFY)
    assert _circle(ordered, party) == {"committee", "principal", "filler", "head"}
    assert _notified(party.head) == [f"廉情预警 {ordered.number} 已下达"]
    to_department = draft(party, subject_user=None, disposal=Disposal.REMINDER)
    assert _circle(to_department, party) == {"committee"}
    services.warning_submit(warning=to_department, actor=party.committee)
    services.warning_approve(warning=to_department, actor=party.principal)
    assert _circle(to_department, party) == {"committee", "principal", "head"}
