"""How audit rows read in the UI: an action code becomes its Chinese label, an object type its
model's name, a detail key the field's name.

The codes themselves stay stable English identifiers (they are hashed into the chain and filtered
on); each app registers the labels of the codes it writes from its AppConfig.ready, so that the
audit app depends on none of them.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_ACTION_LABELS: dict[str, str | Promise] = {
    "auth.sign_in": _("登录"),
    "auth.sign_out": _("退出登录"),
    "auth.sign_in_failed": _("登录失败"),
    "audit.rekey": _("审计链改用密钥"),
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
}

# Detail values that are codes, by key: {key: {code: label}} (e.g. a register's states).
_VALUE_LABELS: dict[str, dict[str, str | Promise]] = {}


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Called by each app's AppConfig.ready with the labels of the action codes it writes."""
    _ACTION_LABELS.update(labels)


def register_value_labels(key: str, labels: Mapping[str, str | Promise]) -> None:
    """Called by an app whose audit details hold codes under `key` (e.g. from/to states)."""
    _VALUE_LABELS.setdefault(key, {}).update(labels)


def action_label(code: str) -> str:
    label = _ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def known_action_codes() -> frozenset[str]:
    return frozenset(_ACTION_LABELS)


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
                if isinstance(value, str) and value in choices:
                    text = str(choices[value])
        rows.append((str(label), text))
    return rows
