"""orgs.permissions.is_admin: "is this person an administrator" is decided in one place, and every
right of the administrator follows it — the services' checks as well as the pages."""

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from audit import actions
from audit.models import AuditEntry
from orgs.choices import Role
from orgs.models import User
from orgs.permissions import admin_users, is_admin, roles_of
from registers.data import CampaignData
from registers.models import CategorySet
from registers.services import campaign_create, campaign_start
from tests.conftest import Cast
from tests.factories import UserFactory


@pytest.fixture
def superuser_only(cast: Cast) -> User:
    """A superuser who is not staff: Django's admin would not let him in, but he holds every
    permission, and one rule must say what he is here."""
    return UserFactory(unit=cast.bureau, is_staff=False, is_superuser=True)


def test_the_rule(cast: Cast, superuser_only: User) -> None:
    staff_only = UserFactory(unit=cast.bureau, is_staff=True)
    assert is_admin(cast.admin) and is_admin(staff_only) and is_admin(superuser_only)
    assert not any(is_admin(user) for user in (cast.filler, cast.committee, AnonymousUser()))
    # The same rule as a filter, and as the role the navigation shows.
    admins = set(User.objects.filter(admin_users()))
    assert admins == {user for user in User.objects.all() if is_admin(user)}
    assert {cast.admin, staff_only, superuser_only} <= admins
    assert Role.ADMIN in roles_of(superuser_only)


def test_every_check_follows_it(client: Client, cast: Cast, superuser_only: User) -> None:
    # The campaign services once asked is_staff while the pages asked roles_of: a superuser who
    # was not staff saw the campaign pages and had every action refused.
    campaign = campaign_create(
        actor=superuser_only,
        data=CampaignData(
            year=2027, title="2027年度", category_set=CategorySet.objects.get(is_default=True)
        ),
    )
    assert campaign_start(campaign=campaign, actor=superuser_only)
    client.force_login(superuser_only)
    assert client.get(reverse("registers:campaign_list")).status_code == 200
    client.force_login(cast.committee)
    assert client.get(reverse("registers:campaign_list")).status_code == 403


def test_roles_change_audited_and_never_by_oneself(cast: Cast, rf: RequestFactory) -> None:
    """Committee membership opens every integrity file and warning: an administrator's own roles
    are read-only to him in the admin, and every change of a role is audited."""
    model_admin = site._registry[User]
    request = rf.get("/admin/")
    request.user = cast.admin
    own = model_admin.get_readonly_fields(request, cast.admin)
    assert {"is_committee_member", "is_staff", "is_superuser"} <= set(own)
    assert "is_committee_member" not in model_admin.get_readonly_fields(request, cast.filler)
    cast.filler.is_committee_member = True
    model_admin.save_model(request, cast.filler, form=None, change=True)
    row = AuditEntry.objects.get(action=actions.USER_CHANGE_ROLES)
    assert (row.actor, row.object_id) == (cast.admin, str(cast.filler.pk))
    assert row.data == {"changed": {"is_committee_member": [False, True]}}
    cast.filler.phone = "123"
    model_admin.save_model(request, cast.filler, form=None, change=True)  # no role changed
    assert AuditEntry.objects.filter(action=actions.USER_CHANGE_ROLES).count() == 1
