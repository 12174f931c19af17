from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from key_results.admin import KeyResultAdmin
from key_results.models import KeyResult

from .models import ApprovalEvent


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(admin.ModelAdmin):
    """The history is a record: readable by admins, never rewritten."""

    list_display = ["key_result", "kind", "actor", "approver", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["key_result", "actor", "approver"]
    readonly_fields = [
        "key_result",
        "kind",
        "actor",
        "approver",
        "comment",
        "changes",
        "values",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApprovalEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApprovalEvent | None = None) -> bool:
        return False


class ApprovalEventInline(admin.TabularInline):
    model = ApprovalEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "approver", "comment", "changes", "values", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: KeyResult | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: KeyResult | None = None) -> bool:
        return False


# The key result's admin page (from the app below) shows its approval history inline.
admin.site.unregister(KeyResult)


@admin.register(KeyResult)
class KeyResultWithHistoryAdmin(KeyResultAdmin):
    inlines = [ApprovalEventInline]
