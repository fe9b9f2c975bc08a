"""The audit rows of confidential records (warnings, leads, the rectification items of
warnings) are hidden from every reader of the trail outside the committee: the administrator
reads the trail too, on the audit log page and in the Django admin."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from oversight.choices import (
    Disposal,
    LeadSource,
    RectificationSource,
    WarningLevel,
    WarningState,
)
from oversight.models import Warning
from oversight.rectification.services import rectification_create
from oversight.warnings.leads import LeadData, lead_create
from oversight.warnings.services import WarningData, warning_create
from tests.conftest import Cast


def test_confidential_rows_are_hidden_from_the_administrator(client: Client, cast: Cast) -> None:
    today = timezone.localdate()
    lead = lead_create(
        actor=cast.committee,
        data=LeadData(source=LeadSource.PETITION, summary="举报某处长收受礼金", received_on=today),
    )
    warning = warning_create(
        actor=cast.committee,
        data=WarningData(
            level=WarningLevel.GENERAL,
            disposal=Disposal.REMINDER,
            subject_unit=cast.dept,
            subject_user=cast.filler,
            facts="事由",
            requirement="要求",
            deadline=today + timedelta(days=7),
        ),
    )
    # Issued (the party group's approval is not what this test is about).
    Warning.objects.filter(pk=warning.pk).update(state=WarningState.ISSUED)
    warning.refresh_from_db()
    secret = rectification_create(
        source=RectificationSource.WARNING,
        warning=warning,
        unit=cast.dept,
        owner=cast.committee,  # in the warning's circle while it is a draft
        title="秘密整改标题",
        problem="问题",
        deadline=today + timedelta(days=7),
        actor=cast.committee,
    )
    rectification_create(
        source=RectificationSource.INSPECTION,
        unit=cast.dept,
        owner=cast.filler,
        title="普通整改标题",
        problem="问题",
        deadline=today + timedelta(days=7),
        actor=cast.committee,
    )
    confidential = {("oversight.lead", str(lead.pk)), ("oversight.warning", str(warning.pk))}
    confidential.add(("oversight.rectification", str(secret.pk)))
    written = set(AuditEntry.objects.values_list("object_type", "object_id"))
    assert confidential <= written
    # The names in the trail carry no content.
    assert not AuditEntry.objects.filter(object_repr__contains="礼金").exists()
    assert not AuditEntry.objects.filter(object_repr__contains="秘密").exists()

    for user, sees in ((cast.admin, False), (cast.committee, True)):
        client.force_login(user)
        page = client.get(reverse("workflow:audit_log")).text
        log = page[page.index('data-testid="audit-rows"') :]  # the rows, not the filter's choices
        assert ("起草廉情预警" in log) is sees
        assert ("登记廉情信息" in log) is sees
        # An ordinary item's rows stay visible to both; the warning's item only to the committee.
        assert log.count("建立整改事项") == (2 if sees else 1)
    # The Django admin (the administrator's alone) hides them too.
    client.force_login(cast.admin)
    admin_page = client.get(reverse("admin:audit_auditentry_changelist")).text
    assert "rectification.create" in admin_page
    assert "warning.create" not in admin_page and "lead.create" not in admin_page


def test_the_administrator_reads_no_ones_notifications_nor_warning_counts(
    client: Client, cast: Cast
) -> None:
    """Notifications name what a person is told (a warning issued to him): the Django admin
    does not list them, the outbox shows delivery only, and the board's warning counts are the
    committee's."""
    client.force_login(cast.admin)
    assert client.get("/admin/notifications/notification/").status_code == 404
    outbox = client.get(reverse("admin:notifications_outboxmessage_changelist"))
    assert outbox.status_code == 200 and "column-subject" not in outbox.text
    board = client.get(reverse("oversight:board"))
    assert board.status_code == 200 and 'data-testid="board-warnings"' not in board.text
    client.force_login(cast.committee)
    assert 'data-testid="board-warnings"' in client.get(reverse("oversight:board")).text
