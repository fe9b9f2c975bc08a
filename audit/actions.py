"""Every action code the audit trail records, in one place and one style: "<entity>.<verb>".

The entity is what the row is about, in snake case (the audited model, or `auth` and `audit` for
rows about the system itself); the verb is in its base form, with an object where the entity
alone would be ambiguous (`register.grant_permission`). Every audit_record call passes one of
these constants, never a string of its own; the app that writes a code registers its Chinese
label (audit.labels.register_action_labels), and tests/audit/test_labels.py holds both.

The codes are hashed into the chain and filtered on, so a code once written is never changed in
the rows: when a code is renamed, the old one goes into RENAMED, and the audit log shows and
finds the old rows as the new code (audit.labels).
"""

from typing import Final

# --- signing in, the trail itself ----------------------------------------------------------------
AUTH_SIGN_IN: Final = "auth.sign_in"
AUTH_SIGN_OUT: Final = "auth.sign_out"
AUTH_REFUSE_SIGN_IN: Final = "auth.refuse_sign_in"
AUDIT_REKEY: Final = "audit.rekey"
# A person's roles changed in the admin (committee, party group, party-branch secretary, staff).
USER_CHANGE_ROLES: Final = "user.change_roles"

# --- registers: campaigns, registers and their entries, power and duty lists ---------------------
CAMPAIGN_CREATE: Final = "campaign.create"
CAMPAIGN_UPDATE: Final = "campaign.update"
CAMPAIGN_START: Final = "campaign.start"
# Registers created after the start for people, units and key posts that came since.
CAMPAIGN_ADD_REGISTERS: Final = "campaign.add_registers"
RISK_ENTRY_CREATE: Final = "risk_entry.create"
RISK_ENTRY_UPDATE: Final = "risk_entry.update"
RISK_ENTRY_DELETE: Final = "risk_entry.delete"
REGISTER_REORDER_ENTRIES: Final = "register.reorder_entries"
REGISTER_IMPORT: Final = "register.import"
AUTHORITY_ITEM_CREATE: Final = "authority_item.create"
AUTHORITY_ITEM_UPDATE: Final = "authority_item.update"
AUTHORITY_ITEM_DELETE: Final = "authority_item.delete"

# --- workflow: the moves of the transition table, signatures, stage permissions, feedback --------
REGISTER_SUBMIT: Final = "register.submit"
REGISTER_SIGN: Final = "register.sign"
REGISTER_RETURN: Final = "register.return"
REGISTER_APPROVE: Final = "register.approve"
REGISTER_DELIBERATE: Final = "register.deliberate"
REGISTER_PUBLISH: Final = "register.publish"
REGISTER_REOPEN: Final = "register.reopen"
# An edit of the entries after submission sent the register back to draft.
REGISTER_SEND_BACK: Final = "register.send_back"
REGISTER_GRANT_PERMISSION: Final = "register.grant_permission"
REGISTER_REVOKE_PERMISSION: Final = "register.revoke_permission"
REGISTER_VOID_SIGNATURE: Final = "register.void_signature"
# A wrong signing password; the lock it leads to; an attempt refused while the lock lasts.
REGISTER_REFUSE_SIGNING: Final = "register.refuse_signing"
REGISTER_LOCK_SIGNING: Final = "register.lock_signing"
REGISTER_REFUSE_LOCKED_SIGNING: Final = "register.refuse_locked_signing"
FEEDBACK_CREATE: Final = "feedback.create"
FEEDBACK_HANDLE: Final = "feedback.handle"

# --- schedule ------------------------------------------------------------------------------------
CAMPAIGN_PREFILL_SCHEDULE: Final = "campaign.prefill_schedule"
SCHEDULE_TASK_UPDATE: Final = "schedule_task.update"
REMINDER_SETTINGS_UPDATE: Final = "reminder_settings.update"

# --- reports: one code per kind of export, and the export jobs' lifecycle ------------------------
REGISTER_EXPORT_PDF: Final = "register.export_pdf"
REGISTER_EXPORT_XLSX: Final = "register.export_xlsx"
REGISTER_EXPORT_FULL_XLSX: Final = "register.export_full_xlsx"
CAMPAIGN_EXPORT_ANNEX3_PDF: Final = "campaign.export_annex3_pdf"
CAMPAIGN_EXPORT_ANNEX3_XLSX: Final = "campaign.export_annex3_xlsx"
CAMPAIGN_EXPORT_WORKBOOK: Final = "campaign.export_workbook"
CAMPAIGN_EXPORT_STATS: Final = "campaign.export_stats"
EXPORT_JOB_FAIL: Final = "export_job.fail"
EXPORT_JOB_REQUEUE: Final = "export_job.requeue"
EXPORT_JOB_RETRY: Final = "export_job.retry"

