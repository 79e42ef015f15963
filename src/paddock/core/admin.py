from django.contrib import admin

from paddock.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by services, never edited."""

    list_display = ["created_at", "action", "object_repr", "actor", "edition"]
    list_filter = ["action", "edition"]
    search_fields = ["action", "object_repr", "actor__email"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
