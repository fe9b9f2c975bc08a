import hashlib
import json
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied

from audit import actions
from audit.models import AuditEntry
from audit.services import audit_verify
from orgs.choices import UnitKind
from registers.choices import RegisterLevel, RegisterState
from registers.data import EntryData
from registers.exceptions import DomainError
from registers.models import Register
from registers.services import entry_create, entry_update
from tests.conftest import Cast
from tests.factories import (
    TEST_PASSWORD,
    CampaignFactory,
    PostFactory,
    RegisterFactory,
    RiskEntryFactory,
    UnitFactory,
    UserFactory,
)
from tests.walk import walk_to
from workflow import services
from workflow.models import PublishedVersion, Signature, Transition
from workflow.permissions import signer_of


def _through(register: Register, people, *, publish: bool = True) -> None:
    services.register_submit(register=register, actor=people["filler"], comment="请审阅")
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    services.register_approve(register=register, actor=people["committee"])
    if register.campaign.has_party_group_stage:
        services.register_deliberate(register=register, actor=people["party"])
    if publish:
        services.register_publish(register=register, actor=people["committee"])
    register.refresh_from_db()


def test_full_workflow_records_every_step_and_keeps_the_audit_chain(register, people) -> None:
    _through(register, people)
    assert register.state == RegisterState.PUBLISHED
    assert list(Transition.objects.filter(register=register).values_list("action", flat=True)) == [
        "submit",
        "sign",
        "approve",
        "deliberate",
        "publish",
    ]
    recorded = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        actions.REGISTER_SUBMIT,
        actions.REGISTER_SIGN,
        actions.REGISTER_APPROVE,
        actions.REGISTER_DELIBERATE,
        actions.REGISTER_PUBLISH,
        actions.REGISTER_GRANT_PERMISSION,
        actions.REGISTER_REVOKE_PERMISSION,
    } <= recorded
    assert audit_verify().ok
    # An edited audit row breaks the chain.
    row = AuditEntry.objects.filter(action=actions.REGISTER_SIGN).get()
    AuditEntry.objects.filter(pk=row.pk).update(data={"forged": True})
    report = audit_verify()
    assert not report.ok and report.broken_at == row.pk


def test_stage_permissions_follow_the_register(register, people) -> None:
    leader, committee, party = people["leader"], people["committee"], people["party"]
    assert not leader.has_perm("registers.sign_register", register)
    services.register_submit(register=register, actor=people["filler"])
    assert Register.objects.get(pk=register.pk) and _perm(leader, "sign_register", register)
    granted = AuditEntry.objects.filter(action=actions.REGISTER_GRANT_PERMISSION).get()
    assert granted.data == {"permission": "sign_register", "user": "leader"}
    services.register_sign(register=register, actor=leader, password=TEST_PASSWORD)
    assert not _perm(leader, "sign_register", register)
    assert _perm(committee, "review_register", register)
    assert AuditEntry.objects.filter(action=actions.REGISTER_REVOKE_PERMISSION).count() == 1
    services.register_approve(register=register, actor=committee)
    assert not _perm(committee, "review_register", register)
    assert _perm(party, "deliberate_register", register)
    services.register_return(register=register, actor=party, reason="风险点不全")
    assert not _perm(party, "deliberate_register", register)


def _perm(user, codename: str, register: Register) -> bool:
    # A fresh user object: Django caches permissions on the instance.
    fresh = type(user).objects.get(pk=user.pk)
    return fresh.has_perm(f"registers.{codename}", register)


def test_signers_follow_level_and_org(cast: Cast) -> None:
    campaign = CampaignFactory()
    department = RegisterFactory(campaign=campaign, unit=cast.dept, level=RegisterLevel.DEPARTMENT)
    assert signer_of(department) == cast.leader
    unit = RegisterFactory(campaign=campaign, unit=cast.bureau, level=RegisterLevel.UNIT)
    assert signer_of(unit) == cast.principal
    post = RegisterFactory(
        campaign=campaign, unit=cast.dept, level=RegisterLevel.POST, post=cast.key_post
    )
    assert signer_of(post) == cast.head
    # A deputy's post (its holder leads units) is signed by the principal (doc 004).
    deputy_post = PostFactory(unit=cast.bureau, name="副局长岗", is_key=True)
    cast.leader.post = deputy_post
    cast.leader.save()
    deputy = RegisterFactory(
        campaign=campaign, unit=cast.bureau, level=RegisterLevel.POST, post=deputy_post
    )
    assert signer_of(deputy) == cast.principal
    # A branch's unit register: its own principal.
    branch_head = UserFactory(username="branch_head")
    branch = UnitFactory(kind=UnitKind.BRANCH, parent=cast.bureau, head=branch_head)
    branch_register = RegisterFactory(campaign=campaign, unit=branch, level=RegisterLevel.UNIT)
    assert signer_of(branch_register) == branch_head


