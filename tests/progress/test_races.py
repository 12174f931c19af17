"""Recording on one key result from several places at once loses nothing and counts right."""

from decimal import Decimal

import pytest

from key_results.models import KeyResult
from progress import services
from progress.models import Update
from tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def log(count_kr, person, text):
    return lambda: services.log_event(key_result=count_kr, by=person, text=text)


def test_two_events_logged_at_once_both_count(org, count_kr):
    race(
        log(count_kr, org.member, "Praise on the phone"),
        log(count_kr, org.member, "Praise in an email"),
        hold=count_kr,
    )
    count_kr.refresh_from_db()
    assert count_kr.current_value == 2
    steps = sorted(Update.objects.values_list("value_before", "value_after"))
    assert steps == [(Decimal(0), Decimal(1)), (Decimal(1), Decimal(2))]


def test_two_measurements_at_once_leave_the_newest_as_current(org, kr):
    first, second = race(
        lambda: services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey A"
        ),
        lambda: services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("3.4"), text="Survey B"
        ),
        hold=kr,
    )
    newest = max(first, second, key=lambda update: update.pk)
    kr.refresh_from_db()
    assert kr.current_value == newest.value_after
    oldest = min(first, second, key=lambda update: update.pk)
    newest.refresh_from_db()
    assert newest.value_before == oldest.value_after


def test_a_count_key_result_is_not_left_half_written_by_two_writers(org, count_kr):
    results = race(
        log(count_kr, org.member, "One"),
        log(count_kr, org.member, "Two"),
        log(count_kr, org.member, "Three"),
        hold=count_kr,
    )
    assert all(isinstance(update, Update) for update in results)
    assert KeyResult.objects.get(pk=count_kr.pk).current_value == 3
