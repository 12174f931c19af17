"""What an admin types wrong in the admin is a form error on the page, never a 500: an id that is
no number in an autocomplete field, a crontab that Celery cannot read, a periodic task's name its
field refuses, an objective posted with millions of actions."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from objectives.models import Objective
from okr_site.admin import DateHierarchyInRange
from okr_site.admin_autocomplete import AutocompleteFormErrors
from tests.helpers import admin_form_data


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


@pytest.mark.parametrize(
    ("page", "typed"),
    [
        ("admin:key_results_keyresult_change", {"objective": "abc"}),
        ("admin:organisation_team_add", {"name": "Support 2", "leader": "abc"}),
        ("admin:organisation_user_change", {"team": "abc"}),
        (
            "admin:objectives_objective_change",  # an action typed into the inline
            {
                "actions-TOTAL_FORMS": "1",
                "actions-0-title": "Call back",
                "actions-0-status": "proposed",
                "actions-0-owner": "abc",
            },
        ),
    ],
    ids=["key-result", "team", "person", "inline-action"],
)
def test_an_autocomplete_id_that_is_no_number_is_a_form_error(admin_client, org, kr, page, typed):
    shown = {"organisation_user": org.member.pk, "objectives_objective": kr.objective_id}
    args = [kr.pk] if "keyresult" in page else [pk for key, pk in shown.items() if key in page]
    url = reverse(page, args=args)

    response = admin_client.post(url, admin_form_data(admin_client, url, **typed))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# Half past seven on weekdays, the way the reminders are scheduled.
WEEKDAYS = {
    "minute": "30",
    "hour": "7",
    "day_of_month": "*",
    "month_of_year": "*",
    "day_of_week": "mon-fri",
    "timezone": "Europe/Copenhagen",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("minute", "1,2,"),
        ("hour", "*/"),
        ("day_of_month", "-1"),
        ("day_of_week", "7"),
        ("month_of_year", ","),
    ],
    ids=["trailing-comma", "empty-step", "negative", "day-seven", "lone-comma"],
)
def test_a_crontab_celery_cannot_read_is_a_form_error(admin_client, field, value):
    url = reverse("admin:django_celery_beat_crontabschedule_add")

    data = admin_form_data(admin_client, url, **{**WEEKDAYS, field: value})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Celery cannot read this schedule" in response.content.decode()
    assert not CrontabSchedule.objects.exists()


def test_a_crontab_celery_reads_is_saved(admin_client):
    url = reverse("admin:django_celery_beat_crontabschedule_add")

    assert admin_client.post(url, admin_form_data(admin_client, url, **WEEKDAYS)).status_code == 302
    assert CrontabSchedule.objects.get().hour == "7"


def test_every_admin_with_autocomplete_fields_answers_with_form_errors():
    with_autocomplete = [
        model_admin
        for registered in admin.site._registry.values()
        for model_admin in [registered, *registered.get_inline_instances(request=None)]
        if model_admin.autocomplete_fields
    ]

    assert with_autocomplete
    assert [a for a in with_autocomplete if not isinstance(a, AutocompleteFormErrors)] == []


@pytest.fixture
def every_minute():
    return IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ({"task": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"task": "progress.tasks\x00"}, "Null characters are not allowed."),
        ({"regtask": "progress.tasks\x00"}, "Null characters are not allowed."),
    ],
    ids=["custom-task-too-long", "custom-task-nul", "registered-task-nul"],
)
def test_a_periodic_task_its_fields_refuse_is_a_form_error(
    admin_client, every_minute, typed, error
):
    # Found by tests/fuzz: django-celery-beat's form looked the refused task up (a KeyError, a 500).
    url = reverse("admin:django_celery_beat_periodictask_add")
    data = admin_form_data(admin_client, url, name="Reminders", interval=every_minute.pk, **typed)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not PeriodicTask.objects.exists()


def test_a_periodic_task_with_a_task_name_is_saved(admin_client, every_minute):
    url = reverse("admin:django_celery_beat_periodictask_add")
    typed = {"name": "Reminders", "task": "progress.tasks.send_pending_reminders"}
    data = admin_form_data(admin_client, url, interval=every_minute.pk, **typed)

    assert admin_client.post(url, data).status_code == 302
    assert PeriodicTask.objects.get().task == "progress.tasks.send_pending_reminders"


def test_an_objective_claiming_millions_of_actions_is_refused_at_two_hundred(admin_client, org):
    # Found by tests/fuzz: Django built and drew a thousand action forms for this (an 8 MB page).
    url = reverse("admin:objectives_objective_add")
    data = admin_form_data(admin_client, url, title="Happier customers")
    data["actions-TOTAL_FORMS"] = "99999999"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Please submit at most 200 forms." in page
    assert len(re.findall(r'name="actions-\d+-title"', page)) <= 200  # drawn: not a thousand
    assert not Objective.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        {"attempt_time__year": "2147483648"},
        {"attempt_time__year": "9999", "attempt_time__month": "12", "attempt_time__day": "31"},
    ],
    ids=["year-past-any-date", "the-day-after-the-last"],
)
@pytest.mark.parametrize("page", ["accessattempt", "accesslog", "accessfailurelog"])
def test_a_date_out_of_range_in_a_lists_date_hierarchy_shows_the_whole_list(
    admin_client, page, typed
):
    # Found by tests/fuzz: Django's date hierarchy let the OverflowError through (a 500).
    response = admin_client.get(reverse(f"admin:axes_{page}_changelist"), typed)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_every_list_with_a_date_hierarchy_refuses_dates_out_of_range():
    with_dates = [a for a in admin.site._registry.values() if a.date_hierarchy]

    assert with_dates
    assert [a for a in with_dates if not isinstance(a, DateHierarchyInRange)] == []
