from django.contrib import admin

from .models import ApprovalEvent


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(admin.ModelAdmin):
    """The history is a record: readable by admins, never rewritten."""

    list_display = ["key_result", "kind", "actor", "approver", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["key_result", "actor", "approver"]
    readonly_fields = ["key_result", "kind", "actor", "approver", "comment", "values", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
