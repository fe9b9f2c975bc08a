"""Writes of the letters: generation from a published register, the campaign's texts, signing
(password and digest, as registers) and publication (公示).

Generation runs inside register_publish's transaction (workflow.services.on_register_published,
subscribed in wiring): a failure rolls the publication back with it. It is idempotent — one letter
per register, version, kind and person — so the command for registers published before this app
existed (commitments_generate_published) may run any number of times.
"""

import hashlib
import json
from collections import Counter
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from commitments.choices import CommitmentKind, CommitmentState
from commitments.models import Commitment, CommitmentText
from commitments.permissions import can_edit_texts, can_publish, can_sign, is_publisher
from commitments.texts import default_text
from notifications.models import NotificationKind
from notifications.services import notify
from orgs.models import Unit, User
from registers.choices import RegisterLevel
from registers.exceptions import DomainError
from registers.models import Campaign, Register
from workflow.models import PublishedVersion
from workflow.permissions import principal_above
from workflow.signing import SigningCodes, check_signing_password

COMMITMENT_SIGNING = SigningCodes(
    refuse=actions.COMMITMENT_REFUSE_SIGNING,
    lock=actions.COMMITMENT_LOCK_SIGNING,
    refuse_locked=actions.COMMITMENT_REFUSE_LOCKED_SIGNING,
)

PERSONAL_KINDS = (CommitmentKind.PERSONAL, CommitmentKind.REPORT)


def sign_days() -> int:
    """COMMITMENT_SIGN_DAYS, read strictly as an integer by config/settings.py (a test may
    override it)."""
    return int(settings.COMMITMENT_SIGN_DAYS)


# --- texts -----------------------------------------------------------------------------------


def commitment_text(*, campaign: Campaign, kind: str) -> str:
    """The campaign's text for `kind`: its own if edited, the default otherwise."""
    row = CommitmentText.objects.filter(campaign=campaign, kind=kind).first()
    return row.text if row is not None else default_text(kind)


@transaction.atomic
def commitment_text_update(
    *, campaign: Campaign, kind: str, text: str, actor: User
) -> CommitmentText | None:
    """Set the campaign's text for `kind`. Letters already generated keep theirs. None when the
    text is unchanged (nothing written, nothing audited)."""
    if not can_edit_texts(actor):
        raise PermissionDenied
    if kind not in CommitmentKind.values:
        raise DomainError(_("承诺书类型不正确。"))
    text = text.strip()
    if not text:
        raise DomainError(_("承诺内容不能为空。"), field=kind)
    old = commitment_text(campaign=campaign, kind=kind)
    if text == old:
        return None
    row, _created = CommitmentText.objects.select_for_update().get_or_create(
        campaign=campaign, kind=kind, defaults={"text": text, "updated_by": actor}
    )
    row.text, row.updated_by = text, actor
    row.save()
    audit_record(
        action=actions.COMMITMENT_TEXT_UPDATE,
        actor=actor,
        obj=row,
        data={"kind": kind, "old": old, "new": text},
    )
    return row


# --- generation ------------------------------------------------------------------------------


def letter_risks(publication: PublishedVersion) -> list[dict[str, Any]]:
    """The published register's risks as the letter lists them: category, risk, the grade as
    the campaign prints it, measures."""
    return [
        {
            "category": entry.get("category", ""),
            "risk": entry.get("risk", ""),
            "grade": entry.get("grade"),
            "grade_label": entry.get("grade_label", ""),
            "measures": entry.get("prevention_measures", ""),
        }
        for entry in sorted(
            publication.entries,
            key=lambda e: (e.get("category_order", 0), e.get("order", 0)),
        )
    ]


def report_summary(risks: list[dict[str, Any]]) -> str:
    """The report's opening: how many risks were found, per grade."""
    by_grade = Counter((r.get("grade") or 9, r.get("grade_label") or _("未定级")) for r in risks)
    parts = [
        _("%(label)s%(count)d个") % {"label": label, "count": count}
        for (_grade, label), count in sorted(by_grade.items())
    ]
    if not risks:
        return _("经自查,本人岗位未查找出廉能风险点。")
    return _("经自查,本人岗位共查找出廉能风险点%(total)d个,其中%(parts)s,均已制定防控措施。") % {
        "total": len(risks),
        "parts": "、".join(parts),
    }


