import pytest
from django.test import Client
from django.urls import reverse

from orgs.models import User
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD, RegisterFactory, UnitFactory, UserFactory


@pytest.mark.parametrize("url_name", ["home", "orgs:tree"])
def test_pages_need_sign_in(client: Client, db: None, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "who", ["filler", "head", "leader", "principal", "committee", "admin", "outsider"]
)
def test_every_member_of_the_cast_sees_home_and_tree(client: Client, cast: Cast, who: str) -> None:
    client.force_login(cast.users()[who])
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "待办事项" in home.text
    tree = client.get(reverse("orgs:tree"))
    assert tree.status_code == 200
    for unit in (cast.bureau, cast.dept, cast.other_dept):
        assert unit.name in tree.text
    assert "陈处长" in tree.text and "李副局长" in tree.text


def test_admin_link_only_for_administrators(client: Client, cast: Cast) -> None:
    client.force_login(cast.filler)
    assert reverse("admin:index") not in client.get(reverse("home")).text
    client.force_login(cast.admin)
    assert reverse("admin:index") in client.get(reverse("home")).text


def test_admin_site_refuses_staff(client: Client, cast: Cast) -> None:
    client.force_login(cast.filler)
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(cast.admin)
    assert client.get(reverse("admin:orgs_unit_changelist")).status_code == 200


def test_org_tree_query_count_is_independent_of_size(
    client: Client, cast: Cast, django_assert_num_queries
) -> None:
    client.force_login(cast.filler)
    # 1 session, 2 user with unit and post, 3 units with head and leader, 4 members,
    # 5 posts, 6 the user's roles (navigation), 7 unread notifications (the bell)
    with django_assert_num_queries(7):
        client.get(reverse("orgs:tree"))
    for i in range(20):
        unit = UnitFactory(parent=cast.bureau, head=UserFactory(name=f"新人{i}"))
        UserFactory(unit=unit)
    with django_assert_num_queries(7):
        response = client.get(reverse("orgs:tree"))
    assert "新人19" in response.text


def test_signed_in_pages_are_not_cached(client: Client, cast: Cast) -> None:
    client.force_login(cast.filler)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_sign_in_page_is_chinese(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.text
    assert "登录清廉系统" in response.text


def test_sign_in_rotates_the_session_and_sign_out_kills_it(client: Client, cast: Cast) -> None:
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen"
    response = client.post(reverse("login"), {"username": "filler", "password": TEST_PASSWORD})
    assert response.status_code == 302
    signed_in_key = client.cookies["sessionid"].value
    assert signed_in_key != "attacker-chosen"
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    stolen = Client()
    stolen.cookies["sessionid"] = signed_in_key
    assert stolen.get(reverse("home")).status_code == 302


def test_wrong_password_shows_a_chinese_message(client: Client, cast: Cast) -> None:
    response = client.post(reverse("login"), {"username": "filler", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.text


def test_lockout_after_repeated_failures(client: Client, cast: Cast, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "filler", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "filler", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text
    assert client.get(reverse("home")).status_code == 302


def test_passwords_are_hashed_with_argon2(db: None, production_password_hashers: None) -> None:
    user = User.objects.create_user(username="x", name="某人", password="Sufficient-Length-1")
    assert user.password.startswith("argon2")


def test_a_nul_character_is_refused_with_a_message_before_any_view(cast: Cast) -> None:
    # PostgreSQL refuses NUL in text (a DataError, a 500); views that read a comment without a
    # form would have passed it on. Refused in one place, the register untouched.
    register = RegisterFactory(unit=cast.dept, level="department")
    client = Client()
    client.force_login(cast.filler)
    url = reverse("workflow:act", args=[register.pk, "submit"])
    response = client.post(url, {"comment": "提交\x00", "expected_state": "draft"})
    assert response.status_code == 400
    assert "不可见的控制字符" in response.content.decode()
    register.refresh_from_db()
    assert register.state == "draft"
    assert client.get(reverse("home"), {"q": "a\x00"}).status_code == 400
