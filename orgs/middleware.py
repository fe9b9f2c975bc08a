from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in user carry personal and unpublished data: no cache may keep them
    (a shared office computer's back button, a proxy)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in a submitted value is refused with a message before any view sees it.

    No keyboard types it, PostgreSQL cannot store it in a text column (the insert fails with a
    DataError, a 500) and SQLite would keep an invisible character in an official record. Django's
    form fields already refuse it; this covers the values views read without a form (comments,
    notes, opinions) in one place."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            return render(request, "errors/invalid_characters.html", status=400)
        return self.get_response(request)


def _holds_nul(values: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values.getlist(key)) for key in values)
