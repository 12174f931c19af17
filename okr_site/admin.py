"""The admin of django-celery-beat's crontab schedules, made to refuse what Celery cannot read."""

from __future__ import annotations

from typing import Any

from celery.schedules import ParseException, crontab
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import CrontabScheduleAdmin as BaseCrontabScheduleAdmin
from django_celery_beat.models import CrontabSchedule

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
