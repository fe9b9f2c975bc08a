"""Rectification items (整改纠偏): who opens them, who works on them, the committee's 销号, the
audit trail and the notices of each step; and the confidentiality of items from a warning."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit import actions
from audit.models import AuditEntry
from notifications.models import Notification
from oversight.choices import RectificationSource, RectificationState, WarningState
from oversight.models import Rectification
from oversight.rectification import services
from oversight.rectification.permissions import can_see_rectification
from oversight.rectification.selectors import rectifications_visible_to
from registers.exceptions import DomainError
from tests.clients import client_for
from tests.conftest import Cast
from tests.oversight.rectification_world import in_days, issued_warning, open_item, warning_item

pytestmark = pytest.mark.django_db


def _audits(item: Rectification) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="oversight.rectification", object_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _notices(user: object) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("kind", "title")
    )


# --- The flow -------------------------------------------------------------------------------


def test_the_whole_flow_with_its_audit_rows_and_notices(cast: Cast) -> None:
    item = open_item(cast)
    assert (item.state, item.owner, item.created_by) == ("open", cast.filler, cast.committee)
    assert _notices(cast.filler) == [("other", "整改事项:审批档案不全")]

    services.rectification_update(
        rectification=item, actor=cast.filler, steps="补齐记录", report="已补齐3件"
    )
    submitted = services.rectification_submit(rectification=item, actor=cast.filler)
    assert submitted.state == RectificationState.SUBMITTED
    assert submitted.report == "已补齐3件" and submitted.submitted_at is not None
    assert _notices(cast.committee) == [("other", "提请销号:审批档案不全")]

    services.rectification_return(rectification=item, actor=cast.committee, note="缺少制度文件")
    item.refresh_from_db()
    assert item.state == RectificationState.OPEN
    assert ("returned", "整改事项被退回:审批档案不全") in _notices(cast.filler)

    services.rectification_submit(rectification=item, actor=cast.head, report="已补齐并建制度")
    closed = services.rectification_close(rectification=item, actor=cast.committee, note="同意")
    assert (closed.state, closed.closed_by, closed.close_note) == ("closed", cast.committee, "同意")
    assert ("other", "整改事项已销号:审批档案不全") in _notices(cast.filler)
    assert _audits(item) == [
        actions.RECTIFICATION_CREATE,
        actions.RECTIFICATION_UPDATE,
        actions.RECTIFICATION_SUBMIT,
        actions.RECTIFICATION_RETURN,
        actions.RECTIFICATION_SUBMIT,
        actions.RECTIFICATION_CLOSE,
    ]
    returned = AuditEntry.objects.get(action=actions.RECTIFICATION_RETURN, object_id=str(item.pk))
    assert returned.data["note"] == "缺少制度文件"


def test_a_unit_head_opens_items_for_his_own_unit_from_his_sources_only(cast: Cast) -> None:
    item = open_item(cast, actor=cast.head, source=RectificationSource.REVIEW)
    assert item.created_by == cast.head
    for source in (RectificationSource.LEAD, RectificationSource.WARNING):
        with pytest.raises(PermissionDenied):
            open_item(cast, actor=cast.head, source=source)
    with pytest.raises(PermissionDenied):
        open_item(cast, actor=cast.head, unit=cast.other_dept, owner=cast.outsider)
    for someone in (cast.filler, cast.leader, cast.admin, cast.outsider):
        with pytest.raises(PermissionDenied):
            open_item(cast, actor=someone)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"problem": ""}, "problem"),
        ({"source": "nonsense"}, "source"),
        ({"source": RectificationSource.LEAD}, "lead"),
        ({"source": RectificationSource.WARNING}, "warning"),
    ],
)
def test_bad_input_is_refused_with_its_field(cast: Cast, overrides: dict, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        open_item(cast, **overrides)
    assert refused.value.field == field
    assert not Rectification.objects.exists()


def test_who_changes_what(cast: Cast) -> None:
    item = open_item(cast)
    # Only the committee moves the deadline, and tells the owner.
    with pytest.raises(PermissionDenied):
        services.rectification_update(rectification=item, actor=cast.head, deadline=in_days(30))
    services.rectification_update(rectification=item, actor=cast.committee, deadline=in_days(30))
    item.refresh_from_db()
    assert item.deadline == in_days(30)
    assert _notices(cast.filler)[-1] == ("other", "整改期限调整:审批档案不全")
    # The leader in charge sees the item but does not carry it out.
    with pytest.raises(PermissionDenied):
        services.rectification_update(rectification=item, actor=cast.leader, steps="x")
    with pytest.raises(PermissionDenied):
        services.rectification_submit(rectification=item, actor=cast.leader, report="x")
    # A report is required to ask for closure; only the committee returns or closes.
    with pytest.raises(DomainError):
        services.rectification_submit(rectification=item, actor=cast.filler, report="  ")
    services.rectification_submit(rectification=item, actor=cast.filler, report="已整改")
    with pytest.raises(PermissionDenied):
        services.rectification_close(rectification=item, actor=cast.head, note="同意")
    with pytest.raises(DomainError):
        services.rectification_close(rectification=item, actor=cast.committee, note=" ")
    # A submitted item's report is frozen until it is returned.
    with pytest.raises(DomainError):
        services.rectification_update(rectification=item, actor=cast.filler, report="改")
    services.rectification_close(rectification=item, actor=cast.committee, note="同意")
    with pytest.raises(DomainError):
        services.rectification_return(rectification=item, actor=cast.committee, note="再改")
    with pytest.raises(DomainError):
        services.rectification_update(rectification=item, actor=cast.committee, deadline=in_days(1))


# --- Who sees what --------------------------------------------------------------------------


def test_visibility_of_an_ordinary_item(cast: Cast) -> None:
    item = open_item(cast)
    seeing = {"filler", "head", "leader", "principal", "committee", "admin"}
    for name, user in cast.users().items():
        assert can_see_rectification(user, item) is (name in seeing), name
        assert rectifications_visible_to(user).filter(pk=item.pk).exists() is (name in seeing)
    assert not can_see_rectification(cast.other_head, item)


def test_an_item_from_a_warning_is_seen_only_inside_the_warning_circle(cast: Cast) -> None:
    item = warning_item(cast)
    seeing = {"head", "committee"}  # the warning's subject and the committee; not the admin
    for name, user in cast.users().items():
        assert can_see_rectification(user, item) is (name in seeing), name
        assert rectifications_visible_to(user).filter(pk=item.pk).exists() is (name in seeing)
        response = client_for(user).get(reverse("oversight:rectification_detail", args=[item.pk]))
        assert response.status_code == (200 if name in seeing else 404), name
    # Each reading inside the circle is on the record; a refused one shows nothing to record.
    views = AuditEntry.objects.filter(action=actions.RECTIFICATION_VIEW, object_id=str(item.pk))
    assert sorted(views.values_list("actor__username", flat=True)) == ["committee", "head"]
    for name in ("filler", "admin", "outsider"):
        user = getattr(cast, name)
        for route in ("rectification_pdf", "ledger_unit"):
            args = [item.pk] if route == "rectification_pdf" else [cast.dept.pk]
            response = client_for(user).get(reverse(f"oversight:{route}", args=args))
            assert item.title not in response.content.decode(errors="ignore"), (name, route)


def test_the_owner_of_a_warning_item_must_be_inside_the_circle(cast: Cast) -> None:
    warning = issued_warning(cast)
    with pytest.raises(DomainError) as refused:
        warning_item(cast, warning, owner=cast.filler)
    assert refused.value.field == "owner"
    # The subject is told; nobody outside the circle is, not even the unit's leader.
    warning_item(cast, warning)
    assert _notices(cast.head) == [("other", "整改事项:预警整改:简化审批程序")]


def test_a_draft_warning_is_not_yet_its_subjects_to_see(cast: Cast) -> None:
    warning = issued_warning(cast, state=WarningState.DRAFT)
    with pytest.raises(DomainError):
        warning_item(cast, warning)


# --- Pages ----------------------------------------------------------------------------------


def test_create_page_rights_and_errors(cast: Cast) -> None:
    url = reverse("oversight:rectification_create")
    assert client_for(cast.filler).get(url).status_code == 403
    assert client_for(cast.admin).get(url).status_code == 403
    head = client_for(cast.head)
    page = head.get(url)
    assert page.status_code == 200
    options = page.context["form"].fields["source"].choices
    assert [value for value, _label in options] == ["review", "inspection", "other"]
    # A past deadline and a missing title: the form says so, nothing is created.
    response = head.post(
        url,
        {
            "source": "inspection",
            "unit": cast.dept.pk,
            "owner": cast.filler.pk,
            "title": "",
            "problem": "问题",
            "deadline": in_days(-1).isoformat(),
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "deadline"}
    assert not Rectification.objects.exists()
    response = head.post(
        url,
        {
            "source": "inspection",
            "unit": cast.dept.pk,
            "owner": cast.filler.pk,
            "title": "会审记录缺失",
            "problem": "问题",
            "deadline": in_days(5).isoformat(),
        },
    )
    item = Rectification.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:rectification_detail", args=[item.pk])


def test_create_page_from_a_warning(cast: Cast) -> None:
    warning = issued_warning(cast)
    url = reverse("oversight:rectification_create") + f"?warning={warning.pk}"
    assert client_for(cast.other_head).get(url).status_code == 404  # outside the circle
    assert client_for(cast.head).get(url).status_code == 403  # inside, but not his to open
    committee = client_for(cast.committee)
    form = committee.get(url).context["form"]
    assert form.initial["owner"] == cast.head.pk and form.initial["problem"] == warning.facts
    response = committee.post(
        url,
        {
            "source": "warning",
            "unit": cast.dept.pk,
            "owner": cast.head.pk,
            "title": "预警整改",
            "problem": warning.facts,
            "deadline": in_days(20).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Rectification.objects.get().warning == warning


def test_detail_page_offers_each_role_its_buttons(cast: Cast) -> None:
    item = open_item(cast)
    url = reverse("oversight:rectification_detail", args=[item.pk])

    def forms(user: object) -> set[str]:
        context = client_for(user).get(url).context  # type: ignore[arg-type]
        names = ("edit_form", "submit_form", "return_form", "close_form")
        return {name for name in names if context[name] is not None}

    assert forms(cast.filler) == {"edit_form", "submit_form"}
    assert forms(cast.leader) == set()
    assert forms(cast.committee) == {"edit_form"}
    assert client_for(cast.outsider).get(url).status_code == 404
    services.rectification_submit(rectification=item, actor=cast.filler, report="已整改")
    assert forms(cast.filler) == set()
    assert forms(cast.committee) == {"edit_form", "return_form", "close_form"}


def test_the_buttons_work_and_errors_are_messages(cast: Cast) -> None:
    item = open_item(cast)
    owner, committee = client_for(cast.filler), client_for(cast.committee)
    detail = reverse("oversight:rectification_detail", args=[item.pk])
    # An empty report: the form says so.
    response = owner.post(reverse("oversight:rectification_submit", args=[item.pk]), {})
    assert response.status_code == 200 and "report" in response.context["submit_form"].errors
    response = owner.post(
        reverse("oversight:rectification_submit", args=[item.pk]), {"report": "已整改完毕"}
    )
    assert response["Location"] == detail
    # Only the committee closes: the owner is refused.
    close = reverse("oversight:rectification_close", args=[item.pk])
    assert owner.post(close, {"close-note": "同意"}).status_code == 403
    response = committee.post(close, {"close-note": "同意销号"}, follow=True)
    assert "已销号" in response.content.decode()
    item.refresh_from_db()
    assert item.state == RectificationState.CLOSED
    # Closing twice is a message, not an error page.
    response = committee.post(close, {"close-note": "再次"}, follow=True)
    assert response.status_code == 200
    assert "不能执行此操作" in response.content.decode()


def test_my_rectifications_on_the_home_inbox_overdue_first(cast: Cast) -> None:
    later = open_item(cast, title="稍后到期", deadline=in_days(20))
    late = open_item(cast, title="已经逾期", deadline=in_days(5))
    Rectification.objects.filter(pk=late.pk).update(deadline=in_days(-2))
    open_item(cast, title="别人的", owner=cast.head)
    response = client_for(cast.filler).get(reverse("home"))
    sections = {section.key: section for section in response.context["sections"]}
    mine = sections["my_rectifications"]
    assert mine.count == 2
    assert [item.title for item in mine.items] == ["已经逾期", "稍后到期"]
    assert "已逾期" in mine.items[0].detail
    services.rectification_submit(rectification=later, actor=cast.filler, report="完成")
    response = client_for(cast.committee).get(reverse("home"))
    keys = {section.key for section in response.context["sections"]}
    assert "rectifications_to_close" in keys


def test_navigation_links(cast: Cast) -> None:
    board, ledger = reverse("oversight:board"), reverse("oversight:ledger")
    committee_page = client_for(cast.committee).get(reverse("home")).content.decode()
    staff_page = client_for(cast.filler).get(reverse("home")).content.decode()
    assert board in committee_page and ledger in committee_page
    assert board not in staff_page and ledger in staff_page
