"""Where a key result stands against its time line: computed from its numbers, not self-reported.

Takes plain values, so any app can ask about any key result without loading more than it has."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)


class Standing(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    ACHIEVED = "achieved", _("Achieved")
    OVERDUE = "overdue", _("Overdue")
    NOT_MEASURED_LATELY = "not_measured_lately", _("Not measured lately")

    @property
    def css_class(self) -> str:
        """A stable class for the page's styles, e.g. "standing-on-track"."""
        return "standing-" + self.value.replace("_", "-")


class Confidence(models.TextChoices):
    """How the owner themselves judges the key result, beside the computed standing."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


def stale_days() -> int:
    """After this many days without a measurement a key result is not measured lately."""
    return int(settings.REMINDERS["STALE_DAYS"])


def time_elapsed(*, start: date, deadline: date, today: date) -> Decimal:
    """The share of the days from start to deadline that have passed by `today`, 0-100."""
    if today >= deadline:
        return HUNDRED
    if today <= start:
        return Decimal(0)
    return Decimal((today - start).days) / Decimal((deadline - start).days) * HUNDRED


def standing(
    *,
    progress: Decimal,
    start: date,
    deadline: date,
    today: date,
    last_measured: date | None,
    expected: Decimal | None = None,
) -> Standing:
    """Where a key result with `progress` (0-100) stands on `today`.

    `expected` is the progress it should have by now when the caller knows better than the
    straight line from start to deadline (a rate key result passes its finished periods' share);
    without it, the share of time elapsed is expected."""
    if progress >= HUNDRED:
        return Standing.ACHIEVED
    if today > deadline:
        return Standing.OVERDUE
    # Counted like the mid-quarter reminder: stale once more than STALE_DAYS have passed.
    measured_since = last_measured or start
    if (today - measured_since).days > stale_days():
        return Standing.NOT_MEASURED_LATELY
    if expected is None:
        expected = time_elapsed(start=start, deadline=deadline, today=today)
    gap = expected - progress
    thresholds = settings.KEY_RESULT_STANDING
    if gap <= thresholds["ON_TRACK_GAP"]:
        return Standing.ON_TRACK
    if gap <= thresholds["AT_RISK_GAP"]:
        return Standing.AT_RISK
    return Standing.OFF_TRACK


# What the owner should have said for each computed standing; a standing that is missing here
# (achieved, or not measured lately) leaves nothing to disagree about.
_FITTING_CONFIDENCE = {
    Standing.ON_TRACK: Confidence.ON_TRACK,
    Standing.AT_RISK: Confidence.AT_RISK,
    Standing.OFF_TRACK: Confidence.OFF_TRACK,
    Standing.OVERDUE: Confidence.OFF_TRACK,
}


def disagrees(standing: Standing | str, confidence: Confidence | str | None) -> bool:
    """Whether the owner's own confidence differs from the computed standing.

    Nothing to flag when the owner said nothing, the key result is achieved, or it has not
    been measured lately (the numbers then say too little to contradict anyone); an overdue
    key result counts as off track."""
    if not confidence:
        return False
    fitting = _FITTING_CONFIDENCE.get(Standing(standing))
    return fitting is not None and Confidence(confidence) != fitting
