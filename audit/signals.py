"""Sign-in events into the audit trail. Receivers only record; no rule lives here."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from audit import actions
from audit.context import client_ip
from audit.services import audit_record


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=actions.AUTH_SIGN_IN, actor=user, ip=_ip(request))


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=actions.AUTH_SIGN_OUT, actor=user, ip=_ip(request))


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The username is recorded as typed (it may not exist); the password never.
    audit_record(
        action=actions.AUTH_REFUSE_SIGN_IN,
        actor_name=str(credentials.get("username", ""))[:150],
        ip=_ip(request),
    )
