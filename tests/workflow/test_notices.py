"""queue_transition_notifications: who hears of each workflow step, in the app and by e-mail.
Each step is made through the workflow services, which record the notifications in the step's own
transaction and start their delivery when it commits."""

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Notification, OutboxMessage
from registers.choices import RegisterState
from tests.campaign_world import World
from tests.factories import TEST_PASSWORD, UserFactory
from tests.walk import walk_to
from workflow import services
from workflow.notices import notify_feedback

pytestmark = pytest.mark.django_db


def recipients(action: str) -> set[str]:
    return set(
        Notification.objects.filter(kind=action).values_list("recipient__username", flat=True)
    )


def test_submit_notifies_the_signer(world: World, django_capture_on_commit_callbacks) -> None:
    cast = world.cast
    with django_capture_on_commit_callbacks(execute=True):
        services.register_submit(register=world.dept_register, actor=cast.filler)
    # A department-level register is signed by its leader in charge.
    assert recipients("submitted") == {"leader"}
    note = Notification.objects.get(recipient=cast.leader)
    assert note.title == "审批处廉政风险清单已提交,请审阅签字"
    assert note.register == world.dept_register
    assert [m.to for m in mail.outbox] == [["leader@example.org"]]
    assert mail.outbox[0].subject == "[清廉] 审批处廉政风险清单已提交,请审阅签字"
    assert "刘经办 提交了 审批处廉政风险清单" in mail.outbox[0].body


def test_post_register_is_signed_by_the_department_head(world: World) -> None:
    services.register_submit(register=world.post_register, actor=world.cast.filler)
    assert recipients("submitted") == {"head"}


def test_return_tells_the_fillers_why(world: World, django_capture_on_commit_callbacks) -> None:
    cast = world.cast
    walk_to(world.dept_register, RegisterState.SIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        services.register_return(
            register=world.dept_register, actor=cast.committee, reason="防控措施不具体"
        )
    assert recipients("returned") == {"filler", "head"}
    note = Notification.objects.get(recipient=cast.filler)
    assert "退回理由:防控措施不具体" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["filler@example.org", "head@example.org"]
    assert all("防控措施不具体" in m.body for m in mail.outbox)


def test_sign_notifies_the_committee(world: World) -> None:
    walk_to(world.dept_register, RegisterState.SUBMITTED)
    services.register_sign(
        register=world.dept_register, actor=world.cast.leader, password=TEST_PASSWORD
    )
    assert recipients("signed") == {"committee"}


def test_approve_notifies_the_party_group_or_the_committee(world: World) -> None:
    cast = world.cast
    cast.principal.is_party_group_member = True
    cast.principal.save()
    walk_to(world.dept_register, RegisterState.SIGNED)
    services.register_approve(register=world.dept_register, actor=cast.committee)
    assert recipients("approved") == {"principal"}
    Notification.objects.all().delete()
    # Without the party group's stage the committee publishes next: it hears of the approval,
    # all but the member who approved.
    world.campaign.has_party_group_stage = False
    world.campaign.save()
    approver = UserFactory(username="committee2", unit=cast.bureau, is_committee_member=True)
    walk_to(world.other_register, RegisterState.SIGNED)
    services.register_approve(register=world.other_register, actor=approver)
    world.other_register.refresh_from_db()
    assert world.other_register.state == RegisterState.DELIBERATED
    assert recipients("approved") == {"committee"}


def test_publish_notifies_everyone_concerned(world: World) -> None:
    world.campaign.has_party_group_stage = False  # nobody in the cast deliberates
    world.campaign.save()
    walk_to(world.dept_register, RegisterState.DELIBERATED)
    services.register_publish(register=world.dept_register, actor=world.cast.committee)
    # Fillers, the head, the signer (leader in charge) and the bureau's principal.
    assert recipients("published") == {"filler", "head", "leader", "principal"}


def test_the_actor_is_not_told_of_his_own_step(world: World) -> None:
    world.cast.dept.leader_in_charge = world.cast.filler
    world.cast.dept.save()
    services.register_submit(register=world.dept_register, actor=world.cast.filler)
    assert recipients("submitted") == set()


def test_feedback_reaches_only_the_committee(world: World) -> None:
    # An opinion may be a complaint about the fillers themselves: they are not told of it.
    notify_feedback(feedback_text="请补充审批环节的风险点", register=world.dept_register)
    assert recipients("feedback") == {"committee"}
    assert Notification.objects.filter(body="请补充审批环节的风险点").count() == 1


def test_rollback_leaves_no_notification(world: World, django_capture_on_commit_callbacks) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.register_submit(register=world.dept_register, actor=world.cast.filler)
        raise RuntimeError("a later write of the same transaction failed")
    world.dept_register.refresh_from_db()
    assert world.dept_register.state == RegisterState.DRAFT
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_users_without_address_get_the_bell_only(world: World) -> None:
    world.cast.leader.email = ""
    world.cast.leader.save()
    services.register_submit(register=world.dept_register, actor=world.cast.filler)
    assert recipients("submitted") == {"leader"}
    assert not OutboxMessage.objects.exists()