def test_wrong_password_is_refused_and_audited(register, people) -> None:
    services.register_submit(register=register, actor=people["filler"])
    with pytest.raises(DomainError, match="密码不正确"):
        services.register_sign(register=register, actor=people["leader"], password="wrong")
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED
    assert not Signature.objects.exists()
    failed = AuditEntry.objects.get(action=actions.REGISTER_REFUSE_SIGNING)
    assert failed.actor == people["leader"] and failed.object_id == str(register.pk)


def test_signature_binds_the_content_digest(register, people) -> None:
    services.register_submit(register=register, actor=people["filler"])
    signature = services.register_sign(
        register=register, actor=people["leader"], password=TEST_PASSWORD
    )
    assert signature.digest == services.register_digest(register=register)
    assert len(signature.digest) == 64
    entry = register.entries.first()
    before = signature.digest
    entry.prevention_measures = "双人审核"
    entry.save()
    assert services.register_digest(register=register) != before


@pytest.mark.parametrize("state", [RegisterState.SUBMITTED, RegisterState.SIGNED])
def test_an_edit_after_submission_voids_the_signature_and_sends_it_back(
    register, people, state: str
) -> None:
    services.register_submit(register=register, actor=people["filler"])
    if state == RegisterState.SIGNED:
        services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    register.refresh_from_db()
    entry = register.entries.first()
    entry_update(
        entry=entry,
        actor=people["filler"],
        data=replace(EntryData.of(entry), prevention_measures="增加双人复核"),
        expected_revision=register.revision,
    )
    register.refresh_from_db()
    assert register.state == RegisterState.DRAFT
    last = Transition.objects.filter(register=register).latest("id")
    assert (last.action, last.from_state, last.to_state) == ("content_changed", state, "draft")
    if state == RegisterState.SIGNED:
        signature = Signature.objects.get(register=register)
        assert signature.voided_at is not None
        assert signature.void_reason == "签字后清单内容被修改"
        assert AuditEntry.objects.filter(action=actions.REGISTER_VOID_SIGNATURE).exists()
    # The signer's right went with the stage.
    assert not _perm(people["leader"], "sign_register", register)
    assert not _perm(people["committee"], "review_register", register)


def test_content_is_frozen_after_approval(register, people) -> None:
    _through(register, people, publish=False)
    with pytest.raises(DomainError):
        entry_create(
            register=register,
            actor=people["filler"],
            data=EntryData(category=register.entries.first().category, risk="新风险", grade=2),
        )


def test_approve_refuses_content_without_a_valid_signature(register, people) -> None:
    walk_to(register, RegisterState.SIGNED)
    # Defence in depth against a row changed behind the app's back (the services never leave a
    # signature that does not match): the signed digest no longer matches the content.
    Signature.objects.update(digest="0" * 64)
    with pytest.raises(DomainError, match="有效签字"):
        services.register_approve(register=register, actor=people["committee"])


def test_return_needs_a_reason(register, people) -> None:
    services.register_submit(register=register, actor=people["filler"])
    with pytest.raises(DomainError, match="退回理由"):
        services.register_return(register=register, actor=people["leader"], reason="  ")
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED
    services.register_return(register=register, actor=people["leader"], reason="补充第三类")
    register.refresh_from_db()
    assert register.state == RegisterState.RETURNED
    assert Transition.objects.latest("id").comment == "补充第三类"


def test_stale_form_changes_nothing(register, people) -> None:
    walk_to(register, RegisterState.SIGNED)
    services.register_approve(
        register=register, actor=people["committee"], expected_state=RegisterState.SIGNED
    )
    count = Transition.objects.count()
    with pytest.raises(services.StaleAction, match="已被他人处理"):
        services.register_return(
            register=register,
            actor=people["committee"],
            reason="x",
            expected_state=RegisterState.SIGNED,
        )
    with pytest.raises(services.StaleAction):
        services.register_deliberate(
            register=register,
            actor=people["party"],
            expected_state=RegisterState.APPROVED,
            expected_revision=register.revision - 1,
        )
    assert Transition.objects.count() == count


def test_without_party_group_stage_approval_leads_to_publication(register, people) -> None:
    register.campaign.has_party_group_stage = False
    register.campaign.save()
    register.refresh_from_db()
    services.register_submit(register=register, actor=people["filler"])
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    services.register_approve(register=register, actor=people["committee"])
    register.refresh_from_db()
    assert register.state == RegisterState.DELIBERATED
    assert _perm(people["committee"], "publish_register", register)
    services.register_publish(register=register, actor=people["admin"])
    register.refresh_from_db()
    assert register.state == RegisterState.PUBLISHED


