"""Where a key result is heading: a robust straight-line trend through its measurements.

Theil–Sen: the slope is the median of the slopes between every pair of measurements, the
intercept the median of what each measurement leaves over. Half the measurements would have to
be wild before the trend swings, unlike a least-squares line that one typo drags along.
Written out here (a dozen lines of the standard library) rather than taken from scipy, which
would add scipy and numpy to every deployment for one function, and work in floats."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

MIN_POINTS = 3
CENTS = Decimal("0.01")


def forecast(points: list[tuple[date, Decimal]], *, at: date) -> Decimal | None:
    """The value the trend of `points` reaches on `at`; None when they are too few to tell.

    Too few means fewer than MIN_POINTS measurements, or all of them on one day. Order does
    not matter; the answer is rounded to cents, the precision key results are stored in."""
    if len(points) < MIN_POINTS:
        return None
    days = [(day.toordinal(), Decimal(value)) for day, value in points]
    slopes = [
        (y2 - y1) / (x2 - x1)
        for i, (x1, y1) in enumerate(days)
        for x2, y2 in days[i + 1 :]
        if x1 != x2
    ]
    if not slopes:
        return None
    slope = median(slopes)
    intercept = median(y - slope * x for x, y in days)
    return (intercept + slope * at.toordinal()).quantize(CENTS, rounding=ROUND_HALF_UP)


def cumulative(
    events: list[tuple[date, int]], *, start: date | None = None
) -> list[tuple[date, Decimal]]:
    """Running totals of counted events, one point per day that had any, in date order.

    With `start`, the line begins at zero on that day (unless events were logged on or before
    it), so a count's chart and trend start from its baseline."""
    per_day: dict[date, int] = defaultdict(int)
    for day, count in events:
        per_day[day] += count
    totals: list[tuple[date, Decimal]] = []
    if start is not None and (not per_day or min(per_day) > start):
        totals.append((start, Decimal(0)))
    running = 0
    for day in sorted(per_day):
        running += per_day[day]
        totals.append((day, Decimal(running)))
    return totals
