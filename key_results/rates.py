"""Rate key results, "N per week" or "N per month": logged events judged period by period.

All dates are local dates in settings.TIME_ZONE: an event logged late on a Sunday evening in
Copenhagen belongs to that Sunday's week, whatever the UTC clock said (see local_date)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")


class Per(models.TextChoices):
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


@dataclass(frozen=True, slots=True)
class RatePeriod:
    """One week (Monday to Sunday) or calendar month, clipped to the key result's dates."""

    start: date
    end: date
    # Events this period asks for: the rate, scaled down when the period is clipped.
    required: int
    count: int
    met: bool
    complete: bool  # ended before today
    current: bool  # today falls in it

    @property
    def judged(self) -> bool:
        """Whether the period asks for anything (a sliver of a few days may not)."""
        return self.required > 0


def local_date(moment: datetime) -> date:
    """The day an aware `moment` falls on in settings.TIME_ZONE (ValueError when naive)."""
    return timezone.localtime(moment).date()


def _period_bounds(day: date, per: str) -> tuple[date, date]:
    if per == Per.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _required(rate: int, covered: int, length: int) -> int:
    # rate × covered / length, rounded half up, in whole numbers.
    return (2 * rate * covered + length) // (2 * length)


def rate_periods(
    *,
    events: list[tuple[date, int]],
    start: date,
    deadline: date,
    today: date,
    per: str,
    rate: int,
) -> list[RatePeriod]:
    """Every ISO week (Monday–Sunday) or calendar month from start to deadline, with its events.

    A first or last period cut short by the start or the deadline asks for the rate scaled by
    the share of its days it covers, rounded to the nearest whole event (half up): 2 per week
    over a Friday-to-Sunday start asks for 1, 10 per month over 15 of 30 days for 5. A sliver
    that rounds to nothing (1 per week over three days) is listed with its events but judged
    neither met nor missed, so a key result is never failed for a weekend it could not use.

    A period is met once its count reaches what it asks for: a finished period for good, the
    running one as soon as it gets there. Events outside start..deadline or after today do not
    count. Events are (local date, how many) pairs; several on one day may come as one."""
    if per not in Per.values:
        raise ValueError(f"per must be one of {Per.values}, not {per!r}")
    if rate < 1:
        raise ValueError(f"rate must be at least 1, not {rate}")
    counts: dict[date, int] = defaultdict(int)
    for day, count in events:
        if start <= day <= deadline and day <= today:
            counts[_period_bounds(day, per)[0]] += count
    periods = []
    day = start
    while day <= deadline:
        full_start, full_end = _period_bounds(day, per)
        end = min(full_end, deadline)
        required = _required(rate, (end - day).days + 1, (full_end - full_start).days + 1)
        count = counts[full_start]
        complete = end < today
        current = day <= today <= end
        periods.append(
            RatePeriod(
                start=day,
                end=end,
                required=required,
                count=count,
                met=required > 0 and count >= required and (complete or current),
                complete=complete,
                current=current,
            )
        )
        day = end + timedelta(days=1)
    return periods


def rate_progress(periods: list[RatePeriod]) -> Decimal:
    """Progress (0-100): the share of all judged periods, start to deadline, that met the rate.

    The running period adds to it once met and never before, so progress only ever grows
    (no dip every Monday morning), and reaches 100 only when every period met the rate."""
    judged = [period for period in periods if period.judged]
    if not judged:
        return Decimal(0)
    met = sum(1 for period in judged if period.met)
    return (Decimal(met) / len(judged) * HUNDRED).quantize(TENTH)


def rate_expected(periods: list[RatePeriod]) -> Decimal:
    """The progress (0-100) a key result meeting every finished period would show by now.

    Pass it to status.standing as `expected`: a month-long period is then not "at risk" for
    the whole month just because the calendar moved on before its events were logged."""
    judged = [period for period in periods if period.judged]
    if not judged:
        return Decimal(0)
    finished = sum(1 for period in judged if period.complete)
    return (Decimal(finished) / len(judged) * HUNDRED).quantize(TENTH)
