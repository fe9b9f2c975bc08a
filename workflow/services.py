"""Writes of the workflow: one service per move of the transition table, the signature voiding
that follows an edit, the publication snapshot, and supervision feedback.

Every move: checks the actor's right (PermissionDenied), locks the register (select_for_update),
compares the state and revision the actor's form was built from (someone acted first → a
DomainError, nothing changes), writes the immutable Transition and its audit row, moves the stage
permissions, and queues notifications — all in one transaction.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.models import UserObjectPermission

from audit import actions
from audit.context import current_ip
from audit.services import audit_record
from orgs.models import User
from registers.choices import RegisterState
from registers.data import ENTRY_ATTNAMES
from registers.exceptions import DomainError
from registers.grading import register_grade_label
from registers.models import Register, RiskEntry
from registers.selectors import ungraded_entry_count
from workflow.models import Feedback, PublishedVersion, Signature, Transition
from workflow.notices import notify_feedback, queue_transition_notifications
from workflow.permissions import (
    PERMISSION_NAMES,
    STAGE_PERMISSIONS,
    fits,
    handles_feedback,
    may_act,
    stage_holders,
)
from workflow.signing import REGISTER_SIGNING, check_signing_password
from workflow.transitions import (
    AUDIT_ACTIONS,
    SENT_BACK_BY_EDIT,
    Action,
    move_for,
    party_group_stage,
    submit_refusal,
)


class StaleAction(DomainError):
    """The register moved on (or its content changed) since the actor loaded the page."""

    default_message = gettext_lazy("该清单已被他人处理(状态或内容已变化),请核对最新内容后再操作。")


# --- content digest -------------------------------------------------------------------------


# Fields added to entries after registers were first signed: a signature made before they existed
# stays valid as long as they are empty.
FIELDS_ADDED_LATER = frozenset(
    {"cause", "monitoring_indicator", "responsible_post", "extra_fields"}
)


def register_content(*, register: Register) -> list[dict[str, Any]]:
    """The register's entries in order with every field, foreign keys as ids: the canonical
    content a signature binds to."""
    rows = RiskEntry.objects.filter(register=register).order_by("category__order", "order", "id")
    content = []
    for entry in rows:
        row: dict[str, Any] = {"id": entry.pk, "order": entry.order}
        for field, attname in ENTRY_ATTNAMES.items():
            # Foreign keys by id (attname), so the digest does not depend on related names.
            value = getattr(entry, attname)
            if field in FIELDS_ADDED_LATER and not value:
                continue  # left empty, it leaves the digest as before the field existed
            row[field] = value
        content.append(row)
    return content


def register_digest(*, register: Register) -> str:
    """sha256 of a canonical JSON serialization of the register's identity and content."""
    payload = {
        "register": register.pk,
        "version": register.version,
        "entries": register_content(register=register),
    }
    canonical = json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- stage permissions (django-guardian) -----------------------------------------------------


def _permission(codename: str) -> Permission:
    # Created on demand rather than by Register.Meta.permissions: registers/ must not know the
    # workflow's stages, and a flushed test database gets them back on first use.
    content_type = ContentType.objects.get_for_model(Register)
    permission, _created = Permission.objects.get_or_create(
        codename=codename,
        content_type=content_type,
        defaults={"name": PERMISSION_NAMES[codename]},
    )
    return permission


def _sync_stage_permissions(*, register: Register, actor: User) -> None:
    """Revoke every stage permission on `register` that its state no longer gives, and grant
    the current stage's to the people concerned. Each grant and revoke is audited."""
    content_type = ContentType.objects.get_for_model(Register)
    wanted_codename = STAGE_PERMISSIONS.get(register.state)
    wanted_users = {user.pk: user for user in stage_holders(register)} if wanted_codename else {}
    existing = UserObjectPermission.objects.filter(
        content_type=content_type,
        object_pk=str(register.pk),
        permission__codename__in=list(STAGE_PERMISSIONS.values()),
    ).select_related("permission", "user")
    kept: set[int] = set()
    for row in existing:
        if row.permission.codename == wanted_codename and row.user_id in wanted_users:
            kept.add(row.user_id)
            continue
        audit_record(
            action=actions.REGISTER_REVOKE_PERMISSION,
            actor=actor,
            obj=register,
            data={"permission": row.permission.codename, "user": row.user.username},
        )
        row.delete()
    if wanted_codename is None:
        return
    permission = _permission(wanted_codename)
    for user_id, user in wanted_users.items():
        if user_id in kept:
            continue
        UserObjectPermission.objects.create(
            user=user, permission=permission, content_type=content_type, object_pk=str(register.pk)
        )
        audit_record(
            action=actions.REGISTER_GRANT_PERMISSION,
            actor=actor,
            obj=register,
            data={"permission": wanted_codename, "user": user.username},
        )


