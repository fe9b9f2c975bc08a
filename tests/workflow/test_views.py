"""Every URL of the workflow namespace (taken from the resolver, so a new route cannot be
forgotten) × the cast, the conflict message, and the pages' content."""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEntry
from registers.choices import RegisterState
from registers.models import Register
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD, RegisterFactory
from tests.walk import walk_to
from tests.workflow.conftest import ROLES
from workflow import services
from workflow.models import PublishedVersion, Transition

# Per URL name: the method, and the expected status per role (the register is SUBMITTED and
# belongs to `dept`; its signer is `leader`). "anonymous" is redirected to sign in everywhere.
MATRIX: dict[str, tuple[str, dict[str, int]]] = {
    #                      filler head leader principal committee admin outsider party
    "register": ("get", dict(zip(ROLES, (200, 200, 200, 200, 200, 200, 404, 404), strict=True))),
    "history": ("get", dict(zip(ROLES, (200, 200, 200, 200, 200, 200, 404, 404), strict=True))),
    "act": ("post", dict(zip(ROLES, (403, 403, 302, 403, 403, 403, 404, 404), strict=True))),
    "overview": ("get", dict(zip(ROLES, (403, 403, 403, 403, 200, 200, 403, 403), strict=True))),
    "published": ("get", dict(zip(ROLES, (200,) * 8, strict=True))),
    "published_detail": ("get", dict(zip(ROLES, (200,) * 8, strict=True))),
    "feedback_create": ("post", dict(zip(ROLES, (302,) * 8, strict=True))),
    "feedback": ("get", dict(zip(ROLES, (403, 403, 403, 403, 200, 200, 403, 403), strict=True))),
    "feedback_handle": (
        "post",
        dict(zip(ROLES, (403, 403, 403, 403, 302, 302, 403, 403), strict=True)),
    ),
    "audit_log": ("get", dict(zip(ROLES, (403, 403, 403, 403, 200, 200, 403, 403), strict=True))),
}


def _workflow_patterns() -> list[str]:
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "workflow":
            return [pattern.name for pattern in entry.url_patterns]
    raise AssertionError("workflow URLs are not mounted")


def test_the_matrix_names_every_workflow_url() -> None:
    assert sorted(_workflow_patterns()) == sorted(MATRIX)


@pytest.fixture
def world(register: Register, people, cast: Cast) -> dict:
    walk_to(register, RegisterState.SUBMITTED)
    other = RegisterFactory(campaign=register.campaign, unit=cast.other_dept)
    walk_to(other, RegisterState.PUBLISHED)
    publication = PublishedVersion.objects.get(register=other)
    feedback = services.feedback_create(publication=publication, text="意见", ip="10.0.0.1")
    return {"register": register, "publication": publication, "feedback": feedback}


def _url(name: str, world: dict) -> tuple[str, dict]:
    register, publication = world["register"], world["publication"]
    if name == "act":
        data = {"comment": "请补充", "expected_state": register.state}
        return reverse("workflow:act", args=[register.pk, "return"]), data
    if name in ("register", "history"):
        return reverse(f"workflow:{name}", args=[register.pk]), {}
    if name in ("published_detail", "feedback_create"):
        return reverse(f"workflow:{name}", args=[publication.pk]), {"text": "意见"}
    if name == "feedback_handle":
        return reverse(f"workflow:{name}", args=[world["feedback"].pk]), {}
    return reverse(f"workflow:{name}"), {}


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_url_role_matrix(name: str, role: str, world: dict, people, client: Client) -> None:
    method, expected = MATRIX[name]
    url, data = _url(name, world)
    if role != "anonymous":
        client.force_login(people[role])
    response = getattr(client, method)(url, data)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected[role], (name, role)


