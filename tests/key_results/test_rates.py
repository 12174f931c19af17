"""Rate key results ("N per week", "N per month") are judged week by week or month by month."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from key_results.rates import local_date, rate_expected, rate_periods, rate_progress


@pytest.fixture(autouse=True)
def _copenhagen(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"


def periods(events=(), *, start, deadline, today, per="week", rate=1):
    return rate_periods(
        events=list(events), start=start, deadline=deadline, today=today, per=per, rate=rate
    )


def spans(result):
    return [(period.start, period.end) for period in result]


@pytest.mark.parametrize(
    ("moment", "local_day"),
    [
        pytest.param(
            datetime(2027, 3, 7, 22, 59, tzinfo=UTC), date(2027, 3, 7), id="sun-23:59-cet"
        ),
        pytest.param(
            datetime(2027, 3, 7, 23, 30, tzinfo=UTC), date(2027, 3, 8), id="sun-23:30-utc"
        ),
        pytest.param(
            datetime(2027, 3, 27, 22, 30, tzinfo=UTC), date(2027, 3, 27), id="sat-before-spring-dst"
        ),
        pytest.param(
            datetime(2027, 3, 28, 21, 30, tzinfo=UTC), date(2027, 3, 28), id="sun-after-spring-dst"
        ),
        pytest.param(
            datetime(2027, 3, 28, 22, 30, tzinfo=UTC), date(2027, 3, 29), id="sun-22:30-utc-summer"
        ),
        pytest.param(
            datetime(2027, 10, 31, 0, 30, tzinfo=UTC), date(2027, 10, 31), id="autumn-dst-hour"
        ),
        pytest.param(
            datetime(2027, 10, 31, 22, 30, tzinfo=UTC),
            date(2027, 10, 31),
            id="sun-22:30-utc-winter",
        ),
    ],
)
def test_an_event_belongs_to_the_day_it_was_in_copenhagen(moment, local_day):
    assert local_date(moment) == local_day


def test_a_moment_without_a_time_zone_is_refused():
    with pytest.raises(ValueError, match="naive"):
        local_date(datetime(2027, 3, 7, 23, 30))


@pytest.mark.parametrize(
    ("logged_at", "week_of_event"),
    [
        pytest.param(datetime(2027, 3, 7, 23, 30, tzinfo=UTC), 1, id="sunday-night-utc-is-monday"),
        pytest.param(datetime(2027, 3, 7, 22, 30, tzinfo=UTC), 0, id="sunday-evening-stays"),
        pytest.param(datetime(2027, 3, 28, 22, 30, tzinfo=UTC), 4, id="after-spring-dst-monday"),
        pytest.param(datetime(2027, 3, 28, 21, 30, tzinfo=UTC), 3, id="after-spring-dst-sunday"),
    ],
)
def test_events_logged_late_on_sunday_count_in_the_week_they_were_in_copenhagen(
    logged_at, week_of_event
):
    result = periods(
        [(local_date(logged_at), 1)],
        start=date(2027, 3, 1),
        deadline=date(2027, 4, 4),
        today=date(2027, 4, 4),
    )
    assert [period.count for period in result] == [
        1 if week == week_of_event else 0 for week in range(len(result))
    ]


def test_weeks_run_monday_to_sunday_and_are_clipped_to_start_and_deadline():
    result = periods(start=date(2027, 1, 1), deadline=date(2027, 1, 27), today=date(2027, 1, 1))
    assert spans(result) == [
        (date(2027, 1, 1), date(2027, 1, 3)),
        (date(2027, 1, 4), date(2027, 1, 10)),
        (date(2027, 1, 11), date(2027, 1, 17)),
        (date(2027, 1, 18), date(2027, 1, 24)),
        (date(2027, 1, 25), date(2027, 1, 27)),
    ]


def test_sunday_and_monday_events_count_in_different_weeks():
    result = periods(
        [(date(2027, 1, 10), 1), (date(2027, 1, 11), 1), (date(2027, 1, 11), 2)],
        start=date(2027, 1, 4),
        deadline=date(2027, 1, 17),
        today=date(2027, 1, 20),
    )
    assert [period.count for period in result] == [1, 3]


def test_the_week_across_new_year_is_iso_week_53_and_then_week_1_follows():
    result = periods(
        [(date(2026, 12, 31), 1), (date(2027, 1, 2), 1), (date(2027, 1, 4), 1)],
        start=date(2026, 12, 21),
        deadline=date(2027, 1, 17),
        today=date(2027, 1, 17),
        rate=2,
    )
    weeks = [period.start.isocalendar()[:2] for period in result]
    assert weeks == [(2026, 52), (2026, 53), (2027, 1), (2027, 2)]
    assert [period.count for period in result] == [0, 2, 1, 0]
    assert [period.met for period in result] == [False, True, False, False]


def test_months_are_calendar_months_clipped_to_start_and_deadline():
    result = periods(
        [(date(2027, 1, 31), 4), (date(2027, 2, 1), 1), (date(2028, 2, 29), 1)],
        start=date(2027, 1, 15),
        deadline=date(2027, 4, 10),
        today=date(2027, 5, 1),
        per="month",
        rate=10,
    )
    assert spans(result) == [
        (date(2027, 1, 15), date(2027, 1, 31)),
        (date(2027, 2, 1), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 4, 10)),
    ]
    assert [period.count for period in result] == [4, 1, 0, 0]


def test_a_leap_february_is_one_whole_month():
    result = periods(
        [(date(2028, 2, 29), 3)],
        start=date(2028, 2, 1),
        deadline=date(2028, 3, 31),
        today=date(2028, 3, 1),
        per="month",
        rate=3,
    )
    assert spans(result)[0] == (date(2028, 2, 1), date(2028, 2, 29))
    assert (result[0].required, result[0].met) == (3, True)


@pytest.mark.parametrize(
    ("per", "rate", "start", "deadline", "required"),
    [
        pytest.param("week", 3, date(2027, 1, 4), date(2027, 1, 10), 3, id="whole-week"),
        pytest.param("week", 2, date(2027, 1, 1), date(2027, 1, 3), 1, id="2-a-week-fri-to-sun"),
        pytest.param("week", 1, date(2027, 1, 1), date(2027, 1, 3), 0, id="1-a-week-fri-to-sun"),
        pytest.param("week", 1, date(2026, 12, 31), date(2027, 1, 3), 1, id="1-a-week-thu-to-sun"),
        pytest.param("week", 5, date(2027, 1, 3), date(2027, 1, 3), 1, id="5-a-week-one-sunday"),
        pytest.param("week", 7, date(2027, 1, 4), date(2027, 1, 6), 3, id="7-a-week-mon-to-wed"),
        pytest.param(
            "month", 10, date(2027, 4, 16), date(2027, 4, 30), 5, id="10-a-month-15-of-30"
        ),
        pytest.param(
            "month", 10, date(2027, 1, 15), date(2027, 1, 31), 5, id="10-a-month-17-of-31"
        ),
        pytest.param("month", 4, date(2027, 2, 1), date(2027, 2, 28), 4, id="whole-february"),
    ],
)
def test_a_period_cut_short_asks_for_the_rate_scaled_by_the_days_it_covers(
    per, rate, start, deadline, required
):
    (period,) = periods(start=start, deadline=deadline, today=start, per=per, rate=rate)
    assert period.required == required


def test_a_sliver_too_short_for_one_event_is_neither_met_nor_counted_in_progress():
    result = periods(
        [(date(2027, 1, 2), 1), (date(2027, 1, 5), 1)],
        start=date(2027, 1, 1),  # a Friday: the first "week" is three days
        deadline=date(2027, 1, 10),
        today=date(2027, 1, 11),
    )
    sliver, week = result
    assert (sliver.count, sliver.judged, sliver.met) == (1, False, False)
    assert week.met
    assert rate_progress(result) == Decimal(100)


def test_finished_running_and_future_periods_are_told_apart():
    result = periods(
        [(date(2027, 1, 5), 1), (date(2027, 1, 19), 1)],
        start=date(2027, 1, 4),
        deadline=date(2027, 1, 31),
        today=date(2027, 1, 20),  # Wednesday of the third week
    )
    assert [(p.complete, p.current) for p in result] == [
        (True, False),
        (True, False),
        (False, True),
        (False, False),
    ]
    # The running week is met as soon as its event is logged; the second week was missed.
    assert [p.met for p in result] == [True, False, True, False]


def test_the_last_day_of_a_week_is_still_running_on_that_day():
    (week,) = periods(start=date(2027, 1, 4), deadline=date(2027, 1, 10), today=date(2027, 1, 10))
    assert (week.complete, week.current) == (False, True)


def test_events_outside_the_dates_or_still_to_come_do_not_count():
    result = periods(
        [(date(2027, 1, 3), 5), (date(2027, 1, 6), 1), (date(2027, 1, 12), 5)],
        start=date(2027, 1, 4),
        deadline=date(2027, 1, 17),
        today=date(2027, 1, 10),
    )
    assert [p.count for p in result] == [1, 0]


def weekly(met_weeks, today):
    """Four weeks from Monday 4 January 2027, one event a week in the weeks named (0-3)."""
    monday = date(2027, 1, 4)
    return periods(
        [(monday + timedelta(days=7 * week + 1), 1) for week in met_weeks],
        start=monday,
        deadline=monday + timedelta(days=27),
        today=today,
    )


@pytest.mark.parametrize(
    ("met_weeks", "today", "progress", "expected"),
    [
        pytest.param([], date(2027, 1, 4), "0", "0", id="first-monday"),
        pytest.param([0], date(2027, 1, 5), "25", "0", id="first-week-met-early"),
        pytest.param([0], date(2027, 1, 11), "25", "25", id="second-monday"),
        pytest.param([0, 2], date(2027, 1, 25), "50", "75", id="one-missed"),
        pytest.param([0, 1, 2, 3], date(2027, 2, 1), "100", "100", id="all-met-at-the-end"),
        pytest.param([0, 1, 3], date(2027, 2, 1), "75", "100", id="one-missed-at-the-end"),
    ],
)
def test_progress_is_the_share_of_all_periods_that_met_the_rate(
    met_weeks, today, progress, expected
):
    result = weekly(met_weeks, today)
    assert rate_progress(result) == Decimal(progress)
    assert rate_expected(result) == Decimal(expected)


def test_progress_does_not_drop_on_monday_morning():
    sunday = rate_progress(weekly([0, 1], date(2027, 1, 17)))
    monday = rate_progress(weekly([0, 1], date(2027, 1, 18)))
    assert monday == sunday == Decimal(50)


def test_no_periods_mean_no_progress():
    assert rate_progress([]) == rate_expected([]) == Decimal(0)


@pytest.mark.parametrize(
    ("per", "rate"),
    [pytest.param("day", 1, id="unknown-period"), pytest.param("week", 0, id="zero-rate")],
)
def test_a_rate_that_makes_no_sense_is_refused(per, rate):
    with pytest.raises(ValueError, match=per if rate else "rate"):
        periods(
            start=date(2027, 1, 4),
            deadline=date(2027, 1, 31),
            today=date(2027, 1, 4),
            per=per,
            rate=rate,
        )
