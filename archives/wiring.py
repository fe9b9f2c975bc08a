"""This app's hooks into the apps below (audit labels, ...), called from its AppConfig.ready."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from audit import actions
from audit.labels import register_action_labels

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.INTEGRITY_RECORD_CREATE: gettext_lazy("记入廉政档案"),
    actions.INTEGRITY_RECORD_UPDATE: gettext_lazy("修改廉政档案记录"),
    actions.INTEGRITY_RECORD_DELETE: gettext_lazy("删除廉政档案记录"),
    actions.ARCHIVE_READ: gettext_lazy("查阅廉政档案"),
    actions.ARCHIVE_EXPORT_PDF: gettext_lazy("导出廉政档案PDF"),
    actions.ARCHIVE_SNAPSHOT: gettext_lazy("廉政档案年度存档"),
    actions.ACCESS_REQUEST_CREATE: gettext_lazy("申请调阅廉政档案"),
    actions.ACCESS_REQUEST_DECIDE: gettext_lazy("审批档案调阅申请"),
    actions.ACCESS_REQUEST_WITHDRAW: gettext_lazy("撤回档案调阅申请"),
}


def connect() -> None:
    register_action_labels(AUDIT_LABELS)
