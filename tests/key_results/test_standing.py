"""Where a key result stands is computed from its numbers and the calendar."""

import importlib.util
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

import okr_site.settings
from key_results.models import KeyResult
from key_results.rates import rate_expected, rate_periods, rate_progress
from key_results.status import Confidence, Standing, disagrees, standing

START = date(2027, 1, 1)
DEADLINE = date(2027, 3, 31)
MIDDLE = date(2027, 2, 15)  # 45 of 89 days: 50.6 % of the time has passed
TWO_WEEKS_LEFT = date(2027, 3, 17)
DAY_BEFORE_DEADLINE = date(2027, 3, 30)
DAY_AFTER_DEADLINE = date(2027, 4, 1)

SATISFACTION = ("3.0", "3.5", KeyResult.Kind.CHANGE)  # rising
ERRORS = ("12", "6", KeyResult.Kind.CHANGE)  # falling: fewer is better
COMMENTS = ("0", "10", KeyResult.Kind.COUNT)


def progress_of(key_result, value):
    baseline, target, kind = key_result
    return KeyResult(kind=kind, baseline=Decimal(baseline), target=Decimal(target)).progress_at(
        Decimal(value)
    )


RECENTLY = object()


def standing_of(key_result, value, today, last_measured=RECENTLY):
    return standing(
        progress=progress_of(key_result, value),
        start=START,
        deadline=DEADLINE,
        today=today,
        last_measured=today - timedelta(days=3) if last_measured is RECENTLY else last_measured,
    )


@pytest.mark.parametrize(
    ("key_result", "value", "today", "expected"),
    [
        pytest.param(SATISFACTION, "3.0", START, Standing.ON_TRACK, id="rising-at-start"),
        pytest.param(SATISFACTION, "3.25", MIDDLE, Standing.ON_TRACK, id="rising-middle-on-line"),
        pytest.param(
            SATISFACTION, "3.21", MIDDLE, Standing.ON_TRACK, id="rising-middle-9-points-behind"
        ),
        pytest.param(
            SATISFACTION, "3.15", MIDDLE, Standing.AT_RISK, id="rising-middle-21-points-behind"
        ),
        pytest.param(
            SATISFACTION, "3.05", MIDDLE, Standing.OFF_TRACK, id="rising-middle-41-points-behind"
        ),
        pytest.param(
            SATISFACTION, "3.45", DAY_BEFORE_DEADLINE, Standing.ON_TRACK, id="rising-day-before"
        ),
        pytest.param(
            SATISFACTION, "3.4", DAY_BEFORE_DEADLINE, Standing.AT_RISK, id="rising-day-before-short"
        ),
        pytest.param(SATISFACTION, "3.5", DEADLINE, Standing.ACHIEVED, id="rising-on-deadline"),
        pytest.param(
            SATISFACTION, "3.45", DEADLINE, Standing.ON_TRACK, id="rising-deadline-day-not-overdue"
        ),
        pytest.param(
            SATISFACTION, "3.45", DAY_AFTER_DEADLINE, Standing.OVERDUE, id="rising-day-after"
        ),
        pytest.param(
            SATISFACTION, "3.6", date(2027, 1, 20), Standing.ACHIEVED, id="rising-achieved-early"
        ),
        pytest.param(
            SATISFACTION, "3.5", DAY_AFTER_DEADLINE, Standing.ACHIEVED, id="rising-achieved-stays"
        ),
        pytest.param(
            ERRORS, "14", TWO_WEEKS_LEFT, Standing.OFF_TRACK, id="falling-worse-than-baseline-late"
        ),
        pytest.param(ERRORS, "14", START, Standing.ON_TRACK, id="falling-worse-at-start"),
        pytest.param(ERRORS, "9", MIDDLE, Standing.ON_TRACK, id="falling-half-way-at-middle"),
        pytest.param(ERRORS, "10.2", MIDDLE, Standing.AT_RISK, id="falling-30-percent-at-middle"),
        pytest.param(ERRORS, "5", date(2027, 2, 1), Standing.ACHIEVED, id="falling-achieved-early"),
        pytest.param(ERRORS, "7", DAY_AFTER_DEADLINE, Standing.OVERDUE, id="falling-day-after"),
        pytest.param(COMMENTS, "0", START, Standing.ON_TRACK, id="count-at-start"),
        pytest.param(COMMENTS, "5", MIDDLE, Standing.ON_TRACK, id="count-half-at-middle"),
        pytest.param(COMMENTS, "3", MIDDLE, Standing.AT_RISK, id="count-three-at-middle"),
        pytest.param(COMMENTS, "2", MIDDLE, Standing.OFF_TRACK, id="count-two-at-middle"),
        pytest.param(COMMENTS, "10", MIDDLE, Standing.ACHIEVED, id="count-all-early"),
        pytest.param(COMMENTS, "9", DAY_AFTER_DEADLINE, Standing.OVERDUE, id="count-day-after"),
    ],
)
def test_standing_compares_progress_with_the_time_that_has_passed(
    key_result, value, today, expected
):
    assert standing_of(key_result, value, today) == expected


