"""Builders shared by the rectification, sweep and board tests: items opened through the service
(as the committee, unless told otherwise) and an issued warning to rectify."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from orgs.models import User
from oversight.choices import Disposal, RectificationSource, WarningLevel, WarningState
from oversight.models import Rectification, Warning
from oversight.rectification.services import rectification_create
from tests.conftest import Cast


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def open_item(cast: Cast, **overrides: Any) -> Rectification:
    """An inspection finding for 审批处, owned by 刘经办, due in ten days."""
    arguments: dict[str, Any] = {
        "source": RectificationSource.INSPECTION,
        "unit": cast.dept,
        "owner": cast.filler,
        "title": "审批档案不全",
        "problem": "抽查的12件审批档案中有3件缺少集体会审记录。",
        "deadline": in_days(10),
        "actor": cast.committee,
        "steps": "补齐会审记录;建立档案核查制度",
    }
    arguments.update(overrides)
    return rectification_create(**arguments)


def issued_warning(cast: Cast, *, subject: User | None = None, **overrides: Any) -> Warning:
    """An issued 责令整改 warning to 陈处长 (the head of 审批处), as the warnings area leaves it."""
    fields: dict[str, Any] = {
        "number": "预警〔2026〕3号",
        "level": WarningLevel.IMPORTANT,
        "disposal": Disposal.RECTIFY,
        "state": WarningState.ISSUED,
        "subject_user": subject if subject is not None else cast.head,
        "subject_unit": cast.dept,
        "facts": "审批处违规简化环评审批程序。",
        "requirement": "立即整改,30日内报告整改情况。",
        "deadline": in_days(30),
        "started_by": cast.committee,
        "issued_at": timezone.now(),
    }
    fields.update(overrides)
    return Warning.objects.create(**fields)


def warning_item(cast: Cast, warning: Warning | None = None, **overrides: Any) -> Rectification:
    """A rectification item from a warning: as confidential as the warning."""
    warning = warning or issued_warning(cast)
    arguments: dict[str, Any] = {
        "source": RectificationSource.WARNING,
        "warning": warning,
        "owner": warning.subject_user or cast.head,
        "title": "预警整改:简化审批程序",
    }
    return open_item(cast, **{**arguments, **overrides})
