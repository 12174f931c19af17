from django.contrib import admin

from .models import KeyResult


@admin.register(KeyResult)
class KeyResultAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "objective",
        "owner",
        "kind",
        "current_value",
        "target",
        "deadline",
        "approval_state",
    ]
    list_filter = ["approval_state", "kind"]
    list_select_related = ["objective", "owner"]
    search_fields = ["title", "objective__title"]
    autocomplete_fields = ["objective", "action", "owner", "approver"]