@pytest.mark.parametrize(
    ("last_measured", "today", "expected"),
    [
        pytest.param(None, START + timedelta(days=20), Standing.AT_RISK, id="never-for-20-days"),
        pytest.param(None, START + timedelta(days=30), Standing.OFF_TRACK, id="never-for-30-days"),
        pytest.param(
            None,
            START + timedelta(days=31),
            Standing.NOT_MEASURED_LATELY,
            id="never-for-31-days",
        ),
        pytest.param(
            date(2027, 1, 5), MIDDLE, Standing.NOT_MEASURED_LATELY, id="last-measured-41-days-ago"
        ),
        pytest.param(date(2027, 1, 16), MIDDLE, Standing.ON_TRACK, id="last-measured-30-days-ago"),
        pytest.param(
            date(2027, 2, 20), DAY_AFTER_DEADLINE, Standing.OVERDUE, id="overdue-beats-stale"
        ),
    ],
)
def test_a_key_result_left_unmeasured_for_stale_days_says_so(last_measured, today, expected):
    on_the_line = "3.25" if today >= MIDDLE else "3.0"
    assert standing_of(SATISFACTION, on_the_line, today, last_measured) == expected


def test_an_achieved_key_result_is_achieved_however_long_ago_it_was_measured():
    result = standing_of(SATISFACTION, "3.5", MIDDLE, last_measured=date(2027, 1, 2))
    assert result == Standing.ACHIEVED


def weekly_events(missed_weeks):
    """Two events every week of the quarter up to MIDDLE, except in the weeks named."""
    events = [(date(2027, 1, 2), 2)]
    monday = date(2027, 1, 4)
    week = 1
    while monday < MIDDLE:
        if week not in missed_weeks:
            events.append((monday + timedelta(days=2), 2))
        monday += timedelta(days=7)
        week += 1
    return events


@pytest.mark.parametrize(
    ("missed_weeks", "expected"),
    [
        pytest.param(set(), Standing.ON_TRACK, id="every-week-met"),
        pytest.param({3}, Standing.ON_TRACK, id="one-week-missed"),
        pytest.param({2, 5}, Standing.AT_RISK, id="two-weeks-missed"),
        pytest.param({1, 2, 3, 4}, Standing.OFF_TRACK, id="four-weeks-missed"),
    ],
)
def test_rate_key_result_stands_by_the_weeks_that_met_the_rate(missed_weeks, expected):
    periods = rate_periods(
        events=weekly_events(missed_weeks),
        start=START,
        deadline=DEADLINE,
        today=MIDDLE,
        per="week",
        rate=2,
    )
    result = standing(
        progress=rate_progress(periods),
        start=START,
        deadline=DEADLINE,
        today=MIDDLE,
        last_measured=date(2027, 2, 10),
        expected=rate_expected(periods),
    )
    assert result == expected


def test_monthly_rate_is_not_at_risk_mid_month_for_events_it_still_has_time_to_log():
    periods = rate_periods(
        events=[(date(2027, 1, 20), 10), (date(2027, 2, 3), 6)],
        start=START,
        deadline=DEADLINE,
        today=MIDDLE,
        per="month",
        rate=10,
    )
    measured = {"start": START, "deadline": DEADLINE, "today": MIDDLE, "last_measured": MIDDLE}
    progress = rate_progress(periods)
    assert standing(progress=progress, expected=rate_expected(periods), **measured) == (
        Standing.ON_TRACK
    )
    # Against the plain time line (half the quarter gone, one month of three met) it would be.
    assert standing(progress=progress, **measured) == Standing.AT_RISK


