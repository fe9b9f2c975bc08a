"""Every action code the code base writes into the audit trail is a constant of audit.actions, in
one style, with a Chinese label; renamed codes still read and filter as their current ones."""

import ast
import re
from pathlib import Path

from audit import actions
from audit.labels import (
    action_filter,
    action_label,
    data_rows,
    known_action_codes,
    object_type_label,
)
from audit.models import AuditEntry
from audit.services import audit_record
from registers.choices import RegisterState
from reports.choices import EXPORT_AUDIT_ACTIONS, ExportKind
from tests.conftest import Cast
from tests.test_import_graph import LAYERS
from workflow.transitions import AUDIT_ACTIONS, Action

ROOT = Path(__file__).resolve().parents[2]
# Every app that may record (config only wires them together).
APPS = tuple(app for app in LAYERS if app != "config")
# `<entity>.<verb>`, both in snake case.
STYLE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*\.[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# The tables that map an enum to its codes: a call may index them.
CODE_TABLES = {"AUDIT_ACTIONS", "EXPORT_AUDIT_ACTIONS"}


def _action_arguments() -> list[tuple[str, ast.expr]]:
    """The `action=` argument of every audit_record call in the apps (migrations left out: they
    are history and write the codes of their time)."""
    found: list[tuple[str, ast.expr]] = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name != "audit_record":
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        found.append((f"{path.relative_to(ROOT)}:{node.lineno}", keyword.value))
    return found


# How the apps name the module of codes (oversight.measures calls it audit_actions: `actions`
# is its own word for the measures carried out).
CODE_MODULES = {"actions", "audit_actions"}


def _wrong_arguments(value: ast.expr, codes: frozenset[str]) -> list[str]:
    """Why `value` is not a code of audit/actions.py ([] when it is one): a constant of the
    module, a code table indexed, a helper's parameter passed on, or a choice between codes."""
    if isinstance(value, ast.Attribute) and getattr(value.value, "id", "") in CODE_MODULES:
        if getattr(actions, value.attr, None) not in codes:
            return [f"actions.{value.attr} does not exist"]
        return []
    if isinstance(value, ast.Subscript) and getattr(value.value, "id", "") in CODE_TABLES:
        return []
    if isinstance(value, ast.Name):
        return []  # a helper's parameter, passed on (its callers are scanned as well)
    if isinstance(value, ast.IfExp):
        return _wrong_arguments(value.body, codes) + _wrong_arguments(value.orelse, codes)
    return [ast.unparse(value)]


def test_every_audit_record_call_passes_a_constant() -> None:
    arguments = _action_arguments()
    assert len(arguments) > 20  # the scan finds the calls
    codes = actions.all_codes()
    wrong = [
        f"{where}: {reason}"
        for where, value in arguments
        for reason in _wrong_arguments(value, codes)
    ]
    assert wrong == []


def test_codes_have_one_style_and_a_label() -> None:
    codes = actions.all_codes()
    assert actions.REGISTER_IMPORT in codes and actions.AUTH_SIGN_IN in codes
    assert sorted(code for code in codes if not STYLE.match(code)) == []
    assert sorted(codes - known_action_codes()) == []
    # Labels are registered for current codes only; an old name reads through RENAMED.
    assert sorted(known_action_codes() - codes) == []
    assert action_label(actions.REGISTER_SUBMIT) == "提交签字"
    assert action_label(actions.RISK_ENTRY_UPDATE) == "修改风险点"


def test_the_enum_tables_give_every_member_a_code() -> None:
    assert set(AUDIT_ACTIONS) == set(Action)
    assert set(EXPORT_AUDIT_ACTIONS) == set(ExportKind)
    tabled = set(AUDIT_ACTIONS.values()) | set(EXPORT_AUDIT_ACTIONS.values())
    assert tabled <= actions.all_codes()


def test_renamed_codes_read_as_their_current_code() -> None:
    codes = actions.all_codes()
    assert set(actions.RENAMED.values()) <= codes
    assert not set(actions.RENAMED) & codes
    for old, new in actions.RENAMED.items():
        assert action_label(old) == action_label(new) != old, old
    assert action_label("schedule_task_update") == "修改工作安排"
    assert action_label("workflow.submit") == "提交签字"
    assert action_label("no.such") == "no.such"


def test_the_filter_finds_rows_under_both_names(cast: Cast) -> None:
    old = audit_record(action="workflow.submit", actor=cast.filler)
    new = audit_record(action=actions.REGISTER_SUBMIT, actor=cast.filler)
    other = audit_record(action=actions.REGISTER_SIGN, actor=cast.head)
    feedback = audit_record(action="workflow.feedback_created", actor=cast.filler)

    def found(prefix: str) -> set[int]:
        return set(AuditEntry.objects.filter(action_filter(prefix)).values_list("pk", flat=True))

    assert found(actions.REGISTER_SUBMIT) == {old.pk, new.pk}
    assert found("workflow.submit") == {old.pk, new.pk}  # a bookmarked filter keeps working
    assert found("register.") == {old.pk, new.pk, other.pk}
    assert found("workflow.") == {old.pk, new.pk, other.pk, feedback.pk}


def test_object_types_and_details_read_in_chinese() -> None:
    assert object_type_label("registers.register") == "廉政风险清单"
    assert object_type_label("no.such") == "no.such"
    rows = data_rows(
        object_type="registers.campaign",
        data={"has_party_group_stage": True, "from": RegisterState.DRAFT, "reason": None},
    )
    assert rows == [("经党组研究", "是"), ("原状态", "自查填报"), ("理由", "—")]
    # Integer choices read by their label; a boolean is not taken for the choice 1.
    assert data_rows(object_type="registers.riskentry", data={"likelihood": 3, "grade": 1}) == [
        ("发生可能性", "可能性较大"),
        ("风险等级", "一级"),
    ]
    flag = data_rows(object_type="registers.riskentry", data={"grade": True})
    assert flag == [("风险等级", "是")]
