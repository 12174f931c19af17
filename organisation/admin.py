from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from okr_site.admin_autocomplete import AutocompleteFormErrors

from .forms import AdminSignInForm
from .models import Team, User

admin.site.login_form = AdminSignInForm


@admin.register(Team)
class TeamAdmin(AutocompleteFormErrors, admin.ModelAdmin):
    list_display = ["name", "parent", "leader"]
    list_select_related = ["parent", "leader"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "leader"]


@admin.register(User)
class UserAdmin(AutocompleteFormErrors, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "team", "is_staff"]
    list_select_related = ["team"]
    list_filter = ["team", "is_staff", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Organisation"), {"fields": ["team", "language"]}),
    )
    autocomplete_fields = ["team"]
