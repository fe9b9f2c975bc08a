from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from orgs.http import AuthenticatedHttpRequest
from orgs.inbox import inbox_for
from orgs.permissions import roles_of
from orgs.selectors import unit_tree


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in user's start page: what waits for him, section by section."""
    sections = inbox_for(request.user)
    return render(
        request,
        "orgs/home.html",
        {
            "sections": sections,
            "waiting_total": sum(section.count for section in sections),
            "roles": roles_of(request.user),
        },
    )


@login_required
def org_tree(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The org tree with each unit's head, leader in charge, posts and people.

    Everyone in the organization may read it: it is the staff directory, not a register.
    """
    return render(request, "orgs/tree.html", {"tree": unit_tree()})
