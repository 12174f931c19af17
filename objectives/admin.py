from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from okr_site.admin_autocomplete import AutocompleteFormErrors

from .models import Action, Objective, Period
from .services import save_objective


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start", "end"]
    search_fields = ["name"]


class ActionInline(AutocompleteFormErrors, admin.TabularInline):
    model = Action
    extra = 0
    autocomplete_fields = ["owner"]
    # Django builds and draws as many forms as a POST's TOTAL_FORMS claims, up to a thousand
    # (found by fuzzing: half a minute and an 8 MB page for one request); no objective has
    # anywhere near this many actions.
    max_num = 200

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)


@admin.register(Objective)
class ObjectiveAdmin(AutocompleteFormErrors, admin.ModelAdmin):
    list_display = ["title", "team", "owner", "period", "status"]
    list_filter = ["status", "period", "team"]
    list_select_related = ["team", "owner", "period"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["owner", "team", "parent"]
    inlines = [ActionInline]

    def save_model(
        self, request: HttpRequest, obj: Objective, form: ModelForm, change: bool
    ) -> None:
        # Moved to another period here too, its key results' deadlines follow it (as in the app).
        if change:
            save_objective(objective=obj, by=request.user)  # type: ignore[arg-type]
        else:
            super().save_model(request, obj, form, change)


@admin.register(Action)
class ActionAdmin(AutocompleteFormErrors, admin.ModelAdmin):
    list_display = ["title", "objective", "owner", "status", "done_at"]
    list_filter = ["status"]
    list_select_related = ["objective", "owner"]
    search_fields = ["title"]
    autocomplete_fields = ["objective", "owner"]
