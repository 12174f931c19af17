from django.contrib import admin
from django.http import HttpRequest

from okr_site.admin_autocomplete import AutocompleteFormErrors

from .models import Comment, Reaction, Reminder, Update


class CommentInline(AutocompleteFormErrors, admin.TabularInline):
    model = Comment
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    """Measurements and notes are a record: admins read them, nobody rewrites or removes them.

    Their comments are moderated in the comments' own admin."""

    list_display = ["created_at", "author", "kind", "objective", "key_result", "value_after"]
    list_filter = ["kind", "team"]
    list_select_related = ["author", "objective", "key_result"]
    search_fields = ["text", "learning"]
    raw_id_fields = ["author", "objective", "action", "key_result", "approval_event", "team"]
    inlines = [CommentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Update | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Update | None = None) -> bool:
        return False


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["emoji", "person", "update", "created_at"]
    list_select_related = ["person", "update"]
    raw_id_fields = ["person", "update"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author", "update", "created_at"]
    list_select_related = ["author", "update"]
    raw_id_fields = ["author", "update"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders are a record of what was sent; one that kept failing shows why."""

    list_display = [
        "person",
        "kind",
        "occasion",
        "created_at",
        "sent_at",
        "attempts",
        "failed_at",
        "failure",
    ]
    list_filter = [
        "kind",
        ("sent_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["person"]
    search_fields = ["occasion", "person__username"]
    raw_id_fields = ["person", "action", "key_results"]
    readonly_fields = ["claimed_at", "sent_at", "attempts", "failed_at", "failure"]
