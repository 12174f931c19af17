import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from okr_site.celery import app


# The scheduler closes the database connection as it starts, so no test transaction wraps this.
@pytest.mark.django_db(transaction=True)
def test_beat_schedule_is_listed_for_admins(client, org, settings):
    DatabaseScheduler(app=app)  # what `celery beat` does as it starts: store the schedule
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert set(settings.CELERY_BEAT_SCHEDULE) <= names

    client.force_login(org.admin)
    page = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert page.status_code == 200
    assert "quarter-start-reminders" in page.content.decode()
    assert "after-effort-reminders" in page.content.decode()


def test_people_who_are_not_admins_cannot_see_the_schedules(client, org):
    client.force_login(org.leader)
    page = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert page.status_code == 302
