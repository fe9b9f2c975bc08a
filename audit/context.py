"""The client address of the current request, for audit rows written deep inside services."""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_current_ip: ContextVar[str | None] = ContextVar("qinglian_client_ip", default=None)


def current_ip() -> str | None:
    return _current_ip.get()


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: behind a proxy, configure the proxy (or gunicorn's forwarded-allow-ips)
    # to set it; an X-Forwarded-For header from the client would let anyone forge the address.
    return request.META.get("REMOTE_ADDR") or None


class ClientIPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_ip.reset(token)
