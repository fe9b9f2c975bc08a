"""How audit rows read in the UI: an action code becomes its Chinese label, an object type its
model's name, a detail key the field's name.

The codes themselves stay stable English identifiers, all in audit.actions (they are hashed into
the chain and filtered on); each app registers the labels of the codes it writes from its
AppConfig.ready, so that the audit app depends on none of them. A renamed code's old rows read, and
are found by the audit log's filter, as the current code (audit.actions.RENAMED).
"""

import json
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit import actions

_ACTION_LABELS: dict[str, str | Promise] = {
    actions.AUTH_SIGN_IN: _("登录"),
    actions.AUTH_SIGN_OUT: _("退出登录"),
    actions.AUTH_REFUSE_SIGN_IN: _("登录失败"),
    actions.AUDIT_REKEY: _("审计链改用密钥"),
    actions.USER_CHANGE_ROLES: _("修改人员角色"),
}

# Detail keys that are no model field of the audited object.
_DATA_LABELS: dict[str, str | Promise] = {
    "username": _("用户名"),
    "reason": _("理由"),
    "comment": _("意见"),
    "rows": _("行数"),
    "file": _("文件"),
    "filename": _("文件名"),
    "kind": _("类型"),
    "from": _("原状态"),
    "to": _("新状态"),
    "from_state": _("原状态"),
    "to_state": _("新状态"),
    "permission": _("权限"),
    "user": _("用户"),
    "users": _("用户"),
    "version": _("版本"),
    "revision": _("修订号"),
    "digest": _("内容摘要"),
    "error": _("错误"),
    "attempts": _("尝试次数"),
    "command": _("命令"),
    "format": _("格式"),
    "register": _("清单"),
    "campaign": _("排查工作"),
    "unit": _("单位"),
    "count": _("数量"),
    "transition": _("流转记录"),
    "public": _("公开"),
    "publication": _("公示版本"),
    "signature": _("签字"),
    "signer": _("签字人"),
    "until": _("锁定至"),
    "async": _("后台生成"),
    "entries": _("风险点数"),
    "failures": _("失败次数"),
    "file_name": _("文件名"),
    "limit": _("上限"),
    "name": _("名称"),
    "steps": _("流程步骤"),
    "category": _("排查类别"),
    "entry_ids": _("风险点顺序"),
    "registers": _("清单数"),
    "rolled_forward": _("沿用上一轮的清单数"),
}

# Detail values that are codes, by key: {key: {code: label}} (e.g. a register's states).
_VALUE_LABELS: dict[str, dict[str, str | Promise]] = {}


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Called by each app's AppConfig.ready with the labels of the action codes it writes."""
    _ACTION_LABELS.update(labels)


def register_data_labels(labels: Mapping[str, str | Promise]) -> None:
    """Called by an app whose audit details hold keys of its own that no field of the audited
    model names (an attachment's name on its parent's row, say)."""
    _DATA_LABELS.update(labels)


def register_value_labels(key: str, labels: Mapping[str, str | Promise]) -> None:
    """Called by an app whose audit details hold codes under `key` (e.g. from/to states)."""
    _VALUE_LABELS.setdefault(key, {}).update(labels)


def action_label(code: str) -> str:
    """The code's Chinese label; an old code (audit.actions.RENAMED) reads as its current one."""
    label = _ACTION_LABELS.get(actions.RENAMED.get(code, code))
    return str(label) if label is not None else code


def known_action_codes() -> frozenset[str]:
    """The current codes that have a label (the old names of renamed codes are not among them)."""
    return frozenset(_ACTION_LABELS)


def action_filter(prefix: str) -> Q:
    """AuditEntry rows whose action starts with `prefix`, read through the renames both ways: the
    current code finds the rows written under its old name, and an old code (a bookmarked
    filter) finds the rows written since under the new one."""
    renamed_to = [new for old, new in actions.RENAMED.items() if old.startswith(prefix)]
    renamed_from = [old for old, new in actions.RENAMED.items() if new.startswith(prefix)]
    return Q(action__startswith=prefix) | Q(action__in=renamed_to + renamed_from)


# Object types of audit rows written before a model moved to another app: the rows are chained
# and never rewritten, so the old name is resolved to the new one when the row is read.
_MODEL_ALIASES: dict[str, str] = {}


def register_model_alias(old: str, new: str) -> None:
    _MODEL_ALIASES[old] = new


def _model_of(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(_MODEL_ALIASES.get(object_type, object_type))
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _value_text(value: Any) -> str:
    if value is True:
        return gettext("是")
    if value is False:
        return gettext("否")
    if value is None or value == "":
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def data_rows(*, object_type: str, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The row's details as (label, text) pairs: a key that is a field of the audited model reads
    as the field's name, a common key as its label; any other key is shown as it is."""
    model = _model_of(object_type)
    rows = []
    for key, value in data.items():
        label: str | Promise = _DATA_LABELS.get(key, key)
        text = _value_text(value)
        if isinstance(value, str) and value in _VALUE_LABELS.get(key, {}):
            text = str(_VALUE_LABELS[key][value])
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                pass
            else:
                label = getattr(field, "verbose_name", label)
                choices = dict(getattr(field, "flatchoices", None) or ())
                # Integer choices too (an entry's grade, likelihood, impact); a bool would pass
                # for 0 or 1.
                coded = isinstance(value, str | int) and not isinstance(value, bool)
                if coded and value in choices:
                    text = str(choices[value])
        rows.append((str(label), text))
    return rows