# --- oversight: measures carried out, leads, warnings, rectification, their evidence ------------
ACTION_CREATE: Final = "action.create"
ACTION_UPDATE: Final = "action.update"
ACTION_DELETE: Final = "action.delete"
ACTION_VERIFY: Final = "action.verify"
LEAD_CREATE: Final = "lead.create"
LEAD_UPDATE: Final = "lead.update"
LEAD_DECIDE: Final = "lead.decide"
LEAD_VIEW: Final = "lead.view"
LEAD_LIST: Final = "lead.list"
WARNING_CREATE: Final = "warning.create"
WARNING_UPDATE: Final = "warning.update"
WARNING_SUBMIT: Final = "warning.submit"
WARNING_APPROVE: Final = "warning.approve"
WARNING_REJECT: Final = "warning.reject"
WARNING_ANSWER: Final = "warning.answer"
WARNING_RETURN: Final = "warning.return"
WARNING_CLOSE: Final = "warning.close"
WARNING_VIEW: Final = "warning.view"
WARNING_LIST: Final = "warning.list"
WARNING_EXPORT_PDF: Final = "warning.export_pdf"
RECTIFICATION_CREATE: Final = "rectification.create"
RECTIFICATION_UPDATE: Final = "rectification.update"
RECTIFICATION_SUBMIT: Final = "rectification.submit"
RECTIFICATION_RETURN: Final = "rectification.return"
RECTIFICATION_CLOSE: Final = "rectification.close"
RECTIFICATION_VIEW: Final = "rectification.view"
RECTIFICATION_EXPORT_PDF: Final = "rectification.export_pdf"
OVERSIGHT_EXPORT_LEDGER: Final = "oversight.export_ledger"
ATTACHMENT_UPLOAD: Final = "attachment.upload"
ATTACHMENT_DOWNLOAD: Final = "attachment.download"
ATTACHMENT_DELETE: Final = "attachment.delete"

# --- reviews: 回头看 rounds, the units' answers, their findings, the round's summary -------------
REVIEW_ROUND_OPEN: Final = "review_round.open"
REVIEW_ROUND_UPDATE: Final = "review_round.update"
REVIEW_ROUND_CLOSE: Final = "review_round.close"
REVIEW_ROUND_EXPORT_PDF: Final = "review_round.export_pdf"
REVIEW_ROUND_EXPORT_XLSX: Final = "review_round.export_xlsx"
REVIEW_ANSWER_UPDATE: Final = "review_answer.update"
REVIEW_ANSWER_SUBMIT: Final = "review_answer.submit"
REVIEW_ANSWER_RATE: Final = "review_answer.rate"
REVIEW_FINDING_CREATE: Final = "review_finding.create"
REVIEW_FINDING_DELETE: Final = "review_finding.delete"
REVIEW_FINDING_DECIDE: Final = "review_finding.decide"

# --- schedule: the rows of Annex 3 that units mark done by hand, and the marks withdrawn -------
SCHEDULE_TASK_COMPLETE: Final = "schedule_task.complete"
SCHEDULE_TASK_WITHDRAW: Final = "schedule_task.withdraw"

# --- assessment: the quarterly integrity assessment, its settings, results and exports ---------
ASSESSMENT_INDICATOR_CREATE: Final = "assessment_indicator.create"
ASSESSMENT_INDICATOR_UPDATE: Final = "assessment_indicator.update"
GRADE_SCALE_UPDATE: Final = "grade_scale.update"
ASSESSMENT_PERIOD_OPEN: Final = "assessment_period.open"
ASSESSMENT_PERIOD_UPDATE: Final = "assessment_period.update"
ASSESSMENT_PERIOD_CLOSE: Final = "assessment_period.close"
ASSESSMENT_PERIOD_EXPORT_XLSX: Final = "assessment_period.export_xlsx"
ASSESSMENT_SCORE: Final = "assessment.score"
# A 不良 result of a closed quarter recorded for the person's integrity file.
ASSESSMENT_FILE_ADVERSE: Final = "assessment.file_adverse"
ASSESSMENT_EXPORT_ANNUAL: Final = "assessment.export_annual"