# --- the moves -------------------------------------------------------------------------------


def _lock(*, register: Register) -> Register:
    return (
        # of=("self",): lock the register row only (the post join is nullable, and PostgreSQL
        # refuses FOR UPDATE on the nullable side of an outer join).
        Register.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign", "post")
        .get(pk=register.pk)
    )


def _void_signatures(*, register: Register, actor: User, reason: str) -> int:
    now = timezone.now()
    voided = 0
    for signature in Signature.objects.filter(register=register, voided_at__isnull=True):
        signature.voided_at = now
        signature.void_reason = reason
        signature.save(update_fields=["voided_at", "void_reason"])
        audit_record(
            action=actions.REGISTER_VOID_SIGNATURE,
            actor=actor,
            obj=register,
            data={"signature": signature.pk, "signer": signature.signer_id, "reason": reason},
        )
        voided += 1
    return voided


def _record_move(
    *, register: Register, action: str, to_state: str, actor: User, comment: str
) -> Transition:
    """Move `register` (locked) to `to_state` and record it; the caller has checked everything."""
    from_state = register.state
    register.state = to_state
    register.save(update_fields=["state", "version", "updated_at"])
    transition = Transition.objects.create(
        register=register,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        ip=current_ip(),
        version=register.version,
        revision=register.revision,
        created_at=timezone.now(),
    )
    audit_record(
        action=AUDIT_ACTIONS[action],
        actor=actor,
        obj=register,
        data={
            "transition": transition.pk,
            "from": from_state,
            "to": to_state,
            "comment": comment,
            "version": register.version,
            "revision": register.revision,
        },
    )
    _sync_stage_permissions(register=register, actor=actor)
    queue_transition_notifications(transition=transition)
    return transition


def _checked(
    *,
    register: Register,
    actor: User,
    action: str,
    expected_state: str | None,
    expected_revision: int | None,
) -> tuple[Register, str]:
    """Lock the register and run the checks every move shares; returns it and the target."""
    register = _lock(register=register)
    if (expected_state is not None and expected_state != register.state) or (
        expected_revision is not None and expected_revision != register.revision
    ):
        raise StaleAction
    move = move_for(state=register.state, action=action)
    if move is None:
        raise DomainError(
            _("清单当前状态为“%(state)s”,不能执行该操作。")
            % {"state": register.get_state_display()}
        )
    if not fits(actor, register, move.actor):
        raise PermissionDenied
    return register, move.target(party_group_stage=party_group_stage(register))


@transaction.atomic
def register_submit(
    *,
    register: Register,
    actor: User,
    comment: str = "",
    expected_state: str | None = None,
    expected_revision: int | None = None,
) -> Transition:
    """The filler (or the unit's head) submits the register to its signer; not while an entry
    is ungraded (see workflow.transitions.submit_refusal)."""
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.SUBMIT,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    # Counted under the register's lock: an import that adds ungraded entries locks it too.
    refusal = submit_refusal(register=register, ungraded=ungraded_entry_count(register=register))
    if refusal:
        raise DomainError(refusal)
    return _record_move(
        register=register, action=Action.SUBMIT, to_state=to_state, actor=actor, comment=comment
    )


