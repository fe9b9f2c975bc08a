"""A register with an ungraded entry (imported without a grade) cannot be submitted: the service
refuses with what to do, and the workflow panel says so instead of offering a button that would
fail. Reviewers see such an entry as 未评定, and what the new entry fields hold."""

import re
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from orgs.models import User
from registers.choices import RegisterState
from registers.data import EntryData
from registers.exceptions import DomainError
from registers.models import Register, RiskEntry
from registers.services import entry_update
from tests.factories import RiskEntryFactory
from tests.walk import walk_to
from workflow import services
from workflow.models import PublishedVersion, Transition
from workflow.selectors import register_panel

MESSAGE = "请先为 1 条未评定等级的风险点评定风险等级"
# What a row shows of the new fields (label: text), tags stripped.
SHOWN = ("形成原因:审批权集中", "监测指标:超时限件数", "责任岗位:审批岗", "风险编号:FX-07")


@pytest.fixture
def ungraded(register: Register) -> RiskEntry:
    return RiskEntryFactory(register=register, risk="导入时没有等级", grade=None)


def _grade(entry: RiskEntry, actor: User) -> None:
    entry_update(entry=entry, actor=actor, data=replace(EntryData.of(entry), grade=3))


def test_submit_is_refused_while_an_entry_is_ungraded_and_allowed_after_grading(
    register: Register, ungraded: RiskEntry, people: dict[str, User]
) -> None:
    RiskEntryFactory(register=register, grade=None)
    with pytest.raises(DomainError) as refused:
        services.register_submit(register=register, actor=people["filler"])
    assert "请先为 2 条未评定等级的风险点评定风险等级" in refused.value.message
    register.refresh_from_db()
    assert register.state == RegisterState.DRAFT
    assert not Transition.objects.filter(register=register).exists()

    _grade(ungraded, people["filler"])
    with pytest.raises(DomainError, match=MESSAGE):
        services.register_submit(register=register, actor=people["filler"])

    RiskEntry.objects.filter(register=register, grade__isnull=True).delete()
    services.register_submit(register=register, actor=people["filler"])
    register.refresh_from_db()
    assert register.state == RegisterState.SUBMITTED


def _submit_form(html: str) -> str:
    form = re.search(r'<form [^>]*data-action="submit".*?</form>', html, re.S)
    assert form, "no submit form"
    return form[0]


@pytest.mark.parametrize("page", ["registers:register_detail", "workflow:register"])
def test_the_panel_says_why_submit_is_blocked(
    client: Client, register: Register, ungraded: RiskEntry, people: dict[str, User], page: str
) -> None:
    client.force_login(people["filler"])
    url = reverse(page, args=[register.pk])
    form = _submit_form(client.get(url).text)
    assert 'data-blocked="true"' in form
    blocked = form.split('data-testid="action-blocked"')[1].split("</div>")[0]
    assert MESSAGE in blocked
    assert re.search(r'<button type="submit"[^>]* disabled', form)

    _grade(ungraded, people["filler"])
    form = _submit_form(client.get(url).text)
    assert 'data-testid="action-blocked"' not in form
    assert not re.search(r'<button type="submit"[^>]* disabled', form)


def test_the_panel_counts_by_itself_where_the_page_has_not(
    register: Register, ungraded: RiskEntry, people: dict[str, User]
) -> None:
    panel = register_panel(user=people["filler"], register=register)
    submit = next(action for action in panel.actions if action.action == "submit")
    assert MESSAGE in submit.blocked
    # Nobody but a filler is offered the submit, so nobody else pays for the count.
    assert all(
        action.action != "submit"
        for action in register_panel(user=people["committee"], register=register).actions
    )


def test_submitting_anyway_shows_the_refusal_in_the_panel(
    client: Client, register: Register, ungraded: RiskEntry, people: dict[str, User]
) -> None:
    client.force_login(people["filler"])
    response = client.post(
        reverse("workflow:act", args=[register.pk, "submit"]),
        {"expected_state": "draft", "expected_revision": register.revision, "comment": "请审核"},
    )
    assert response.status_code == 400  # a refused move, as every DomainError of a move
    error = response.text.split('data-testid="panel-error"')[1].split("</div>")[0]
    assert MESSAGE in error and "请审核" in error  # his comment is shown back
    register.refresh_from_db()
    assert register.state == RegisterState.DRAFT


def test_review_page_shows_ungraded_and_the_new_fields(
    client: Client, register: Register, ungraded: RiskEntry, people: dict[str, User]
) -> None:
    RiskEntry.objects.filter(pk=ungraded.pk).update(
        cause="审批权集中",
        monitoring_indicator="超时限件数",
        responsible_post="审批岗",
        extra_fields=[["风险编号", "FX-07"]],
    )
    client.force_login(people["committee"])
    html = client.get(reverse("workflow:register", args=[register.pk])).text
    row = re.search(rf'<tr data-entry="{ungraded.pk}">.*?</tr>', html, re.S)
    assert row
    assert re.search(r'data-testid="entry-ungraded"><i[^>]*></i> 未评定<', row[0])
    text = re.sub(r"<[^>]+>", "", row[0])
    for shown in SHOWN:
        assert shown in text


def test_publication_keeps_the_new_fields(
    client: Client, register: Register, people: dict[str, User]
) -> None:
    entry = register.entries.order_by("pk").first()
    assert entry is not None
    entry_update(
        entry=entry,
        actor=people["filler"],
        data=replace(
            EntryData.of(entry),
            cause="审批权集中",
            monitoring_indicator="超时限件数",
            responsible_post="审批岗",
            extra_fields=(("风险编号", "FX-07"),),
        ),
    )
    walk_to(register, RegisterState.PUBLISHED)
    publication = PublishedVersion.objects.get(register=register)
    first = next(e for e in publication.entries if e["risk"] == entry.risk)
    assert (first["cause"], first["monitoring_indicator"], first["responsible_post"]) == (
        "审批权集中",
        "超时限件数",
        "审批岗",
    )
    assert first["extra_fields"] == [["风险编号", "FX-07"]]
    client.force_login(people["outsider"])
    html = client.get(reverse("workflow:published_detail", args=[publication.pk])).text
    text = re.sub(r"<[^>]+>", "", html)
    for shown in SHOWN:
        assert shown in text
