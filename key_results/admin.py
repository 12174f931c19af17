from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from okr_site.admin_autocomplete import AutocompleteFormErrors

from .models import KeyResult
from .services import save_key_result


@admin.register(KeyResult)
class KeyResultAdmin(AutocompleteFormErrors, admin.ModelAdmin):
    """Admins correct a key result's words and people; the rest follows the product's rules.

    Approval is decided in the app, by the owner's leader; values come only from measurements.
    A changed number of an approved key result sends it back for approval, as in the app."""

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
    autocomplete_fields = ["objective", "action", "owner"]
    readonly_fields = ["approval_state", "approver", "current_value", "last_measured_on"]

    def get_readonly_fields(self, request: HttpRequest, obj: KeyResult | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.has_measurements():
            fields.append("kind")  # its values were measured as this kind
        return fields

    def save_model(
        self, request: HttpRequest, obj: KeyResult, form: ModelForm, change: bool
    ) -> None:
        columns = {field.name for field in KeyResult._meta.concrete_fields}
        save_key_result(
            key_result=obj,
            by=request.user,  # type: ignore[arg-type]
            fields=[name for name in form.changed_data if name in columns],
        )