@pytest.mark.parametrize(
    ("gaps", "value", "expected"),
    [
        pytest.param({"ON_TRACK_GAP": 0, "AT_RISK_GAP": 5}, "3.2", Standing.OFF_TRACK, id="strict"),
        pytest.param(
            {"ON_TRACK_GAP": 0, "AT_RISK_GAP": 15}, "3.2", Standing.AT_RISK, id="no-slack"
        ),
        pytest.param(
            {"ON_TRACK_GAP": 45, "AT_RISK_GAP": 60}, "3.05", Standing.ON_TRACK, id="lenient"
        ),
    ],
)
def test_the_gaps_between_standings_come_from_settings(settings, gaps, value, expected):
    settings.KEY_RESULT_STANDING = gaps
    assert standing_of(SATISFACTION, value, MIDDLE) == expected


def test_stale_days_come_from_the_reminder_settings(settings):
    settings.REMINDERS = {**settings.REMINDERS, "STALE_DAYS": 7}
    stale = standing_of(SATISFACTION, "3.25", MIDDLE, last_measured=MIDDLE - timedelta(days=8))
    fresh = standing_of(SATISFACTION, "3.25", MIDDLE, last_measured=MIDDLE - timedelta(days=7))
    assert (stale, fresh) == (Standing.NOT_MEASURED_LATELY, Standing.ON_TRACK)


def read_settings():
    """The settings module run afresh against the environment as it is now."""
    spec = importlib.util.spec_from_file_location(
        "okr_site.fresh_settings", okr_site.settings.__file__
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gaps_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("STANDING_ON_TRACK_GAP", "5")
    monkeypatch.setenv("STANDING_AT_RISK_GAP", "15")
    assert read_settings().KEY_RESULT_STANDING == {
        "ON_TRACK_GAP": 5,
        "AT_RISK_GAP": 15,
    }


@pytest.mark.parametrize(
    ("on_track", "at_risk"),
    [
        pytest.param("30", "20", id="on-track-wider-than-at-risk"),
        pytest.param("-5", "20", id="negative"),
        pytest.param("ten", "20", id="not-a-number"),
    ],
)
def test_gaps_that_make_no_sense_stop_the_site_from_starting(monkeypatch, on_track, at_risk):
    monkeypatch.setenv("STANDING_ON_TRACK_GAP", on_track)
    monkeypatch.setenv("STANDING_AT_RISK_GAP", at_risk)
    with pytest.raises(ImproperlyConfigured):
        read_settings()


def test_a_key_result_with_one_day_from_start_to_deadline_is_judged_on_that_day():
    day = date(2027, 3, 31)
    result = standing(progress=Decimal(50), start=day, deadline=day, today=day, last_measured=None)
    assert result == Standing.OFF_TRACK


def test_each_standing_has_its_own_css_class():
    classes = [member.css_class for member in Standing]
    assert len(set(classes)) == len(Standing)
    assert Standing.NOT_MEASURED_LATELY.css_class == "standing-not-measured-lately"
    assert all(c.startswith("standing-") and "_" not in c for c in classes)


@pytest.mark.parametrize(
    ("computed", "confidence", "expected"),
    [
        pytest.param(Standing.ON_TRACK, Confidence.ON_TRACK, False, id="both-on-track"),
        pytest.param(Standing.ON_TRACK, Confidence.AT_RISK, True, id="owner-more-worried"),
        pytest.param(Standing.OFF_TRACK, Confidence.ON_TRACK, True, id="owner-more-hopeful"),
        pytest.param(Standing.AT_RISK, Confidence.AT_RISK, False, id="both-at-risk"),
        pytest.param(Standing.OVERDUE, Confidence.OFF_TRACK, False, id="overdue-owner-agrees"),
        pytest.param(Standing.OVERDUE, Confidence.ON_TRACK, True, id="overdue-owner-hopeful"),
        pytest.param(Standing.ACHIEVED, Confidence.AT_RISK, False, id="achieved"),
        pytest.param(Standing.NOT_MEASURED_LATELY, Confidence.ON_TRACK, False, id="no-numbers"),
        pytest.param(Standing.OFF_TRACK, None, False, id="owner-said-nothing"),
        pytest.param("off_track", "on_track", True, id="stored-values"),
    ],
)
def test_the_leader_sees_when_the_owner_judges_otherwise(computed, confidence, expected):
    assert disagrees(computed, confidence) is expected


def test_confidence_offers_the_same_words_as_the_standings_it_mirrors():
    assert [(c.value, c.label) for c in Confidence] == [
        (s.value, s.label) for s in (Standing.ON_TRACK, Standing.AT_RISK, Standing.OFF_TRACK)
    ]
