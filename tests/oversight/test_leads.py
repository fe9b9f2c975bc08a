"""Integrity leads (廉情信息) through their services: recorded by the committee only, the
supervision opinions on published registers flowing in by themselves (once each), and the triage:
no action, a warning, or a rectification item."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audit import actions
from audit.models import AuditEntry
from oversight.choices import LeadDecision, LeadSource, RectificationSource
from oversight.models import Lead
from oversight.warnings import leads
from oversight.warnings.leads import LeadData, RectificationData
from registers.exceptions import DomainError
from registers.models import Register, RiskEntry
from tests.conftest import Cast
from tests.factories import RegisterFactory, RiskEntryFactory
from workflow import services as workflow_services
from workflow.models import Feedback, PublishedVersion


def lead_data(cast: Cast, **changes: object) -> LeadData:
    fields: dict = {
        "source": LeadSource.PETITION,
        "summary": "群众来信反映审批处刘经办在审批中收受礼品。",
        "received_on": timezone.localdate(),
        "subject_user": cast.filler,
        "subject_unit": cast.dept,
        **changes,
    }
    return LeadData(**fields)


def _opinion(register: Register, text: str = "公示的风险点不全,漏了收费环节。") -> Feedback:
    publication = PublishedVersion.objects.get(register=register)
    return workflow_services.feedback_create(publication=publication, text=text, ip="10.0.0.9")


# The `published` register needs a party-group member to pass 党组研究: `party` comes first.


def test_the_committee_records_a_lead(cast: Cast, party: Cast, high_entry: RiskEntry) -> None:
    lead = leads.lead_create(actor=cast.committee, data=lead_data(cast, entries=(high_entry,)))
    assert lead.recorded_by == cast.committee and lead.decision == LeadDecision.PENDING
    assert list(lead.entries.all()) == [high_entry]
    row = AuditEntry.objects.get(action=actions.LEAD_CREATE, object_id=str(lead.pk))
    assert row.data == {"source": "petition", "entries": [high_entry.pk]}


@pytest.mark.parametrize("who", ["filler", "head", "leader", "principal", "admin", "outsider"])
def test_nobody_else_records_edits_or_decides(cast: Cast, who: str) -> None:
    actor = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        leads.lead_create(actor=actor, data=lead_data(cast))
    lead = leads.lead_create(actor=cast.committee, data=lead_data(cast))
    with pytest.raises(PermissionDenied):
        leads.lead_update(lead=lead, actor=actor, data=lead_data(cast))
    with pytest.raises(PermissionDenied):
        leads.lead_dismiss(lead=lead, actor=actor, note="不属实")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": " "}, "summary"),
        ({"source": LeadSource.FEEDBACK}, "source"),  # opinions come from Feedback rows only
        ({"received_on": timezone.localdate() + timedelta(days=1)}, "received_on"),
    ],
)
def test_bad_input_is_refused(cast: Cast, changes: dict, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        leads.lead_create(actor=cast.committee, data=lead_data(cast, **changes))
    assert refused.value.field == field


def test_only_published_entries_are_linked(cast: Cast) -> None:
    draft_entry = RiskEntryFactory(register=RegisterFactory(unit=cast.dept))
    with pytest.raises(DomainError, match="已公示"):
        leads.lead_create(actor=cast.committee, data=lead_data(cast, entries=(draft_entry,)))


def test_a_supervision_opinion_becomes_a_lead_once(
    cast: Cast, party: Cast, published: Register
) -> None:
    feedback = _opinion(published)
    lead = Lead.objects.get(feedback=feedback)
    assert lead.source == LeadSource.FEEDBACK
    assert lead.summary == feedback.text
    assert lead.subject_unit == cast.dept
    assert lead.received_on == timezone.localdate(feedback.created_at)
    row = AuditEntry.objects.get(action=actions.LEAD_CREATE, object_id=str(lead.pk))
    assert row.actor is None and row.data["feedback"] == feedback.pk
    # Idempotent: a second call, or the import, finds the same lead.
    assert leads.lead_create_from_feedback(feedback=feedback) == lead
    assert leads.leads_import_feedback() == 0
    assert Lead.objects.count() == 1


def test_opinions_without_a_lead_are_imported(cast: Cast, party: Cast, published: Register) -> None:
    first, second = _opinion(published, "意见一"), _opinion(published, "意见二")
    Lead.objects.all().delete()  # as if they came before this area was connected
    assert leads.leads_import_feedback() == 2
    assert set(Lead.objects.values_list("feedback_id", flat=True)) == {first.pk, second.pk}
    assert leads.leads_import_feedback() == 0


def test_an_opinion_lead_keeps_the_citizens_words(
    cast: Cast, party: Cast, published: Register
) -> None:
    lead = Lead.objects.get(feedback=_opinion(published))
    entry = published.entries.first()
    assert entry is not None
    leads.lead_update(
        lead=lead,
        actor=cast.committee,
        data=lead_data(cast, summary="改写", source=LeadSource.AUDIT, entries=(entry,)),
    )
    lead.refresh_from_db()
    assert lead.summary == "公示的风险点不全,漏了收费环节。"
    assert lead.source == LeadSource.FEEDBACK
    assert lead.subject_user == cast.filler and list(lead.entries.all()) == [entry]


def test_no_action_needs_a_reason_and_decides_once(cast: Cast) -> None:
    lead = leads.lead_create(actor=cast.committee, data=lead_data(cast))
    with pytest.raises(DomainError, match="研判意见"):
        leads.lead_dismiss(lead=lead, actor=cast.committee, note="")
    leads.lead_dismiss(lead=lead, actor=cast.committee, note="经核实不属实")
    lead.refresh_from_db()
    assert lead.decision == LeadDecision.NO_ACTION and lead.decision_note == "经核实不属实"
    assert lead.decided_by == cast.committee and lead.decided_at is not None
    with pytest.raises(DomainError, match="不予处理"):
        leads.lead_dismiss(lead=lead, actor=cast.committee, note="再次")
    with pytest.raises(DomainError, match="不能再修改"):
        leads.lead_update(lead=lead, actor=cast.committee, data=lead_data(cast))
    assert AuditEntry.objects.filter(action=actions.LEAD_DECIDE).count() == 1


def test_a_lead_becomes_a_rectification_item(
    cast: Cast, party: Cast, high_entry: RiskEntry
) -> None:
    lead = leads.lead_create(actor=cast.committee, data=lead_data(cast, entries=(high_entry,)))
    item = leads.lead_rectify(
        lead=lead,
        actor=cast.committee,
        data=RectificationData(
            unit=cast.dept,
            owner=cast.head,
            title="规范环评审批",
            problem="审批环节缺少集体会审",
            deadline=timezone.localdate() + timedelta(days=30),
            entry=high_entry,
        ),
        note="列入整改",
    )
    lead.refresh_from_db()
    assert item.source == RectificationSource.LEAD and item.lead == lead
    assert item.owner == cast.head and item.entry == high_entry
    assert lead.decision == LeadDecision.RECTIFICATION and lead.decision_note == "列入整改"
    decided = AuditEntry.objects.get(action=actions.LEAD_DECIDE)
    assert decided.data == {"decision": "rectification", "rectification": item.pk}


def test_a_refused_rectification_leaves_the_lead_pending(cast: Cast) -> None:
    lead = leads.lead_create(actor=cast.committee, data=lead_data(cast))
    with pytest.raises(DomainError):
        leads.lead_rectify(
            lead=lead,
            actor=cast.committee,
            data=RectificationData(
                unit=cast.dept,
                owner=cast.head,
                title=" ",
                problem="问题",
                deadline=timezone.localdate(),
            ),
        )
    lead.refresh_from_db()
    assert lead.decision == LeadDecision.PENDING
