"""The demo's integrity files (廉政档案): 杨建国 (chuzhang, head of 环境影响评价处) with a talk, a
述廉 report (with its upload) and a declaration the committee recorded; 刘晓东 (jingban), whose
warning and assessment are in the oversight and assessment demos, with the conversation that
followed his warning. 调阅: the leader in charge (fuju3) holds one the committee approved for
chuzhang's file; the principal (juzhang) has asked for jingban's, waiting for the committee.
Made through the services, so the audit trail and the notifications are what real use leaves;
made once (a demo with records is left alone)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from archives.choices import RecordKind
from archives.models import IntegrityRecord
from archives.services import (
    RecordData,
    access_request_create,
    access_request_decide,
    record_create,
)
from orgs.models import User
from oversight.attachments import attachment_add


@dataclass(frozen=True)
class ArchivesSummary:
    records: int
    requests: int


REPORT_TEXT = """述廉报告

一年来,本人认真履行“一岗双责”,严格执行环评审批双人接待、集体会审制度,
未发生违规接受宴请、收受礼品礼金等问题。下一步将继续加强本处室廉政风险防控。
"""


@transaction.atomic
def build_demo_archives(*, today: date) -> ArchivesSummary | None:
    if IntegrityRecord.objects.exists():
        return None
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["jiwei", "chuzhang", "jingban", "fuju3", "juzhang"]
        )
    }
    committee, head, staff = users["jiwei"], users["chuzhang"], users["jingban"]

    def record(person: User, kind: str, days_ago: int, title: str, content: str) -> IntegrityRecord:
        return record_create(
            person=person,
            actor=committee,
            data=RecordData(
                kind=kind,
                occurred_on=today - timedelta(days=days_ago),
                title=title,
                content=content,
            ),
        )

    record(
        head,
        RecordKind.TALK,
        60,
        "新任处长任前廉政谈话",
        "机关纪委书记与其进行任前廉政谈话,提醒其严守环评审批纪律,落实双人接待和集体会审制度。",
    )
    report = record(
        head,
        RecordKind.INTEGRITY_REPORT,
        20,
        "年度述责述廉报告",
        "在局机关年度述责述廉会上作述廉报告,民主测评满意率96%。",
    )
    attachment_add(
        parent=report,
        upload=SimpleUploadedFile("述廉报告.txt", REPORT_TEXT.encode("utf-8")),
        actor=committee,
        note="述廉报告全文",
    )
    record(
        head,
        RecordKind.DECLARATION,
        90,
        "领导干部个人有关事项报告",
        "本人婚姻、房产、投资及配偶子女从业情况已如实报告;经核查,与报告一致。",
    )
    record(
        staff,
        RecordKind.CONVERSATION,
        5,
        "预警后提醒谈话",
        "就一般预警所涉问题进行提醒谈话,本人已说明情况并作出书面整改承诺。",
    )
    approved = access_request_create(
        actor=users["fuju3"],
        person=head,
        reason="分管处室负责人年度考核,需查阅其廉政档案。",
        days=14,
    )
    access_request_decide(
        request=approved, actor=committee, approve=True, days=7, note="同意,限7天。"
    )
    access_request_create(
        actor=users["juzhang"],
        person=staff,
        reason="拟调整该同志工作岗位,需了解其廉政情况。",
        days=5,
    )
    return ArchivesSummary(records=IntegrityRecord.objects.count(), requests=2)
