"""监督看板: the committee and administrators see on one board every open rectification item
and every action not done, overdue first, by unit, with the counts of warnings and items."""

from typing import Any

import pytest
from django.urls import reverse

from oversight.choices import ActionStatus, RectificationState, WarningState
from oversight.models import Action, Rectification
from oversight.rectification import services
from registers.models import RiskEntry
from tests.clients import client_for
from tests.conftest import Cast
from tests.oversight.rectification_world import in_days, issued_warning, open_item, warning_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(cast: Cast, party: Cast, high_entry: RiskEntry) -> dict[str, object]:
    """Open items and actions of two units, some overdue, one closed, one done."""
    soon = open_item(cast, title="即将到期", deadline=in_days(2))
    late = open_item(cast, title="逾期整改", deadline=in_days(5))
    other = open_item(
        cast, title="财务处整改", unit=cast.other_dept, owner=cast.outsider, deadline=in_days(9)
    )
    closed = open_item(cast, title="已销号事项")
    services.rectification_submit(rectification=closed, actor=cast.filler, report="完成")
    services.rectification_close(rectification=closed, actor=cast.committee, note="同意")
    Rectification.objects.filter(pk=late.pk).update(deadline=in_days(-3))
    late_action = Action.objects.create(
        entry=high_entry, content="逾期措施", owner=cast.filler, deadline=in_days(-1)
    )
    Action.objects.create(entry=high_entry, content="无期限措施", owner=cast.filler)
    Action.objects.create(
        entry=high_entry, content="已落实措施", owner=cast.filler, status=ActionStatus.DONE
    )
    issued_warning(cast)
    issued_warning(cast, state=WarningState.DRAFT, level="highest")
    return {"soon": soon, "late": late, "other": other, "late_action": late_action}


def test_only_the_committee_and_administrators_see_the_board(cast: Cast) -> None:
    url = reverse("oversight:board")
    for name, user in cast.users().items():
        status = client_for(user).get(url).status_code
        assert status == (200 if name in {"committee", "admin"} else 403), name


def test_everything_open_overdue_first(cast: Cast, scene: dict[str, object]) -> None:
    response = client_for(cast.committee).get(reverse("oversight:board"))
    board = response.context["board"]
    assert [(line.kind, line.title) for line in board.lines] == [
        ("rectification", "逾期整改"),  # overdue, the older deadline first
        ("action", "逾期措施"),
        ("rectification", "即将到期"),
        ("rectification", "财务处整改"),
        ("action", "无期限措施"),  # no deadline: last
    ]
    assert board.overdue == 2
    assert [line.days_overdue for line in board.lines[:2]] == [3, 1]
    # Per unit: 审批处 has two overdue things, 财务处 none.
    units = [
        (c.unit.name, c.rectifications, c.rectifications_overdue, c.actions) for c in board.units
    ]
    assert units == [("审批处", 2, 1, 2), ("财务处", 1, 0, 0)]
    # Per state, every item (the closed one too); warnings per level and state, counts only.
    assert board.rectification_states == [("整改中", 3), ("待销号", 0), ("已销号", 1)]
    rows = {str(label): cells for label, cells, _total in board.warning_rows}
    assert rows["重要预警"][WarningState.values.index("issued")] == 1
    assert rows["最高预警"][WarningState.values.index("draft")] == 1
    page = response.content.decode()
    assert reverse("oversight:rectification_detail", args=[scene["late"].pk]) in page  # type: ignore[attr-defined]
    assert reverse("oversight:action_edit", args=[scene["late_action"].pk]) in page  # type: ignore[attr-defined]
    assert "已销号事项" not in page and "已落实措施" not in page


def test_filter_by_unit(cast: Cast, scene: dict[str, object]) -> None:
    response = client_for(cast.committee).get(
        reverse("oversight:board"), {"unit": cast.other_dept.pk}
    )
    assert [line.title for line in response.context["board"].lines] == ["财务处整改"]
    # A unit that does not exist is the whole board, not an error.
    response = client_for(cast.committee).get(reverse("oversight:board"), {"unit": "x"})
    assert len(response.context["board"].lines) == 5


def test_confidential_items_follow_their_warning(cast: Cast) -> None:
    warning_item(cast)
    committee = client_for(cast.committee).get(reverse("oversight:board")).context["board"]
    admin = client_for(cast.admin).get(reverse("oversight:board")).context["board"]
    assert [line.title for line in committee.lines] == ["预警整改:简化审批程序"]
    assert admin.lines == []  # the administrator is outside the warning's circle
    assert admin.rectification_states[0][1] == 1  # but the count is a count


def test_the_board_costs_a_fixed_number_of_queries(
    cast: Cast, scene: dict[str, object], django_assert_num_queries: Any
) -> None:
    for n in range(5):
        open_item(cast, title=f"批量{n}")
    client = client_for(cast.committee)
    # 1 the session, 2 the user, 3 his roles (units he heads or oversees), 4 the open items with
    # unit, owner and warning, 5 the actions not done with owner and unit, 6 the warnings per
    # level and state, 7 the items per state, 8 the bell's unread count, 9 the unit filter's
    # choices. Ten open things or a thousand, the same nine.
    with django_assert_num_queries(9):
        response = client.get(reverse("oversight:board"))
    lines = response.context["board"].lines
    assert len(lines) == 10
    assert {line.obj.state for line in lines if line.kind == "rectification"} == {
        RectificationState.OPEN
    }