def _unit_principal(unit: Unit) -> User | None:
    return unit.head if unit.is_principal_unit else principal_above(unit)


def _letters_due(register: Register) -> list[tuple[str, User | None, User | None]]:
    """(kind, person, signer) of every letter a publication of `register` gives."""
    if register.level == RegisterLevel.PERSONAL:
        people = [register.person] if register.person is not None else []
    elif register.level == RegisterLevel.POST and register.post_id is not None:
        people = list(User.objects.filter(post_id=register.post_id, is_active=True).order_by("pk"))
    elif register.level == RegisterLevel.DEPARTMENT:
        return [(CommitmentKind.DEPARTMENT, None, register.unit.head)]
    elif register.level == RegisterLevel.UNIT:
        return [(CommitmentKind.UNIT, None, _unit_principal(register.unit))]
    else:  # the 三重一大 register gives no letter
        return []
    return [(kind, person, person) for person in people for kind in PERSONAL_KINDS]


def _generate(*, publication: PublishedVersion, actor: User | None) -> list[Commitment]:
    register = (
        Register.objects.select_related("unit__parent", "person", "campaign")
        .select_for_update(of=("self",))
        .get(pk=publication.register_id)
    )
    campaign = register.campaign
    risks = letter_risks(publication)
    sign_by = timezone.localdate() + timedelta(days=sign_days())
    created: list[Commitment] = []
    for kind, person, signer in _letters_due(register):
        if Commitment.objects.filter(
            register=register, register_version=publication.version, kind=kind, person=person
        ).exists():
            continue
        text = commitment_text(campaign=campaign, kind=kind)
        if kind == CommitmentKind.REPORT:
            text = f"{report_summary(risks)}\n{text}"
        letter = Commitment.objects.create(
            campaign=campaign,
            kind=kind,
            register=register,
            register_version=publication.version,
            unit=register.unit,
            person=person,
            signer=signer,
            sign_by=sign_by,
            text=text,
            risks=risks,
        )
        audit_record(
            action=actions.COMMITMENT_GENERATE,
            actor=actor,
            obj=letter,
            data={"register": register.pk, "version": publication.version, "kind": kind},
        )
        created.append(letter)
    if created:
        _supersede(register=register, version=publication.version, actor=actor)
        for signer in {letter.signer_id: letter.signer for letter in created}.values():
            notify(
                recipients=[signer],
                kind=NotificationKind.OTHER,
                title=_("请签署承诺书"),
                body=_("“%(register)s”已公示,请于%(date)s前签署相应的承诺书。")
                % {"register": register.title, "date": sign_by.isoformat()},
                url=reverse("commitments:mine"),
            )
    return created


def _supersede(*, register: Register, version: int, actor: User | None) -> None:
    """The letters of the register's older versions are no longer expected: each is marked
    superseded (audited); a signed one keeps its signature, as of an older version."""
    now = timezone.now()
    older = Commitment.objects.filter(
        register=register, register_version__lt=version, superseded_at__isnull=True
    )
    for letter in older:
        audit_record(
            action=actions.COMMITMENT_SUPERSEDE,
            actor=actor,
            obj=letter,
            data={"version": letter.register_version, "new_version": version},
        )
    older.update(superseded_at=now)


def register_published(publication: PublishedVersion, actor: User) -> None:
    """Listener of workflow.services.on_register_published."""
    _generate(publication=publication, actor=actor)


@transaction.atomic
def commitments_generate_published(
    *, campaign: Campaign | None = None, actor: User | None = None
) -> list[Commitment]:
    """The letters of every register already published (its latest publication), for registers
    published before letters existed. Idempotent."""
    publications = PublishedVersion.objects.order_by("register_id", "-version")
    if campaign is not None:
        publications = publications.filter(campaign=campaign)
    created: list[Commitment] = []
    seen: set[int] = set()
    for publication in publications:
        if publication.register_id in seen:
            continue
        seen.add(publication.register_id)
        created += _generate(publication=publication, actor=actor)
    return created