def test_party_member_sees_a_register_at_his_stage_only(register, people, client) -> None:
    walk_to(register, RegisterState.APPROVED)
    client.force_login(people["party"])
    url = reverse("workflow:register", args=[register.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "党组研究通过" in response.content.decode()
    client.post(
        reverse("workflow:act", args=[register.pk, "deliberate"]),
        {"expected_state": "approved", "expected_revision": register.revision},
    )
    register.refresh_from_db()
    assert register.state == RegisterState.DELIBERATED
    assert client.get(url).status_code == 404


def test_review_page_groups_entries_and_shows_the_signer_his_form(register, people, client) -> None:
    services.register_submit(register=register, actor=people["filler"])
    url = reverse("workflow:register", args=[register.pk])
    client.force_login(people["leader"])
    html = client.get(url).content.decode()
    assert "议事决策类" in html and "审批中吃拿卡要" in html
    assert 'name="password"' in html and "签字确认" in html
    assert "待签字" in html
    # The form is the signer's alone: the filler who submitted sees the entries, not the form.
    client.force_login(people["filler"])
    html = client.get(url).content.decode()
    assert "审批中吃拿卡要" in html
    assert 'name="password"' not in html and "签字确认" not in html


def test_wrong_password_message(register, people, client) -> None:
    services.register_submit(register=register, actor=people["filler"])
    client.force_login(people["leader"])
    response = client.post(
        reverse("workflow:act", args=[register.pk, "sign"]),
        {"password": "nope", "comment": "同意", "expected_state": "submitted"},
    )
    assert response.status_code == 400
    assert "密码不正确" in response.content.decode()
    assert AuditEntry.objects.filter(action=actions.REGISTER_REFUSE_SIGNING).count() == 1


def test_second_reviewer_gets_a_conflict_and_his_comment_back(register, people, cast) -> None:
    from tests.factories import UserFactory

    second = UserFactory(username="committee2", unit=cast.bureau, is_committee_member=True)
    walk_to(register, RegisterState.SIGNED)
    first_client, second_client = Client(), Client()
    first_client.force_login(people["committee"])
    second_client.force_login(second)
    form = {"expected_state": "signed", "expected_revision": register.revision}
    assert (
        first_client.post(
            reverse("workflow:act", args=[register.pk, "approve"]), {**form, "comment": "同意"}
        ).status_code
        == 302
    )
    response = second_client.post(
        reverse("workflow:act", args=[register.pk, "return"]),
        {**form, "comment": "第二类风险点描述不清,请修改"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "已被他人处理" in html
    assert "第二类风险点描述不清,请修改" in html
    # The first approval is the only move after the walk: the second reviewer's return is not.
    assert list(Transition.objects.filter(register=register).values_list("action", flat=True)) == [
        "submit",
        "sign",
        "approve",
    ]


def test_return_reason_shown_to_the_filler(register, people, client) -> None:
    services.register_submit(register=register, actor=people["filler"])
    services.register_return(register=register, actor=people["leader"], reason="缺少纪律作风类")
    client.force_login(people["filler"])
    html = client.get(reverse("workflow:register", args=[register.pk])).content.decode()
    assert 'data-testid="return-reason"' in html and "缺少纪律作风类" in html
    history = client.get(reverse("workflow:history", args=[register.pk])).content.decode()
    assert "缺少纪律作风类" in history and "提交签字" in history


def test_panel_template_tag_renders_for_another_page(register, people, rf) -> None:
    from django.template import Context, Template

    request = rf.get("/")
    request.user = people["filler"]
    html = Template("{% load workflow_tags %}{% workflow_panel register %}").render(
        Context({"register": register, "request": request, "csrf_token": "t"})
    )
    assert "提交签字" in html and 'id="workflow-panel"' in html


def test_overview_counts_and_query_count(
    register, people, client, django_assert_num_queries
) -> None:
    for _ in range(3):
        RegisterFactory(campaign=register.campaign)
    register.campaign.started_at = timezone.now()
    register.campaign.save()
    client.force_login(people["committee"])
    url = reverse("workflow:overview")
    client.get(url)
    # session, user, roles (units he heads/leads), campaign (current), registers with unit,
    # post and campaign, campaigns for the selector, the header bell's unread count; nav roles
    # are cached on the user.
    with django_assert_num_queries(7):
        response = client.get(url)
    html = response.content.decode()
    assert 'data-state="draft">自查填报 4<' in html


def test_published_list_query_count(register, people, client, django_assert_num_queries) -> None:
    services.register_submit(register=register, actor=people["filler"])
    services.register_sign(register=register, actor=people["leader"], password=TEST_PASSWORD)
    services.register_approve(register=register, actor=people["committee"])
    services.register_deliberate(register=register, actor=people["party"])
    services.register_publish(register=register, actor=people["committee"])
    client.force_login(people["outsider"])
    url = reverse("workflow:published")
    client.get(url)
    # session, user, campaigns having publications, their publications, roles (navigation),
    # the header bell's unread count.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert register.title in response.content.decode()


def test_a_move_returns_to_the_including_page_when_safe(register, people, client) -> None:
    client.force_login(people["filler"])
    act = reverse("workflow:act", args=[register.pk, "submit"])
    response = client.post(act, {"expected_state": "draft", "next": "/registers/1/edit/"})
    assert response["Location"] == "/registers/1/edit/"
    services.register_return(register=register, actor=people["leader"], reason="再看看")
    response = client.post(act, {"expected_state": "returned", "next": "https://evil.example/"})
    assert response["Location"] == reverse("workflow:register", args=[register.pk])
    services.register_return(register=register, actor=people["leader"], reason="再看看")
    # Not a path: it must not be taken for a URL name to reverse (that would answer 500).
    response = client.post(act, {"expected_state": "returned", "next": "长长长"})
    assert response["Location"] == reverse("workflow:register", args=[register.pk])


def test_audit_log_filters(register, people, client) -> None:
    services.register_submit(register=register, actor=people["filler"])
    client.force_login(people["committee"])
    audit_log = reverse("workflow:audit_log")
    html = client.get(audit_log, {"action": actions.REGISTER_SUBMIT}).content.decode()
    assert set(re.findall(r'<tr data-action="([^"]+)"', html)) == {actions.REGISTER_SUBMIT}
    # Rows read in Chinese: the action's label and the object's model name, not their codes.
    row = html[html.index(f'<tr data-action="{actions.REGISTER_SUBMIT}"') :]
    row = row[: row.index("</tr>")]
    assert "提交签字" in row and "廉政风险清单" in row and "registers.register" not in row


def test_htmx_request_gets_the_panel_partial(register, people, client) -> None:
    client.force_login(people["filler"])
    response = client.get(
        reverse("workflow:register", args=[register.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'id="workflow-panel"' in html and "<html" not in html


def test_public_urls_answer_anonymous_visitors(register, people, client) -> None:
    names = next(
        [pattern.name for pattern in entry.url_patterns]
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "public"
    )
    assert sorted(names) == ["detail", "feedback", "index"]
    assert client.get(reverse("public:index")).status_code == 200
    # No campaign in its publication period: a clear page, not a leak.
    assert client.get(reverse("public:detail", args=[1])).status_code == 200
    assert "当前不在公示期内" in client.get(reverse("public:detail", args=[1])).content.decode()


def test_admin_pages_are_read_only(register, people, client) -> None:
    services.register_submit(register=register, actor=people["filler"])
    client.force_login(people["admin"])
    for model in ("transition", "signature", "publishedversion", "feedback"):
        assert client.get(f"/admin/workflow/{model}/").status_code == 200
    transition = Transition.objects.get()
    page = client.get(f"/admin/workflow/transition/{transition.pk}/change/").content.decode()
    assert 'name="_save"' not in page
