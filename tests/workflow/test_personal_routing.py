"""Personal (个人层面) and 三重一大 registers: who signs each register, by role × level (document
004's routing), how a campaign creates them, who fills and who sees a person's own register, and
how their grades and categories read."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from audit import actions
from audit.models import AuditEntry
from orgs.choices import UnitKind
from orgs.models import Unit, User
from oversight.measures.services import action_create
from registers.categories import MAJOR_CATEGORIES
from registers.choices import PeopleDocument, PersonalScope, RegisterLevel, RegisterState
from registers.data import CampaignData, EntryData
from registers.exceptions import DomainError
from registers.grading import grade_label, register_grade_label
from registers.models import Campaign, Category, Register
from registers.permissions import can_fill
from registers.selectors import (
    categories_for,
    personal_register_of,
    registers_fillable_by,
    registers_visible_to,
)
from registers.services import (
    campaign_registers_complete,
    campaign_start,
    campaign_update,
    entry_clean,
    entry_create,
)
from tests.conftest import Cast
from tests.factories import (
    CampaignFactory,
    PostFactory,
    RiskEntryFactory,
    UnitFactory,
    UserFactory,
)
from tests.walk import walk_to
from workflow.models import PublishedVersion
from workflow.permissions import fits, people_acting, signed_by_committee, signer_of
from workflow.selectors import latest_publications
from workflow.services import register_approve, register_submit
from workflow.transitions import Actor, party_group_stage

pytestmark = pytest.mark.django_db

COMMITTEE = "(committee)"


@dataclass
class People:
    """The cast, plus a party-branch secretary and a colleague in its department, a branch (its
    principal, the deputy who oversees its section, the section's head and staff) and an
    affiliated unit (its principal and staff)."""

    cast: Cast
    by_role: dict[str, User]
    branch: Unit
    branch_section: Unit
    affiliated: Unit


@pytest.fixture
def people(cast: Cast) -> People:
    secretary = UserFactory(
        username="secretary", name="党支书", unit=cast.dept, is_party_branch_secretary=True
    )
    colleague = UserFactory(username="colleague", name="同事", unit=cast.dept)
    branch = UnitFactory(name="城东分局", kind=UnitKind.BRANCH, parent=cast.bureau, code="BR")
    section = UnitFactory(name="城东分局审批科", parent=branch, code="BR-1")
    affiliated = UnitFactory(
        name="监测中心", kind=UnitKind.AFFILIATED, parent=cast.bureau, code="AF"
    )
    branch_head = UserFactory(username="branch_head", name="分局长", unit=branch)
    branch_deputy = UserFactory(username="branch_deputy", name="副分局长", unit=branch)
    section_head = UserFactory(username="section_head", name="科长", unit=section)
    section_staff = UserFactory(username="section_staff", name="科员", unit=section)
    affiliated_head = UserFactory(username="affiliated_head", name="主任", unit=affiliated)
    affiliated_staff = UserFactory(username="affiliated_staff", name="中心职工", unit=affiliated)
    branch.head, branch.leader_in_charge = branch_head, cast.leader
    branch.save()
    section.head, section.leader_in_charge = section_head, branch_deputy
    section.save()
    affiliated.head, affiliated.leader_in_charge = affiliated_head, cast.other_leader
    affiliated.save()
    by_role = {
        "staff": cast.filler,
        "colleague": colleague,
        "dept_head": cast.head,
        "secretary": secretary,
        "deputy": cast.leader,
        "principal": cast.principal,
        "committee": cast.committee,
        "branch_staff": section_staff,
        "branch_section_head": section_head,
        "branch_deputy": branch_deputy,
        "branch_principal": branch_head,
        "affiliated_staff": affiliated_staff,
        "affiliated_principal": affiliated_head,
    }
    return People(
        cast=cast, by_role=by_role, branch=branch, branch_section=section, affiliated=affiliated
    )


def _personal(campaign: Campaign, person: User) -> Register:
    assert person.unit is not None
    return Register.objects.create(
        campaign=campaign, unit=person.unit, level=RegisterLevel.PERSONAL, person=person
    )


# Document 004: staff → the head of his unit; a department head or a party-branch secretary →
# his leader in charge; a deputy → the principal; a principal → the committee. The committee
# member himself is staff of the bureau: its principal signs.
PERSONAL_SIGNERS = [
    ("staff", "dept_head"),
    ("dept_head", "deputy"),
    ("secretary", "deputy"),
    ("deputy", "principal"),
    ("principal", COMMITTEE),
    ("committee", "principal"),
    ("branch_staff", "branch_section_head"),
    ("branch_section_head", "branch_deputy"),
    ("branch_deputy", "branch_principal"),
    ("branch_principal", COMMITTEE),
    ("affiliated_staff", "affiliated_principal"),
    ("affiliated_principal", COMMITTEE),
]


@pytest.mark.parametrize(("role", "expected"), PERSONAL_SIGNERS)
def test_personal_register_signer_by_role(people: People, role: str, expected: str) -> None:
    person = people.by_role[role]
    register = _personal(CampaignFactory(), person)
    signer = signer_of(register)
    acting = people_acting(Actor.SIGNER, on=register)
    if expected == COMMITTEE:
        assert signer is None and signed_by_committee(register)
        assert acting == [people.cast.committee]
        assert fits(people.cast.committee, register, Actor.SIGNER)
    else:
        assert signer == people.by_role[expected]
        assert not signed_by_committee(register)
        assert acting == [signer]
    # Never himself, and nobody else of the cast fits.
    assert not fits(person, register, Actor.SIGNER)
    for other in people.by_role.values():
        assert fits(other, register, Actor.SIGNER) == (other in acting)


def test_a_committee_member_never_signs_his_own_register(people: People) -> None:
    """A principal who sits on the committee: another member signs."""
    cast = people.cast
    cast.committee.unit = people.affiliated
    cast.committee.save()
    people.affiliated.head = cast.committee
    people.affiliated.save()
    other_member = UserFactory(username="member2", unit=cast.bureau, is_committee_member=True)
    register = _personal(CampaignFactory(), cast.committee)
    assert signed_by_committee(register)
    assert people_acting(Actor.SIGNER, on=register) == [other_member]
    assert not fits(cast.committee, register, Actor.SIGNER)


def test_nobody_reviews_deliberates_or_publishes_his_own_register(people: People) -> None:
    """A committee member's (and a party-group member's) own register is decided by the others."""
    cast = people.cast
    other_member = UserFactory(username="member3", unit=cast.bureau, is_committee_member=True)
    cast.committee.is_party_group_member = True
    cast.committee.save(update_fields=["is_party_group_member"])
    register = _personal(CampaignFactory(), cast.committee)
    for actor in (Actor.COMMITTEE, Actor.PARTY_GROUP, Actor.PUBLISHER):
        assert not fits(cast.committee, register, actor)
        assert cast.committee not in people_acting(actor, on=register)
    assert fits(other_member, register, Actor.COMMITTEE)
    assert other_member in people_acting(Actor.COMMITTEE, on=register)
    assert fits(cast.committee, register, Actor.FILLER)


LEVEL_SIGNERS = [
    (RegisterLevel.UNIT, "bureau", "principal"),
    (RegisterLevel.UNIT, "branch", "branch_principal"),
    (RegisterLevel.DEPARTMENT, "dept", "deputy"),
    (RegisterLevel.DEPARTMENT, "branch_section", "branch_deputy"),
    (RegisterLevel.POST, "dept", "dept_head"),
    (RegisterLevel.MAJOR, "bureau", "principal"),
    (RegisterLevel.MAJOR, "branch", "branch_principal"),
    (RegisterLevel.MAJOR, "affiliated", "affiliated_principal"),
]


@pytest.mark.parametrize(("level", "unit", "expected"), LEVEL_SIGNERS)
def test_unit_level_registers_keep_their_signers(
    people: People, level: str, unit: str, expected: str
) -> None:
    units = {
        "bureau": people.cast.bureau,
        "dept": people.cast.dept,
        "branch": people.branch,
        "branch_section": people.branch_section,
        "affiliated": people.affiliated,
    }
    post = people.cast.key_post if level == RegisterLevel.POST else None
    register = Register.objects.create(
        campaign=CampaignFactory(), unit=units[unit], level=level, post=post
    )
    assert signer_of(register) == people.by_role[expected]
    assert people_acting(Actor.SIGNER, on=register) == [people.by_role[expected]]


# --- campaign start -----------------------------------------------------------------------------


def test_everyone_scope_gives_each_person_a_register_and_no_post_registers(
    people: People,
) -> None:
    campaign = CampaignFactory(personal_scope=PersonalScope.EVERYONE, has_major_register=True)
    UserFactory(username="gone", unit=people.cast.dept, is_active=False)
    UserFactory(username="nowhere", unit=None)
    created = campaign_start(campaign=campaign, actor=people.cast.admin)
    personal = {r.person_id: r for r in created if r.level == RegisterLevel.PERSONAL}
    expected = set(
        User.objects.filter(is_active=True, unit__isnull=False).values_list("pk", flat=True)
    )
    assert set(personal) == expected
    assert all(r.unit_id == r.person.unit_id for r in personal.values())  # type: ignore[union-attr]
    assert not [r for r in created if r.level == RegisterLevel.POST]
    major = {r.unit for r in created if r.level == RegisterLevel.MAJOR}
    assert major == {people.cast.bureau, people.branch, people.affiliated}


def test_key_posts_scope_keeps_post_registers(people: People) -> None:
    created = campaign_start(campaign=CampaignFactory(), actor=people.cast.admin)
    levels = {r.level for r in created}
    assert RegisterLevel.POST in levels
    assert not levels & {RegisterLevel.PERSONAL, RegisterLevel.MAJOR}
    # 我的个人清单 leads a key post's holder to his post's register, and nobody else anywhere.
    cast = people.cast
    own = personal_register_of(user=cast.filler)
    assert own is not None and own.level == RegisterLevel.POST and own.post == cast.key_post
    assert personal_register_of(user=people.by_role["colleague"]) is None
    # Beside his post's register, his own (made by hand) comes first, on every database.
    personal = _personal(own.campaign, cast.filler)
    assert personal_register_of(user=cast.filler) == personal


def test_personal_and_major_registers_roll_forward(people: People) -> None:
    cast = people.cast
    last = CampaignFactory(
        year=2025,
        personal_scope=PersonalScope.EVERYONE,
        has_major_register=True,
        has_party_group_stage=False,
    )
    campaign_start(campaign=last, actor=cast.admin)
    own = Register.objects.get(campaign=last, person=cast.filler)
    major = Register.objects.get(campaign=last, level=RegisterLevel.MAJOR, unit=cast.bureau)
    for register, actor, category in (
        (own, cast.filler, categories_for(own).first()),
        (major, cast.principal, categories_for(major).first()),
    ):
        assert category is not None
        entry_create(
            register=register, actor=actor, data=EntryData(category=category, risk="r", grade=2)
        )
        walk_to(register, RegisterState.PUBLISHED)
    # He moved to another department since: his register follows him.
    cast.filler.unit = cast.other_dept
    cast.filler.save()
    this = CampaignFactory(
        previous=last, personal_scope=PersonalScope.EVERYONE, has_major_register=True
    )
    campaign_start(campaign=this, actor=cast.admin)
    new_own = Register.objects.get(campaign=this, person=cast.filler)
    new_major = Register.objects.get(campaign=this, level=RegisterLevel.MAJOR, unit=cast.bureau)
    assert (new_own.source, new_own.unit) == (own, cast.other_dept)
    assert new_major.source == major
    assert [e.risk for e in new_own.entries.all()] == ["r"]
    assert new_major.entries.count() == 1


def test_scope_settings_are_fixed_once_started(cast: Cast) -> None:
    campaign = CampaignFactory()
    campaign_start(campaign=campaign, actor=cast.admin)
    data = CampaignData.of(campaign)
    with pytest.raises(DomainError):
        campaign_update(
            campaign=campaign,
            actor=cast.admin,
            data=CampaignData(**{**data.__dict__, "personal_scope": PersonalScope.EVERYONE}),
        )
    updated = campaign_update(
        campaign=campaign,
        actor=cast.admin,
        data=CampaignData(**{**data.__dict__, "people_document": PeopleDocument.DOC004}),
    )
    assert updated.people_document == PeopleDocument.DOC004


# --- who fills, who sees ---------------------------------------------------------------------


def test_only_the_person_fills_and_only_his_leaders_see(people: People) -> None:
    cast = people.cast
    campaign = CampaignFactory(personal_scope=PersonalScope.EVERYONE)
    campaign_start(campaign=campaign, actor=cast.admin)
    register = Register.objects.get(campaign=campaign, person=cast.filler)
    fillers = {role for role, user in people.by_role.items() if can_fill(user, register)}
    assert fillers == {"staff"}
    assert can_fill(cast.admin, register)
    seeing = {
        role
        for role, user in people.by_role.items()
        if registers_visible_to(user).filter(pk=register.pk).exists()
    }
    # His head signs, the leader in charge and the principal lead his unit, the committee sees
    # all; his colleague, the secretary of his branch and other units' people do not.
    assert seeing == {"staff", "dept_head", "deputy", "principal", "committee"}
    assert people_acting(Actor.FILLER, on=register) == [cast.filler]
    assert personal_register_of(user=cast.filler) == register
    assert registers_fillable_by(cast.filler).filter(pk=register.pk).exists()
    assert not registers_fillable_by(cast.head).filter(pk=register.pk).exists()
    colleague = people.by_role["colleague"]
    assert not registers_visible_to(colleague).filter(person=cast.filler).exists()


def test_a_published_personal_register_stays_out_of_colleagues_sight(people: People) -> None:
    cast = people.cast
    campaign = CampaignFactory(has_party_group_stage=False)
    register = _personal(campaign, cast.filler)
    category = categories_for(register).first()
    assert category is not None
    entry_create(
        register=register, actor=cast.filler, data=EntryData(category=category, risk="r", grade=3)
    )
    walk_to(register, RegisterState.PUBLISHED)
    assert not registers_visible_to(people.by_role["colleague"]).filter(pk=register.pk).exists()
    assert registers_visible_to(cast.head).filter(pk=register.pk).exists()


# --- grades and categories ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "document", "scheme", "labels"),
    [
        (RegisterLevel.PERSONAL, PeopleDocument.DOC001, "hml", ["A", "B", "C"]),
        (RegisterLevel.POST, PeopleDocument.DOC001, "levels", ["A", "B", "C"]),
        (RegisterLevel.PERSONAL, PeopleDocument.DOC004, "hml", ["一级", "二级", "三级"]),
        (RegisterLevel.POST, PeopleDocument.DOC004, "hml", ["一级", "二级", "三级"]),
        (RegisterLevel.MAJOR, PeopleDocument.DOC004, "hml", ["高", "中", "低"]),
        (RegisterLevel.DEPARTMENT, PeopleDocument.DOC004, "levels", ["一级", "二级", "三级"]),
    ],
)
def test_grade_labels_per_document(
    level: str, document: str, scheme: str, labels: list[str]
) -> None:
    assert [
        grade_label(grade=g, scheme=scheme, level=level, document=document) for g in (1, 2, 3)
    ] == labels


def test_major_register_uses_the_three_important_one_large_categories(cast: Cast) -> None:
    campaign = CampaignFactory(people_document=PeopleDocument.DOC004)
    major = Register.objects.create(campaign=campaign, unit=cast.bureau, level=RegisterLevel.MAJOR)
    assert [c.name for c in categories_for(major)] == [name for name, _ in MAJOR_CATEGORIES]
    campaign_category = Category.objects.filter(category_set=campaign.category_set).first()
    assert campaign_category is not None
    with pytest.raises(DomainError):
        entry_clean(register=major, data=EntryData(category=campaign_category, risk="r", grade=1))
    major_category = categories_for(major).first()
    assert major_category is not None
    entry_clean(register=major, data=EntryData(category=major_category, risk="r", grade=1))
    assert register_grade_label(major, 1) == "高"
    personal = _personal(campaign, cast.filler)
    assert register_grade_label(personal, 1) == "一级"
    assert personal.title == "审批处刘经办个人廉政风险清单"


def test_post_register_signer_of_a_deputy_post_is_unchanged(cast: Cast) -> None:
    post = PostFactory(unit=cast.bureau, name="副局长岗", is_key=True)
    cast.leader.post = post
    cast.leader.save()
    register = Register.objects.create(
        campaign=CampaignFactory(), unit=cast.bureau, level=RegisterLevel.POST, post=post
    )
    assert signer_of(register) == cast.principal


def test_a_published_personal_register_is_not_on_the_published_lists(
    client: Client, people: People
) -> None:
    cast = people.cast
    campaign = CampaignFactory(has_party_group_stage=False)
    register = _personal(campaign, cast.filler)
    category = categories_for(register).first()
    assert category is not None
    entry_create(
        register=register, actor=cast.filler, data=EntryData(category=category, risk="r", grade=3)
    )
    walk_to(register, RegisterState.PUBLISHED)
    assert latest_publications(campaign=campaign) == []
    publication = PublishedVersion.objects.get(register=register)
    url = reverse("workflow:published_detail", args=[publication.pk])
    for user, status in ((people.by_role["colleague"], 404), (cast.filler, 200), (cast.head, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


# --- routing at the edges of the org ---------------------------------------------------------


def test_a_department_head_overseeing_a_section_of_his_own_is_no_deputy(people: People) -> None:
    """Leading a section under his department does not make a 中层 a 副职: his leader in charge
    still signs, not the principal."""
    cast = people.cast
    section = UnitFactory(name="审批科", parent=cast.dept, code="D-1", leader_in_charge=cast.head)
    assert section.leader_in_charge == cast.head
    assert signer_of(_personal(CampaignFactory(), cast.head)) == cast.leader


def test_a_department_head_whose_account_sits_in_the_bureau(people: People) -> None:
    cast = people.cast
    cast.head.unit = cast.bureau
    cast.head.save(update_fields=["unit"])
    assert signer_of(_personal(CampaignFactory(), cast.head)) == cast.leader


def test_staff_of_a_department_without_a_head_go_to_its_leader_in_charge(people: People) -> None:
    cast = people.cast
    cast.dept.head = None
    cast.dept.save(update_fields=["head"])
    assert signer_of(_personal(CampaignFactory(), cast.filler)) == cast.leader


def test_a_register_nobody_may_sign_is_not_submitted(people: People) -> None:
    """The principal sits on the committee alone: nobody else may sign his own register."""
    cast = people.cast
    User.objects.filter(is_committee_member=True).update(is_committee_member=False)
    cast.principal.is_committee_member = True
    cast.principal.save(update_fields=["is_committee_member"])
    register = _personal(CampaignFactory(), cast.principal)
    assert people_acting(Actor.SIGNER, on=register) == []
    with pytest.raises(DomainError, match="没有可以为本清单签字"):
        register_submit(register=register, actor=cast.principal)
    register.refresh_from_db()
    assert register.state == RegisterState.DRAFT


def test_a_personal_register_skips_the_party_group(people: People) -> None:
    """Document 004 ends a person's own register with the committee's 审核备案: after the review
    it waits for publication, and the party group (not his leaders) never holds it."""
    cast = people.cast
    party_member = UserFactory(username="party2", unit=cast.bureau, is_party_group_member=True)
    campaign = CampaignFactory(has_party_group_stage=True)
    register = _personal(campaign, cast.filler)
    walk_to(register, RegisterState.SIGNED)
    register_approve(register=register, actor=cast.committee)
    register.refresh_from_db()
    assert register.state == RegisterState.DELIBERATED
    assert not registers_visible_to(party_member).filter(pk=register.pk).exists()
    unit_register = Register.objects.create(
        campaign=campaign, unit=cast.dept, level=RegisterLevel.DEPARTMENT
    )
    assert party_group_stage(unit_register) and not party_group_stage(register)


def test_a_colleague_cannot_send_an_opinion_on_a_personal_publication(
    people: People, client: Client
) -> None:
    register = _personal(CampaignFactory(has_party_group_stage=False), people.cast.filler)
    walk_to(register, RegisterState.PUBLISHED)
    publication = PublishedVersion.objects.get(register=register)
    client.force_login(people.by_role["colleague"])
    url = reverse("workflow:feedback_create", args=[publication.pk])
    assert client.post(url, {"text": "看看"}).status_code == 404
    assert not publication.feedback.exists()


def test_registers_for_people_who_came_after_the_start(people: People, client: Client) -> None:
    """补建清单: a person who joined after the start gets his own register, once; nobody else's
    is touched, and only an administrator may ask."""
    cast = people.cast
    campaign = CampaignFactory(personal_scope=PersonalScope.EVERYONE)
    started = campaign_start(campaign=campaign, actor=cast.admin)
    newcomer = UserFactory(username="newcomer", name="新同事", unit=cast.dept)
    url = reverse("registers:campaign_complete", args=[campaign.pk])
    client.force_login(cast.head)
    assert client.post(url).status_code == 403
    client.force_login(cast.admin)
    assert client.post(url).status_code == 302
    added = Register.objects.filter(campaign=campaign).exclude(pk__in=[r.pk for r in started])
    assert [(r.level, r.person, r.unit) for r in added] == [
        (RegisterLevel.PERSONAL, newcomer, cast.dept)
    ]
    assert campaign_registers_complete(campaign=campaign, actor=cast.admin) == []
    assert AuditEntry.objects.filter(action=actions.CAMPAIGN_ADD_REGISTERS).count() == 1
    with pytest.raises(DomainError, match="尚未开始"):
        campaign_registers_complete(campaign=CampaignFactory(), actor=cast.admin)


def test_an_action_on_a_personal_entry_goes_to_someone_who_may_read_it(people: People) -> None:
    """The owner of an action reads its entry: on a person's own register, not a colleague."""
    cast = people.cast
    register = _personal(CampaignFactory(), cast.filler)
    entry = RiskEntryFactory(register=register)
    with pytest.raises(DomainError, match="不能担任责任人"):
        action_create(
            entry=entry, actor=cast.filler, content="建立台账", owner=people.by_role["colleague"]
        )
    assert action_create(entry=entry, actor=cast.filler, content="建立台账", owner=cast.head)
    assert action_create(entry=entry, actor=cast.filler, content="留痕", owner=cast.filler)