# --- signing ---------------------------------------------------------------------------------


def commitment_content(letter: Commitment) -> dict[str, Any]:
    """What a signature binds to: the subject by id (as register_digest binds foreign keys), so
    that renaming a unit or a person later leaves the signature valid."""
    return {
        "letter": letter.pk,
        "kind": letter.kind,
        "subject": {"person": letter.person_id, "unit": letter.unit_id},
        "text": letter.text,
        "risks": letter.risks,
        "register": letter.register_id,
        "register_version": letter.register_version,
    }


def commitment_digest(letter: Commitment) -> str:
    """sha256 of the canonical JSON of the letter's content (as register_digest does)."""
    canonical = json.dumps(
        commitment_content(letter),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def commitment_sign(
    *, letter: Commitment, actor: User, password: str, request: HttpRequest | None = None
) -> Commitment:
    """The signer confirms with his sign-in password (through the sign-in's throttle, see
    workflow.signing); the signature binds to the letter's digest. The password is checked before
    the transaction so that a wrong one stays audited."""
    if not can_sign(actor, letter):
        fresh = Commitment.objects.get(pk=letter.pk)
        if fresh.signer_id != actor.pk:
            raise PermissionDenied
        if not can_sign(actor, fresh):
            raise DomainError(_("该承诺书当前不能签字(已签字或已被新版本取代)。"))
    check_signing_password(
        obj=letter, actor=actor, password=password, request=request, codes=COMMITMENT_SIGNING
    )
    return _sign(letter=letter, actor=actor)


@transaction.atomic
def _sign(*, letter: Commitment, actor: User) -> Commitment:
    letter = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=letter.pk)
    )
    if letter.signer_id != actor.pk:
        raise PermissionDenied
    if not can_sign(actor, letter):
        raise DomainError(_("该承诺书当前不能签字(已签字或已被新版本取代)。"))
    letter.digest = commitment_digest(letter)
    letter.signed_by = actor
    letter.signed_at = timezone.now()
    letter.state = CommitmentState.SIGNED
    # Conditional on the state read above: on SQLite, where select_for_update locks nothing, a
    # second signature at the same moment changes no row and is refused.
    signed = Commitment.objects.filter(pk=letter.pk, state=CommitmentState.UNSIGNED).update(
        digest=letter.digest,
        signed_by=actor,
        signed_at=letter.signed_at,
        state=CommitmentState.SIGNED,
    )
    if not signed:
        raise DomainError(_("该承诺书当前不能签字(已签字或已被新版本取代)。"))
    audit_record(
        action=actions.COMMITMENT_SIGN, actor=actor, obj=letter, data={"digest": letter.digest}
    )
    return letter


def signature_valid(letter: Commitment) -> bool:
    """The stored digest still matches the letter's content."""
    return bool(letter.digest) and letter.digest == commitment_digest(letter)


# --- publication -----------------------------------------------------------------------------


@transaction.atomic
def commitment_publish(*, letter: Commitment, actor: User) -> Commitment:
    """Publish (公示) a signed department or unit letter."""
    letter = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=letter.pk)
    )
    if not is_publisher(actor):
        raise PermissionDenied
    if letter.signed_by_id == actor.pk:
        raise DomainError(_("签字人不能公示本人签字的承诺书,请由其他纪委成员或管理员公示。"))
    if not can_publish(actor, letter):
        raise DomainError(_("只有已签字的内设机构和单位承诺书可以公示。"))
    if not signature_valid(letter):
        raise DomainError(_("承诺书内容与签字不一致,不能公示。"))
    letter.state = CommitmentState.PUBLISHED
    letter.published_at = timezone.now()
    letter.save(update_fields=["state", "published_at"])
    audit_record(action=actions.COMMITMENT_PUBLISH, actor=actor, obj=letter)
    return letter
