"""This app's hooks into the apps below (audit labels, ...), called from its AppConfig.ready."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from audit import actions
from audit.labels import register_action_labels

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.COMMITMENT_TEXT_UPDATE: gettext_lazy("修改承诺内容"),
    actions.COMMITMENT_GENERATE: gettext_lazy("生成承诺书"),
    actions.COMMITMENT_SIGN: gettext_lazy("承诺书签字"),
    actions.COMMITMENT_REFUSE_SIGNING: gettext_lazy("承诺书签字密码错误"),
    actions.COMMITMENT_PUBLISH: gettext_lazy("承诺书公示"),
    actions.COMMITMENT_EXPORT_PDF: gettext_lazy("导出承诺书PDF"),
}


def connect() -> None:
    register_action_labels(AUDIT_LABELS)