def test_reopen_starts_a_new_version_and_keeps_the_published_snapshot(register, people) -> None:
    _through(register, people)
    publication = PublishedVersion.objects.get(register=register)
    assert publication.version == 1
    assert [e["risk"] for e in publication.entries] == ["审批中吃拿卡要", "违规干预审批"]
    assert publication.signers[0]["name"] == people["leader"].name
    services.register_reopen(register=register, actor=people["filler"], comment="机构调整")
    register.refresh_from_db()
    assert (register.state, register.version) == (RegisterState.DRAFT, 2)
    entry = register.entries.first()
    entry_update(
        entry=entry, actor=people["filler"], data=replace(EntryData.of(entry), risk="改过的风险")
    )
    publication.refresh_from_db()
    assert publication.entries[0]["risk"] == "审批中吃拿卡要"
    _through(register, people)
    assert PublishedVersion.objects.filter(register=register).count() == 2


def test_nobody_can_repeat_a_step(register, people) -> None:
    services.register_submit(register=register, actor=people["filler"])
    with pytest.raises(DomainError):
        services.register_submit(register=register, actor=people["filler"])
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    with pytest.raises(DomainError):
        services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    assert Signature.objects.count() == 1


def test_feedback_lands_in_the_inbox_and_is_rate_limited(register, people, settings) -> None:
    settings.PUBLIC_FEEDBACK_PER_HOUR = 2
    _through(register, people)
    publication = PublishedVersion.objects.get()
    services.feedback_create(publication=publication, text="措施太笼统", author=people["outsider"])
    for _ in range(2):
        services.feedback_create(publication=publication, text="匿名意见", ip="10.0.0.9")
    with pytest.raises(DomainError, match="频繁"):
        services.feedback_create(publication=publication, text="再来", ip="10.0.0.9")
    with pytest.raises(DomainError):
        services.feedback_create(publication=publication, text="  ", ip="10.0.0.8")
    with pytest.raises(PermissionDenied):
        services.feedback_handle(feedback=publication.feedback.first(), actor=people["filler"])
    handled = services.feedback_handle(
        feedback=publication.feedback.first(), actor=people["committee"], note="已核实"
    )
    assert handled.handled_by == people["committee"]
    assert AuditEntry.objects.filter(action=actions.FEEDBACK_CREATE).count() == 3
    assert audit_verify().ok


def test_inbox_counts(register, people) -> None:
    from workflow.selectors import inbox_sections

    def keys(role: str) -> dict[str, int]:
        return {s.key: s.count for s in inbox_sections(people[role])}

    services.register_submit(register=register, actor=people["filler"])
    assert keys("leader") == {"to_sign": 1}
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    assert keys("leader") == {}
    assert keys("committee") == {"to_review": 1}
    services.register_return(register=register, actor=people["committee"], reason="重写")
    assert keys("filler") == {"returned": 1}
    assert keys("head") == {"returned": 1}
    assert keys("outsider") == {}
    other = RegisterFactory(campaign=register.campaign, unit=people["outsider"].unit)
    RiskEntryFactory(register=other)
    assert keys("filler") == {"returned": 1}


def test_digest_of_an_entry_without_the_later_fields_is_as_before_they_existed(
    register,
) -> None:
    """Signatures made before 形成原因/责任岗位/监测指标/extra fields existed stay valid: the
    digest, recomputed here from the fields entries had then, is unchanged while they are empty;
    filling one changes it."""
    earlier = (
        "category",
        "risk",
        "manifestations",
        "likelihood",
        "impact",
        "grade",
        "grade_override_reason",
        "prevention_measures",
        "responsible_department",
        "responsible_leader",
        "responsible_leader_name",
        "authority_item",
    )
    entries = register.entries.order_by("category__order", "order", "id")
    payload = {
        "register": register.pk,
        "version": register.version,
        "entries": [
            {
                "id": entry.pk,
                "order": entry.order,
                **{name: getattr(entry, entry._meta.get_field(name).attname) for name in earlier},
            }
            for entry in entries
        ],
    }
    canonical = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    assert (
        services.register_digest(register=register)
        == hashlib.sha256(canonical.encode()).hexdigest()
    )
    entry = entries.first()
    entry.monitoring_indicator = "每季度抽查审批卷宗"
    entry.save()
    assert (
        services.register_digest(register=register)
        != hashlib.sha256(canonical.encode()).hexdigest()
    )
