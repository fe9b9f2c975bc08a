"""Typed requests for views."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from orgs.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind login_required: its user is a signed-in User, never an
    AnonymousUser, which the decorator guarantees but mypy cannot see. Annotating the view's
    request with this type replaces a cast or a `type: ignore` at every use of request.user.
    `htmx` is what django_htmx's middleware (in MIDDLEWARE for every request) sets."""

    user: User
    htmx: HtmxDetails