def register_sign(
    *,
    register: Register,
    actor: User,
    password: str,
    comment: str = "",
    expected_state: str | None = None,
    expected_revision: int | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """The signer confirms with his password; the signature binds to the content's digest.

    With the web request the password goes through the sign-in's django-axes throttle (see
    workflow.signing). The password is checked before the transaction so that a wrong one
    is audited even though the sign-off itself fails (the audit row would otherwise roll back
    with it)."""
    if not may_act(actor, register, Action.SIGN):
        # A quick check on the caller's copy; the locked one is checked again below.
        fresh = Register.objects.select_related("unit", "campaign").get(pk=register.pk)
        if not may_act(actor, fresh, Action.SIGN):
            if move_for(state=fresh.state, action=Action.SIGN) is None:
                raise StaleAction
            raise PermissionDenied
    check_signing_password(
        obj=register, actor=actor, password=password, request=request, codes=REGISTER_SIGNING
    )
    return _sign(
        register=register,
        actor=actor,
        comment=comment,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )


@transaction.atomic
def _sign(
    *,
    register: Register,
    actor: User,
    comment: str,
    expected_state: str | None,
    expected_revision: int | None,
) -> Signature:
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.SIGN,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    signature = Signature.objects.create(
        register=register,
        signer=actor,
        signed_at=timezone.now(),
        digest=register_digest(register=register),
        version=register.version,
        revision=register.revision,
    )
    _record_move(
        register=register, action=Action.SIGN, to_state=to_state, actor=actor, comment=comment
    )
    return signature


@transaction.atomic
def register_return(
    *,
    register: Register,
    actor: User,
    reason: str,
    expected_state: str | None = None,
    expected_revision: int | None = None,
) -> Transition:
    """Whoever may act at the current review stage sends the register back with a reason; the
    signatures no longer cover what the filler will change, so they are voided."""
    reason = reason.strip()
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.RETURN,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    if not reason:
        raise DomainError(_("退回时必须填写退回理由。"))
    _void_signatures(register=register, actor=actor, reason=_("清单被退回修改"))
    return _record_move(
        register=register, action=Action.RETURN, to_state=to_state, actor=actor, comment=reason
    )


def _require_valid_signature(register: Register) -> None:
    """Defence in depth: a register past sign-off must carry a signature of its current content."""
    digest = register_digest(register=register)
    if not Signature.objects.filter(
        register=register, voided_at__isnull=True, digest=digest
    ).exists():
        raise DomainError(_("清单没有与当前内容一致的有效签字,不能继续。"))


@transaction.atomic
def register_approve(
    *,
    register: Register,
    actor: User,
    comment: str = "",
    expected_state: str | None = None,
    expected_revision: int | None = None,
) -> Transition:
    """The committee approves: on to the party group, or straight to publication when the
    campaign has no party-group stage."""
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.APPROVE,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    _require_valid_signature(register)
    return _record_move(
        register=register, action=Action.APPROVE, to_state=to_state, actor=actor, comment=comment
    )


@transaction.atomic
def register_deliberate(
    *,
    register: Register,
    actor: User,
    comment: str = "",
    expected_state: str | None = None,
    expected_revision: int | None = None,
) -> Transition:
    """The party group has studied (研究) the approved register."""
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.DELIBERATE,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    if not party_group_stage(register):
        raise DomainError(_("本清单不经党组研究(本次排查工作不设该环节,或为个人清单)。"))
    _require_valid_signature(register)
    return _record_move(
        register=register,
        action=Action.DELIBERATE,
        to_state=to_state,
        actor=actor,
        comment=comment,
    )


def _snapshot(*, register: Register, actor: User) -> PublishedVersion:
    campaign = register.campaign
    entries = (
        RiskEntry.objects.filter(register=register)
        .select_related("category")
        .order_by("category__order", "order", "id")
    )
    signatures = Signature.objects.filter(
        register=register, voided_at__isnull=True, version=register.version
    ).select_related("signer")
    return PublishedVersion.objects.create(
        register=register,
        campaign=campaign,
        version=register.version,
        title=register.title,
        unit_name=register.unit.name,
        level=register.level,
        level_label=str(register.get_level_display()),
        unit_order=register.unit.order,
        entries=[
            {
                "category": entry.category.name,
                "category_order": entry.category.order,
                "order": entry.order,
                "risk": entry.risk,
                "manifestations": entry.manifestations,
                "grade": entry.grade,
                "grade_label": register_grade_label(register, entry.grade),
                "cause": entry.cause,
                "prevention_measures": entry.prevention_measures,
                "monitoring_indicator": entry.monitoring_indicator,
                "responsible_department": entry.responsible_department,
                "responsible_post": entry.responsible_post,
                "responsible_leader_name": entry.responsible_leader_name,
                "extra_fields": entry.extra_fields,
            }
            for entry in entries
        ],
        signers=[
            {"name": signature.signer.name, "signed_at": signature.signed_at.isoformat()}
            for signature in signatures
        ],
        digest=register_digest(register=register),
        published_by=actor,
        published_at=timezone.now(),
    )


# Apps above workflow (commitments) act on a publication in the same transaction: a listener
# that fails rolls the publication back with it.
PublicationListener = Callable[[PublishedVersion, User], None]
_publication_listeners: list[PublicationListener] = []


def on_register_published(listener: PublicationListener) -> None:
    if listener not in _publication_listeners:
        _publication_listeners.append(listener)


@transaction.atomic
def register_publish(
    *,
    register: Register,
    actor: User,
    comment: str = "",
    expected_state: str | None = None,
    expected_revision: int | None = None,
) -> PublishedVersion:
    """Publish (公示): freeze the content into a PublishedVersion that readers see."""
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.PUBLISH,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    _require_valid_signature(register)
    publication = _snapshot(register=register, actor=actor)
    _record_move(
        register=register, action=Action.PUBLISH, to_state=to_state, actor=actor, comment=comment
    )
    for listener in _publication_listeners:
        listener(publication, actor)
    return publication


@transaction.atomic
def register_reopen(
    *,
    register: Register,
    actor: User,
    comment: str = "",
    expected_state: str | None = None,
    expected_revision: int | None = None,
) -> Transition:
    """Start a new version of a published register (back to draft, version + 1). The published
    snapshot stays what readers see until the new version is published."""
    register, to_state = _checked(
        register=register,
        actor=actor,
        action=Action.REOPEN,
        expected_state=expected_state,
        expected_revision=expected_revision,
    )
    _void_signatures(register=register, actor=actor, reason=_("已开始修订新版本"))
    register.version += 1
    return _record_move(
        register=register, action=Action.REOPEN, to_state=to_state, actor=actor, comment=comment
    )


def register_content_changed(register: Register, actor: User) -> None:
    """Listener of registers.services: an edit of the entries (the register is locked by the
    caller's transaction) voids every signature visibly, and a register waiting for signature or
    review goes back to draft, so that nobody signs or approves content he has not seen."""
    _void_signatures(register=register, actor=actor, reason=_("签字后清单内容被修改"))
    if register.state in SENT_BACK_BY_EDIT:
        _record_move(
            register=register,
            action=Action.CONTENT_CHANGED,
            to_state=RegisterState.DRAFT,
            actor=actor,
            comment=_("提交后清单内容被修改,已退回自查填报,需重新提交签字。"),
        )


class MoveService(Protocol):
    """A move made with nothing but an optional comment (sign and return need more)."""

    def __call__(
        self,
        *,
        register: Register,
        actor: User,
        comment: str = "",
        expected_state: str | None = None,
        expected_revision: int | None = None,
    ) -> Transition | PublishedVersion: ...


ACTION_SERVICES: dict[str, MoveService] = {
    Action.SUBMIT: register_submit,
    Action.APPROVE: register_approve,
    Action.DELIBERATE: register_deliberate,
    Action.PUBLISH: register_publish,
    Action.REOPEN: register_reopen,
}


# --- supervision feedback --------------------------------------------------------------------


# Namespace of the advisory locks below (pg_advisory_xact_lock's two-key form, a key space apart
# from the audit chain's one-key lock); any constant works.
_FEEDBACK_LOCK_NAMESPACE = 7_261_730


def _rate_limited(ip: str | None) -> bool:
    """At most PUBLIC_FEEDBACK_PER_HOUR anonymous opinions per address in the last hour, counted
    from the stored opinions themselves (they keep the address): no cache that can be down and
    turn an opinion into a 500, and a count that is exactly what was stored. Runs inside
    feedback_create's transaction, before the insert. Two posts from one address at once must not
    both pass the count: PostgreSQL holds an advisory lock per address until the commit; SQLite
    needs none, its transactions start IMMEDIATE and so take the write lock before counting."""
    limit: int = getattr(settings, "PUBLIC_FEEDBACK_PER_HOUR", 5)
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256((ip or "").encode()).digest()[:4], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_FEEDBACK_LOCK_NAMESPACE, key])
    recent = Feedback.objects.filter(
        is_public=True, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    # Opinions without an address (none known) share one allowance, as before.
    recent = recent.filter(ip=ip) if ip else recent.filter(ip__isnull=True)
    return recent.count() >= limit


@transaction.atomic
def feedback_create(
    *,
    publication: PublishedVersion,
    text: str,
    contact: str = "",
    author: User | None = None,
    ip: str | None = None,
) -> Feedback:
    """Record a supervision opinion; without an author it came from the public page and is
    rate-limited per address."""
    text = text.strip()
    if not text:
        raise DomainError(_("请填写监督意见。"))
    if len(text) > 2000:
        raise DomainError(_("监督意见不能超过2000字。"))
    ip = ip or current_ip()
    is_public = author is None
    if is_public and _rate_limited(ip):
        raise DomainError(_("提交过于频繁,请稍后再试。"))
    feedback = Feedback.objects.create(
        publication=publication,
        text=text,
        contact=contact.strip()[:100],
        author=author,
        is_public=is_public,
        ip=ip,
        created_at=timezone.now(),
    )
    audit_record(
        action=actions.FEEDBACK_CREATE,
        actor=author,
        actor_name="" if author else _("匿名"),
        obj=feedback,
        data={"publication": publication.pk, "public": is_public},
        ip=ip,
    )
    notify_feedback(feedback_text=text, register=publication.register, actor=author)
    return feedback


@transaction.atomic
def feedback_handle(*, feedback: Feedback, actor: User, note: str = "") -> Feedback:
    """The committee marks an opinion handled."""
    if not handles_feedback(actor):
        raise PermissionDenied
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.handled_at is not None:
        raise DomainError(_("该意见已处理。"))
    feedback.handled_at = timezone.now()
    feedback.handled_by = actor
    feedback.handling_note = note.strip()
    feedback.save(update_fields=["handled_at", "handled_by", "handling_note"])
    audit_record(action=actions.FEEDBACK_HANDLE, actor=actor, obj=feedback, data={})
    return feedback
