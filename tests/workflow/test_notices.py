"""queue_transition_notifications: who hears of each workflow step, in the app and by e-mail.

The workflow services are on another branch, so these tests write the Transition rows themselves,
in a transaction, the way the services do."""

from collections.abc import Callable

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, OutboxMessage
from registers.models import Register
from tests.campaign_world import World, set_state
from workflow.models import Transition
from workflow.notices import notify_feedback, queue_transition_notifications

pytestmark = pytest.mark.django_db

OnCommit = Callable[..., object]


def step(
    register: Register, action: str, actor: object, comment: str = "", to_state: str = "draft"
) -> Transition:
    with transaction.atomic():
        transition = Transition.objects.create(
            register=register,
            action=action,
            from_state=register.state,
            to_state=to_state,
            actor=actor,
            comment=comment,
            version=register.version,
            revision=register.revision,
            created_at=timezone.now(),
        )
        queue_transition_notifications(transition=transition)
    return transition


def recipients(action: str) -> set[str]:
    return set(
        Notification.objects.filter(kind=action).values_list("recipient__username", flat=True)
    )


def test_submit_notifies_the_signer(world: World, django_capture_on_commit_callbacks) -> None:
    cast = world.cast
    with django_capture_on_commit_callbacks(execute=True):
        step(world.dept_register, "submit", cast.filler, to_state="submitted")
    # A department-level register is signed by its leader in charge.
    assert recipients("submitted") == {"leader"}
    note = Notification.objects.get(recipient=cast.leader)
    assert note.title == "审批处廉政风险清单已提交,请审阅签字"
    assert note.register == world.dept_register
    assert [m.to for m in mail.outbox] == [["leader@example.org"]]
    assert mail.outbox[0].subject == "[清廉] 审批处廉政风险清单已提交,请审阅签字"
    assert "刘经办 提交了 审批处廉政风险清单" in mail.outbox[0].body


def test_post_register_is_signed_by_the_department_head(world: World) -> None:
    step(world.post_register, "submit", world.cast.filler, to_state="submitted")
    assert recipients("submitted") == {"head"}


def test_return_tells_the_fillers_why(world: World, django_capture_on_commit_callbacks) -> None:
    cast = world.cast
    with django_capture_on_commit_callbacks(execute=True):
        step(
            world.dept_register,
            "return",
            cast.committee,
            comment="防控措施不具体",
            to_state="returned",
        )
    assert recipients("returned") == {"filler", "head"}
    note = Notification.objects.get(recipient=cast.filler)
    assert "退回理由:防控措施不具体" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["filler@example.org", "head@example.org"]
    assert all("防控措施不具体" in m.body for m in mail.outbox)


def test_sign_notifies_the_committee(world: World) -> None:
    step(world.dept_register, "sign", world.cast.leader, to_state="signed")
    assert recipients("signed") == {"committee"}


def test_approve_notifies_the_party_group_or_the_committee(world: World) -> None:
    cast = world.cast
    cast.principal.is_party_group_member = True
    cast.principal.save()
    step(world.dept_register, "approve", cast.committee, to_state="approved")
    assert recipients("approved") == {"principal"}
    Notification.objects.all().delete()
    world.campaign.has_party_group_stage = False
    world.campaign.save()
    step(world.dept_register, "approve", cast.admin, to_state="deliberated")
    assert recipients("approved") == {"committee"}


def test_publish_notifies_everyone_concerned(world: World) -> None:
    set_state(world.dept_register, "deliberated")
    step(world.dept_register, "publish", world.cast.committee, to_state="published")
    # Fillers, the head, the signer (leader in charge) and the bureau's principal.
    assert recipients("published") == {"filler", "head", "leader", "principal"}


def test_the_actor_is_not_told_of_his_own_step(world: World) -> None:
    world.cast.dept.leader_in_charge = world.cast.filler
    world.cast.dept.save()
    step(world.dept_register, "submit", world.cast.filler, to_state="submitted")
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
        transition = Transition.objects.create(
            register=world.dept_register,
            action="submit",
            from_state="draft",
            to_state="submitted",
            actor=world.cast.filler,
            version=1,
            revision=0,
            created_at=timezone.now(),
        )
        queue_transition_notifications(transition=transition)
        raise RuntimeError("the step failed")
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_users_without_address_get_the_bell_only(world: World) -> None:
    world.cast.leader.email = ""
    world.cast.leader.save()
    step(world.dept_register, "submit", world.cast.filler, to_state="submitted")
    assert recipients("submitted") == {"leader"}
    assert not OutboxMessage.objects.exists()
