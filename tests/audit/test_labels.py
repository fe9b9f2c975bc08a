"""Every action code the code base writes into the audit trail has a Chinese label."""

import ast
from pathlib import Path

from audit.labels import action_label, data_rows, known_action_codes, object_type_label
from registers.choices import RegisterState
from reports.choices import ExportKind
from workflow.transitions import Action

ROOT = Path(__file__).resolve().parents[2]
APPS = ("audit", "orgs", "registers", "workflow", "reports")


def written_action_codes() -> set[str]:
    """The literal `action=` codes of every audit_record call in the apps, and the codes of the
    f-string families (workflow.<action>, export.<kind>) expanded over their enums."""
    codes: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not (
                    isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_record"
                ):
                    continue
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        codes.add(keyword.value.value)
    codes |= {f"workflow.{action}" for action in Action}
    codes |= {f"export.{kind}" for kind in ExportKind}
    return codes


def test_every_written_action_has_a_label() -> None:
    written = written_action_codes()
    assert "register.import" in written and "auth.sign_in" in written  # the scan finds calls
    assert sorted(written - known_action_codes()) == []
    assert action_label("workflow.submit") == "提交签字"


def test_object_types_and_details_read_in_chinese() -> None:
    assert object_type_label("registers.register") == "廉政风险清单"
    assert object_type_label("no.such") == "no.such"
    rows = data_rows(
        object_type="registers.campaign",
        data={"has_party_group_stage": True, "from": RegisterState.DRAFT, "reason": None},
    )
    assert rows == [("经党组研究", "是"), ("原状态", "自查填报"), ("理由", "—")]
