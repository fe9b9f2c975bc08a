"""Every register view across the cast: 200 where the user may, 403 where he sees the register but
may not write, 404 outside his scope."""

import pytest
from django.test import Client
from django.urls import reverse

from registers.choices import RegisterState
from registers.models import Register
from tests.conftest import Cast
from tests.factories import RiskEntryFactory
from tests.registers.conftest import Registers
from tests.walk import walk_to

CAST = ["filler", "head", "leader", "principal", "committee", "admin", "outsider"]

# Who sees the department's register (its unit, its head, the leader in charge, the principal
# above, the committee and administrators), and who may fill it (the unit's members and head,
# administrators).
SEES_DEPT = {"filler", "head", "leader", "principal", "committee", "admin"}
FILLS_DEPT = {"filler", "head", "admin"}


def expected(who: str, *, write: bool) -> int:
    if who not in SEES_DEPT:
        return 404
    if write and who not in FILLS_DEPT:
        return 403
    return 200


def _requests(register: Register, entry_id: int) -> list[tuple[str, str, dict, bool]]:
    """(method, url, data, is_write) for every register view."""
    category = register.campaign.category_set.categories.order_by("order").first()
    entry_data = {
        "revision": register.revision,
        "category": category.pk,
        "risk": "新风险",
        "likelihood": 1,
        "impact": 1,
        "grade": 3,
    }
    pk = register.pk
    return [
        ("get", reverse("registers:register_detail", args=[pk]), {}, False),
        ("get", reverse("registers:grade_proposal", args=[pk]), {"likelihood": 3}, False),
        ("get", reverse("registers:entry_new", args=[pk]), {"category": category.pk}, True),
        ("post", reverse("registers:entry_new", args=[pk]), entry_data, True),
        ("get", reverse("registers:entry_edit", args=[pk, entry_id]), {}, True),
        ("post", reverse("registers:entry_edit", args=[pk, entry_id]), entry_data, True),
        ("post", reverse("registers:entry_move", args=[pk, entry_id]), {"direction": "up"}, True),
        ("post", reverse("registers:entry_delete", args=[pk, entry_id]), {}, True),
    ]


@pytest.mark.parametrize("who", CAST)
def test_register_views_across_the_cast(
    client: Client, cast: Cast, registers: Registers, who: str
) -> None:
    client.force_login(cast.users()[who])
    for method, url, data, write in _requests(registers.dept, 0):
        # A fresh entry per request: the delete and the edit must find one.
        entry = RiskEntryFactory(register=registers.dept)
        url = url.replace("/0/", f"/{entry.pk}/")
        registers.dept.refresh_from_db()
        if "revision" in data:
            data = {**data, "revision": registers.dept.revision}
        response = getattr(client, method)(url, data)
        assert response.status_code == expected(who, write=write), (method, url, who)


@pytest.mark.parametrize("who", CAST)
def test_register_list_shows_only_visible_registers(
    client: Client, cast: Cast, registers: Registers, who: str
) -> None:
    client.force_login(cast.users()[who])
    response = client.get(reverse("registers:register_list"))
    assert response.status_code == 200
    shown = {row.register.pk for row in response.context["rows"]}
    assert (registers.dept.pk in shown) == (who in SEES_DEPT)
    # The other department's register: its own people, its leader, the principal, committee, admin.
    assert (registers.other.pk in shown) == (who in {"outsider", "principal", "committee", "admin"})


def test_published_register_of_another_unit_is_visible_but_not_writable(
    client: Client, cast: Cast, registers: Registers
) -> None:
    entry = RiskEntryFactory(register=registers.dept)
    registers.campaign.has_party_group_stage = False  # nobody in the cast deliberates
    registers.campaign.save()
    walk_to(registers.dept, RegisterState.PUBLISHED)
    client.force_login(cast.outsider)
    page = client.get(reverse("registers:register_detail", args=[registers.dept.pk]))
    assert page.status_code == 200
    assert entry.risk in page.text
    assert 'data-testid="add-entry"' not in page.text
    edit = client.get(reverse("registers:entry_edit", args=[registers.dept.pk, entry.pk]))
    assert edit.status_code == 403


@pytest.mark.parametrize("who", CAST)
def test_campaign_pages_are_for_administrators(
    client: Client, cast: Cast, registers: Registers, who: str
) -> None:
    client.force_login(cast.users()[who])
    want = 200 if who == "admin" else 403
    assert client.get(reverse("registers:campaign_list")).status_code == want
    assert client.get(reverse("registers:campaign_create")).status_code == want
    edit = reverse("registers:campaign_edit", args=[registers.campaign.pk])
    assert client.get(edit).status_code == want


@pytest.mark.parametrize("who", CAST)
def test_navigation_items_by_role(client: Client, cast: Cast, who: str) -> None:
    client.force_login(cast.users()[who])
    home = client.get(reverse("home")).text
    assert reverse("registers:register_list") in home
    assert reverse("registers:authority_list") in home
    assert (reverse("registers:campaign_list") in home) == (who == "admin")


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, registers: Registers) -> None:
    for url in (
        reverse("registers:register_list"),
        reverse("registers:register_detail", args=[registers.dept.pk]),
        reverse("registers:authority_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