# --- commitments: the letters of document 001, their text, signatures and publication ---------
COMMITMENT_TEXT_UPDATE: Final = "commitment_text.update"
COMMITMENT_GENERATE: Final = "commitment.generate"
COMMITMENT_SIGN: Final = "commitment.sign"
COMMITMENT_REFUSE_SIGNING: Final = "commitment.refuse_signing"
COMMITMENT_LOCK_SIGNING: Final = "commitment.lock_signing"
COMMITMENT_REFUSE_LOCKED_SIGNING: Final = "commitment.refuse_locked_signing"
# An unsigned letter of an older register version, replaced by the new version's letters.
COMMITMENT_SUPERSEDE: Final = "commitment.supersede"
COMMITMENT_PUBLISH: Final = "commitment.publish"
COMMITMENT_EXPORT_PDF: Final = "commitment.export_pdf"

# --- archives: integrity files, their records, readings, 调阅 requests and yearly snapshots -----
INTEGRITY_RECORD_CREATE: Final = "integrity_record.create"
INTEGRITY_RECORD_UPDATE: Final = "integrity_record.update"
INTEGRITY_RECORD_DELETE: Final = "integrity_record.delete"
ARCHIVE_READ: Final = "archive.read"
ARCHIVE_EXPORT_PDF: Final = "archive.export_pdf"
ARCHIVE_SNAPSHOT: Final = "archive.snapshot"
ACCESS_REQUEST_CREATE: Final = "access_request.create"
ACCESS_REQUEST_DECIDE: Final = "access_request.decide"
ACCESS_REQUEST_WITHDRAW: Final = "access_request.withdraw"

# The codes rows written before the names took one style still carry: old code → current code.
RENAMED: Final[dict[str, str]] = {
    "auth.sign_in_failed": AUTH_REFUSE_SIGN_IN,
    "workflow.submit": REGISTER_SUBMIT,
    "workflow.sign": REGISTER_SIGN,
    "workflow.return": REGISTER_RETURN,
    "workflow.approve": REGISTER_APPROVE,
    "workflow.deliberate": REGISTER_DELIBERATE,
    "workflow.publish": REGISTER_PUBLISH,
    "workflow.reopen": REGISTER_REOPEN,
    "workflow.content_changed": REGISTER_SEND_BACK,
    "workflow.permission_granted": REGISTER_GRANT_PERMISSION,
    "workflow.permission_revoked": REGISTER_REVOKE_PERMISSION,
    "workflow.signature_voided": REGISTER_VOID_SIGNATURE,
    "workflow.sign_password_failed": REGISTER_REFUSE_SIGNING,
    "workflow.sign_locked": REGISTER_LOCK_SIGNING,
    "workflow.sign_refused_locked": REGISTER_REFUSE_LOCKED_SIGNING,
    "workflow.feedback_created": FEEDBACK_CREATE,
    "workflow.feedback_handled": FEEDBACK_HANDLE,
    "schedule_task_update": SCHEDULE_TASK_UPDATE,
    "reminder_settings_update": REMINDER_SETTINGS_UPDATE,
    "export.annex_pdf": REGISTER_EXPORT_PDF,
    "export.annex_xlsx": REGISTER_EXPORT_XLSX,
    "export.annex3_pdf": CAMPAIGN_EXPORT_ANNEX3_PDF,
    "export.annex3_xlsx": CAMPAIGN_EXPORT_ANNEX3_XLSX,
    "export.workbook_xlsx": CAMPAIGN_EXPORT_WORKBOOK,
    "export.stats_xlsx": CAMPAIGN_EXPORT_STATS,
    "export.job_failed": EXPORT_JOB_FAIL,
    "export.job_requeued": EXPORT_JOB_REQUEUE,
    "export.job_retry": EXPORT_JOB_RETRY,
}


def all_codes() -> frozenset[str]:
    """Every current code: the string constants of this module."""
    return frozenset(
        value
        for name, value in globals().items()
        if name.isupper() and name != "RENAMED" and isinstance(value, str)
    )
