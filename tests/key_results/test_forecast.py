"""The forecast follows the trend of the measurements, and one wild value does not swing it."""

import random
import statistics
from datetime import date, timedelta
from decimal import Decimal

import pytest

from key_results.forecast import cumulative, forecast

START = date(2027, 1, 1)
DEADLINE = date(2027, 3, 31)  # 89 days after START


def series(*values, every=7):
    """Measurements `every` days apart from START."""
    return [(START + timedelta(days=every * i), Decimal(v)) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        pytest.param(series("3.0", "3.07", "3.14", "3.21"), "3.89", id="rising"),
        pytest.param(series("12", "11.5", "11", "10.5"), "5.64", id="falling"),
        pytest.param(series("5", "5", "5", "5", "5"), "5.00", id="flat"),
        pytest.param(series("4", "6", "4", "6", "4", "6"), "5.00", id="zigzag-around-five"),
        pytest.param(series("0", "2", "5"), "31.79", id="three-points-are-enough"),
    ],
)
def test_forecast_extends_the_trend_to_the_deadline(points, expected):
    assert forecast(points, at=DEADLINE) == Decimal(expected)


def test_one_wild_value_does_not_swing_the_forecast():
    steady = series("3.0", "3.07", "3.14", "3.21", "3.28", "3.35", "3.42")
    typo = [*steady[:5], (steady[5][0], Decimal("335")), steady[6]]  # "3,35" without its comma
    assert forecast(typo, at=DEADLINE) == forecast(steady, at=DEADLINE) == Decimal("3.89")
    # A least-squares line through the same numbers would promise far more than the target.
    days = [day.toordinal() for day, _ in typo]
    fit = statistics.linear_regression(days, [float(value) for _, value in typo])
    assert fit.slope * DEADLINE.toordinal() + fit.intercept > 100


def test_two_wild_values_of_seven_still_leave_the_trend_in_place():
    steady = series("10", "12", "14", "16", "18", "20", "22")
    noisy = [
        steady[0],
        (steady[1][0], Decimal(0)),
        *steady[2:5],
        (steady[5][0], Decimal(90)),
        steady[6],
    ]
    assert abs(forecast(noisy, at=DEADLINE) - forecast(steady, at=DEADLINE)) < 1


@pytest.mark.parametrize(
    "points",
    [
        pytest.param([], id="none"),
        pytest.param(series("3.0"), id="one"),
        pytest.param(series("3.0", "3.2"), id="two"),
        pytest.param(series("3.0", "3.2", "3.1", every=0), id="three-on-one-day"),
    ],
)
def test_too_few_measurements_give_no_forecast(points):
    assert forecast(points, at=DEADLINE) is None


def test_the_order_of_the_measurements_does_not_matter():
    points = series("3.0", "3.1", "3.05", "3.3", "3.2", "3.4", every=9)
    shuffled = points[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != points
    assert forecast(shuffled, at=DEADLINE) == forecast(points, at=DEADLINE)


def test_measurements_on_the_same_day_still_forecast_from_the_other_days():
    points = [*series("3.0", "3.07", "3.14"), (START, Decimal("3.0"))]
    assert forecast(points, at=DEADLINE) == Decimal("3.89")


def test_cumulative_adds_up_events_day_by_day_in_date_order():
    events = [(date(2027, 1, 9), 1), (date(2027, 1, 3), 2), (date(2027, 1, 9), 3)]
    assert cumulative(events) == [
        (date(2027, 1, 3), Decimal(2)),
        (date(2027, 1, 9), Decimal(6)),
    ]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param([], [(START, 0)], id="nothing-yet"),
        pytest.param([(date(2027, 1, 5), 1)], [(START, 0), (date(2027, 1, 5), 1)], id="later"),
        pytest.param([(START, 2)], [(START, 2)], id="on-the-first-day"),
    ],
)
def test_cumulative_from_the_start_begins_at_zero(events, expected):
    assert cumulative(events, start=START) == [(day, Decimal(total)) for day, total in expected]


def test_a_count_forecasts_from_its_running_total():
    # Three comments every week from the third day on: the line through the running totals.
    first = START + timedelta(days=2)
    events = [(first + timedelta(days=7 * week), 3) for week in range(6)]
    on_that_line = 3 + Decimal(3) / 7 * (DEADLINE - first).days
    assert forecast(cumulative(events, start=START), at=DEADLINE) == on_that_line.quantize(
        Decimal("0.01")
    )
