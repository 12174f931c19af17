"""The admin of django-celery-beat's crontab schedules and periodic tasks, made to refuse what
Celery cannot read with form errors instead of server errors."""

from __future__ import annotations

from typing import Any

from celery.schedules import ParseException, crontab
from django import forms
from django.contrib import admin
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
