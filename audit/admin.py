from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from audit.models import AuditEntry
from audit.visibility import audit_rows_visible_to


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_repr", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "object_repr", "action"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        # Rows of objects confidential to a circle the reader is outside stay hidden here too.
        return super().get_queryset(request) & audit_rows_visible_to(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
