"""How the audit trail names what this app records (see audit.labels)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit import actions

AUDIT_LABELS: dict[str, str | Promise] = {
    actions.ACTION_CREATE: _("添加措施落实"),
    actions.ACTION_UPDATE: _("修改措施落实"),
    actions.ACTION_DELETE: _("删除措施落实"),
    actions.ACTION_VERIFY: _("核实措施落实"),
    actions.LEAD_CREATE: _("登记廉情信息"),
    actions.LEAD_UPDATE: _("修改廉情信息"),
    actions.LEAD_DECIDE: _("研判廉情信息"),
    actions.LEAD_VIEW: _("查阅廉情信息"),
    actions.WARNING_CREATE: _("起草廉情预警"),
    actions.WARNING_UPDATE: _("修改廉情预警"),
    actions.WARNING_SUBMIT: _("报请批准廉情预警"),
    actions.WARNING_APPROVE: _("批准并下达廉情预警"),
    actions.WARNING_REJECT: _("不批准廉情预警"),
    actions.WARNING_ANSWER: _("报告预警整改情况"),
    actions.WARNING_RETURN: _("退回预警整改报告"),
    actions.WARNING_CLOSE: _("廉情预警销号"),
    actions.WARNING_VIEW: _("查阅廉情预警"),
    actions.WARNING_EXPORT_PDF: _("导出预警通知书"),
    actions.RECTIFICATION_CREATE: _("建立整改事项"),
    actions.RECTIFICATION_UPDATE: _("更新整改事项"),
    actions.RECTIFICATION_SUBMIT: _("提请整改销号"),
    actions.RECTIFICATION_RETURN: _("退回整改事项"),
    actions.RECTIFICATION_CLOSE: _("整改事项销号"),
    actions.RECTIFICATION_VIEW: _("查阅整改事项"),
    actions.RECTIFICATION_EXPORT_PDF: _("导出整改报告"),
    actions.OVERSIGHT_EXPORT_LEDGER: _("导出台账"),
    actions.ATTACHMENT_UPLOAD: _("上传附件"),
    actions.ATTACHMENT_DOWNLOAD: _("下载附件"),
    actions.ATTACHMENT_DELETE: _("删除附件"),
}

# Keys of this app's audit details that no field of the audited model names.
DATA_LABELS: dict[str, str | Promise] = {
    "actions": _("落实措施"),
    "attachment": _("附件"),
    "attachments": _("附件"),
    "changes": _("修改内容"),
    "content": _("措施内容"),
    "deadline": _("期限"),
    "decision": _("研判结果"),
    "entries": _("关联风险点"),
    "entry": _("风险点"),
    "feedback": _("公示监督意见"),
    "fields": _("字段"),
    "lead": _("廉情信息"),
    "name": _("名称"),
    "new": _("新值"),
    "note": _("意见"),
    "old": _("原值"),
    "owner": _("责任人"),
    "owner_name": _("责任人"),
    "rectification": _("整改事项"),
    "rectifications": _("整改事项"),
    "size": _("大小(字节)"),
    "state": _("状态"),
    "status": _("落实状态"),
    "title": _("标题"),
    "verification_reset": _("核实作废"),
    "verified_by": _("核实人"),
    "warning": _("廉情预警"),
}
