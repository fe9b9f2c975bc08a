from django.contrib import admin

from reports.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "owner",
        "state",
        "progress",
        "attempts",
        "heartbeat_at",
        "created_at",
        "expires_at",
    ]
    list_filter = ["kind", "state"]
    readonly_fields = ["kind", "params", "owner", "file", "filename", "created_at", "finished_at"]
