"""Re-authentication for a signature (签字): the signer types his sign-in password again, and it
goes through django-axes like a sign-in, so one lockout serves signing in and every kind of signing
(registers here, commitment letters in commitments/)."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.conf import settings as axes_settings
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate
from django.db.models import Max, Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import actions
from audit.services import audit_record
from orgs.models import User
from registers.exceptions import DomainError


class SigningLocked(DomainError):
    """Too many wrong passwords for this user from this address: signing, like signing in, is
    refused until the cool-off ends or an administrator unlocks the account under Axes."""


@dataclass(frozen=True)
class SigningCodes:
    """The audit codes of a kind of signing: a wrong password, the lock it causes, an attempt
    refused while the lock lasts."""

    refuse: str
    lock: str
    refuse_locked: str


REGISTER_SIGNING = SigningCodes(
    refuse=actions.REGISTER_REFUSE_SIGNING,
    lock=actions.REGISTER_LOCK_SIGNING,
    refuse_locked=actions.REGISTER_REFUSE_LOCKED_SIGNING,
)


def _audit_sign_failure(
    *,
    obj: Model,
    actor: User,
    action: str,
    failures: int | None = None,
    limit: int | None = None,
) -> None:
    """A wrong signing password; with the web request, how many failures axes counts so far
    and how many lock signing (a script calling the service has no address to count)."""
    data: dict[str, object] = {"username": actor.get_username()}
    if failures is not None:
        data.update(failures=failures, limit=limit)
    audit_record(action=action, actor=actor, obj=obj, data=data)


def _signing_lock_ends(*, request: HttpRequest, username: str) -> datetime | None:
    """When the signer may try again. axes counts the failures newer than the cool-off, so the
    lock lifts one cool-off after the latest failure (an upper bound when failures came from
    several browsers). None: no cool-off configured, only an administrator unlocks."""
    cool_off: timedelta | None = get_cool_off(request)
    if cool_off is None:
        return None
    # By user name and address together, as AXES_LOCKOUT_PARAMETERS counts them.
    latest = AccessAttempt.objects.filter(
        username=username, ip_address=get_client_ip_address(request)
    ).aggregate(latest=Max("attempt_time"))["latest"]
    return (latest or timezone.now()) + cool_off


def _signing_locked(*, obj: Model, actor: User, request: HttpRequest, action: str) -> SigningLocked:
    """Audit the lock (or an attempt refused under it) and build the message that says when
    signing may be tried again."""
    username = actor.get_username()
    ends = _signing_lock_ends(request=request, username=username)
    audit_record(action=action, actor=actor, obj=obj, data={"username": username, "until": ends})
    if ends is None:
        return SigningLocked(_("签字密码连续输错次数过多,签字和登录已被锁定,请联系管理员解锁。"))
    minutes = max(1, math.ceil((ends - timezone.now()).total_seconds() / 60))
    return SigningLocked(
        _(
            "签字密码连续输错次数过多,签字和登录已暂停。请于%(time)s后(约%(minutes)d分钟)再试,"
            "或联系管理员解锁。"
        )
        % {"time": timezone.localtime(ends).strftime("%H:%M"), "minutes": minutes}
    )


def check_signing_password(
    *, obj: Model, actor: User, password: str, request: HttpRequest | None, codes: SigningCodes
) -> None:
    """Re-authenticate the signer through django.contrib.auth.authenticate, whose first backend
    is django-axes: one lockout serves signing in and signing. A wrong signing password counts as
    a failed sign-in of this user from this address (also audited as auth.refuse_sign_in by the
    sign-in receiver); AXES_FAILURE_LIMIT of them lock both for AXES_COOLOFF_TIME, and an
    administrator lifts the lock where he lifts a sign-in lock (admin, Axes). Every failure is
    audited with the signed object (`obj`: a register, a commitment letter), and so are the lock
    and each attempt refused while it lasts. Without a request (a script or a test calling a
    service) there is no client address to throttle: the password is only checked."""
    if request is None:
        if not actor.check_password(password):
            _audit_sign_failure(obj=obj, actor=actor, action=codes.refuse)
            raise DomainError(_("密码不正确,签字未完成。请重新输入您的登录密码。"))
        return
    username = actor.get_username()
    credentials = {"username": username}
    locked_before = AxesProxyHandler.is_locked(request, credentials)
    user = authenticate(request, username=username, password=password)
    if user is not None and user.pk == actor.pk:
        if axes_settings.AXES_RESET_ON_SUCCESS:
            # As a successful sign-in does: the right password forgives the earlier failures.
            axes_reset(ip=get_client_ip_address(request), username=username)
        return
    if locked_before:
        # Refused by axes without the password being looked at: the right one fails here too.
        raise _signing_locked(obj=obj, actor=actor, request=request, action=codes.refuse_locked)
    failures = AxesProxyHandler.get_failures(request, credentials)
    limit = get_failure_limit(request, credentials)
    _audit_sign_failure(obj=obj, actor=actor, action=codes.refuse, failures=failures, limit=limit)
    if AxesProxyHandler.is_locked(request, credentials):
        raise _signing_locked(obj=obj, actor=actor, request=request, action=codes.lock)
    message = _("密码不正确,签字未完成。请重新输入您的登录密码。")
    if axes_settings.AXES_LOCK_OUT_AT_FAILURE and limit > failures:
        message += _("再输错%(left)d次,签字和登录将被暂停。") % {"left": limit - failures}
    raise DomainError(message)
