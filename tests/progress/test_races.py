"""Recording on one key result from several places at once loses nothing and counts right."""

from decimal import Decimal

import pytest

from key_results.models import KeyResult
from key_results.services import carry_over_objective, save_key_result
from objectives.models import Objective
from objectives.services import save_objective
from progress import services
from progress.models import Update
from tests.concurrency import at_once, behind, race
from tests.factories import ActionFactory
from tests.helpers import quarter

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


def test_an_edit_racing_a_measurement_keeps_the_measured_value(org, kr):
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.1"), text="A")
    edited = KeyResult.objects.get(pk=kr.pk)
    edited.action = ActionFactory(objective=kr.objective, owner=org.member)
    race(
        lambda: save_key_result(key_result=edited, by=org.member),
        lambda: services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("3.4"), text="B"
        ),
        hold=kr,
    )
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.4")
    assert kr.action == edited.action


def test_fifty_measurements_at_once_are_all_kept_with_the_newest_current(org, kr):
    values = [Decimal("3.00") + Decimal(n) / 100 for n in range(50)]
    results = at_once(
        *(
            lambda value=value: services.record_measurement(
                key_result=kr, by=org.member, value=value, text=f"Survey {value}"
            )
            for value in values
        )
    )
    assert all(isinstance(update, Update) for update in results)
    measured = Update.objects.filter(key_result=kr).order_by("id")
    assert measured.count() == 50
    kr.refresh_from_db()
    assert kr.current_value == measured.last().value_after
    # Each value follows the one recorded before it: nothing was written on a stale read.
    steps = list(measured.values_list("value_before", "value_after"))
    for (_before, previous), (before, _after) in zip(steps, steps[1:], strict=False):
        assert before == previous


def test_fifty_events_at_once_all_count_each_in_one_feed_entry(org, count_kr):
    results = at_once(
        *(
            lambda n=n: services.log_event(key_result=count_kr, by=org.member, text=f"Praise {n}")
            for n in range(50)
        )
    )
    assert all(isinstance(update, Update) for update in results)
    count_kr.refresh_from_db()
    assert count_kr.current_value == 50
    assert Update.objects.filter(key_result=count_kr).count() == 50
    assert sorted(Update.objects.values_list("value_after", flat=True)) == list(range(1, 51))


def test_an_objective_carried_over_while_a_value_is_recorded_starts_from_that_value(
    org, objective, kr
):
    """The carry waits for the measurement on the key result's row, then starts from it."""
    results = race(
        lambda: services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("3.3"), text="Survey"
        ),
        behind(
            1,
            lambda: carry_over_objective(
                objective=objective, by=org.member, period=quarter(2027, 2)
            ),
        ),
        hold=kr,
    )
    assert not any(isinstance(r, Exception) for r in results), results
    carried = KeyResult.objects.get(continues=kr)
    assert carried.baseline == carried.current_value == Decimal("3.3")


def test_an_objective_moved_while_a_value_is_recorded_keeps_both(org, objective, kr):
    """The move waits for the measurement on the key result's row; neither is refused."""
    moving = Objective.objects.get(pk=objective.pk)
    moving.period = quarter(2027, 2)
    results = race(
        lambda: services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("3.3"), text="Survey"
        ),
        behind(1, lambda: save_objective(objective=moving, by=org.member)),
        hold=kr,
    )
    assert not any(isinstance(r, Exception) for r in results), results
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.3")
    assert quarter(2027, 2).start <= kr.deadline <= quarter(2027, 2).end
