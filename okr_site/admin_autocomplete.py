"""Admin autocomplete fields that answer a typed value which is no id with a form error.

Django's autocomplete widget looks the submitted values up to redraw the form, and a value such
as "abc" for a numeric key raises there: a 500 instead of the form's own "Select a valid choice".
Every ModelAdmin and inline with autocomplete_fields mixes in AutocompleteFormErrors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.admin import widgets
from django.contrib.admin.options import BaseModelAdmin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, ManyToManyField
from django.http import HttpRequest


class _DrawsOnlyValidIds(widgets.AutocompleteMixin):
    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        """The options Django draws, for the submitted values that the related key can hold."""
        remote = self.field.remote_field
        target_opts = remote.model._meta
        target = target_opts.get_field(getattr(remote, "field_name", target_opts.pk.attname))
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class AutocompleteSelect(_DrawsOnlyValidIds, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_DrawsOnlyValidIds, widgets.AutocompleteSelectMultiple):
    pass


class AutocompleteFormErrors(BaseModelAdmin):
    """Mixed into a ModelAdmin or inline: its autocomplete_fields use the widgets above."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
