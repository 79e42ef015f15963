from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from paddock.core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows written by services only, which check the rules, lock, log and tell the
    people concerned: the admin shows them, superusers included may not add, change or
    delete them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers included: the log is written by services only."""

    list_display = [
        "created_at",
        "action",
        "object_repr",
        "object_model",
        "object_id",
        "actor",
        "edition_label",
    ]
    list_filter = ["action", "edition"]
    search_fields = ["action", "object_repr", "actor__email", "edition_name"]

    @admin.display(description=_("edition"), ordering="edition_name")
    def edition_label(self, entry: AuditEntry) -> str:
        """The edition's name as it was when the entry was written, even once deleted."""
        return entry.edition_name or (str(entry.edition) if entry.edition_id else "")
