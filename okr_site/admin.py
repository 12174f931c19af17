"""The admin of django-celery-beat's crontab schedules and periodic tasks, made to refuse what
Celery cannot read with form errors instead of server errors; and every list with a date
hierarchy (django-axes' lists of sign-in attempts), made to refuse a date out of range."""

from __future__ import annotations

from typing import Any

from celery.schedules import ParseException, crontab
from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import CrontabScheduleAdmin as BaseCrontabScheduleAdmin
from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin
from django_celery_beat.admin import PeriodicTaskForm as BasePeriodicTaskForm
from django_celery_beat.admin import TaskChoiceField
from django_celery_beat.models import CrontabSchedule, PeriodicTask

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")


class CrontabScheduleForm(forms.ModelForm):
    """django-celery-beat's validators let through schedules such as "1,2," for the minute, which
    Celery then fails to parse (a 500 in the admin, a crash in beat): this form asks Celery."""

    class Meta:
        model = CrontabSchedule
        fields = [*CRONTAB_FIELDS, "timezone"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in CRONTAB_FIELDS:
            value = cleaned.get(name)
            if value is None:  # already refused by its own validators
                continue
            try:
                crontab(**{name: value})
            except (ValueError, ParseException) as exc:
                # add_error drops the value, so the page never draws a schedule it cannot read.
                self.add_error(
                    name,
                    ValidationError(
                        _("Celery cannot read this schedule: %(error)s"), params={"error": exc}
                    ),
                )
        return cleaned


admin.site.unregister(CrontabSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(BaseCrontabScheduleAdmin):
    form = CrontabScheduleForm


class PeriodicTaskForm(BasePeriodicTaskForm):
    """django-celery-beat's form looks up the custom task name even when its own field refused it
    (longer than 200 characters, or a NUL): a KeyError, a 500. Here the field's error stands."""

    # The registered task may be any text (the choices are only offered): never a NUL, which
    # PostgreSQL cannot store.
    regtask = TaskChoiceField(
        label=BasePeriodicTaskForm.base_fields["regtask"].label,
        required=False,
        validators=[ProhibitNullCharactersValidator()],
    )

    def clean(self) -> dict[str, Any]:
        if "task" not in self.cleaned_data:  # refused by its own field, which says why
            return forms.ModelForm.clean(self) or self.cleaned_data
        return super().clean()


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(BasePeriodicTaskAdmin):
    form = PeriodicTaskForm


class DateHierarchyInRange(admin.ModelAdmin):
    """Django's date hierarchy makes a datetime of ?<field>__year=2147483648 (or of the day after
    31 December 9999) and lets the OverflowError or ValueError through: a 500. Here it is a wrong
    lookup, which the admin answers with the whole list and "?e=1", as for any other."""

    def get_changelist_instance(self, request):  # type: ignore[no-untyped-def]
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as exc:
            raise IncorrectLookupParameters(exc) from exc


# okr_site is the last app, so every other app's admin is registered by now.
for _model, _model_admin in list(admin.site._registry.items()):
    if _model_admin.date_hierarchy and not isinstance(_model_admin, DateHierarchyInRange):
        admin.site.unregister(_model)
        admin.site.register(
            _model,
            type(type(_model_admin).__name__, (DateHierarchyInRange, type(_model_admin)), {}),
        )
