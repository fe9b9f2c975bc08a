from django.contrib import admin

from notifications.models import OutboxMessage
from orgs.admin import ReadOnlyAdmin

# A person's notifications are not registered here: they name what he is told of (a warning
# issued to him, a rectification item of a warning), which is confidential to a circle the
# administrator is outside. The outbox shows the delivery of each e-mail, not what it says.


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """For the administrator to see undeliverable e-mail (attempts, last error)."""

    list_display = ["to", "created_at", "sent_at", "attempts", "last_attempt_at"]
    list_filter = ["sent_at"]
    search_fields = ["to"]
    fields = ["to", "created_at", "sent_at", "attempts", "last_attempt_at", "last_error"]
