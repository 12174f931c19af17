"""A rate key result ("2 a week") is measured from logged events, each week or month on its own,
in local dates (Europe/Copenhagen): an event logged late on a Sunday evening counts in that
Sunday's week whatever the UTC clock says. Its progress is the share of its periods that met
the rate; the feed, its page and its chart show each period."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from key_results.services import name_reporters
from key_results.status import Standing
from progress import services
from progress.models import Update
from tests.factories import KeyResultFactory
from tests.helpers import event_data, queries_to_get

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def rate_kr(org, objective):
    """Member's approved rate: a colleague praises our work unprompted twice a week, from
    Monday 1 February 2027 (its approval) to 31 March."""
    return KeyResultFactory(
        objective=objective,
        title="A colleague praises our work unprompted",
        kind=KeyResult.Kind.RATE,
        per="week",
        unit="",
        baseline=Decimal(0),
        target=Decimal(2),
        current_value=Decimal(0),
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
        approved_on=datetime.date(2027, 2, 1),
    )


def log(kr, by, day=None, events=1, text="Praised by a colleague."):
    return services.log_event(key_result=kr, by=by, text=text, events=events, happened_on=day)


def weeks(kr):
    kr.refresh_from_db()
    return [(p.start.isoformat(), p.count, p.required, p.met) for p in kr.rate_periods()[:3]]


def test_sunday_and_monday_count_in_different_weeks(org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 6))  # Saturday
    log(rate_kr, org.member, datetime.date(2027, 2, 7))  # Sunday
    log(rate_kr, org.member, datetime.date(2027, 2, 8))  # Monday
    assert weeks(rate_kr) == [
        ("2027-02-01", 2, 2, True),
        ("2027-02-08", 1, 2, False),
        ("2027-02-15", 0, 2, False),
    ]
    # 9 periods to the deadline (the last, 29-31 March, asks for 1); one met so far.
    assert rate_kr.progress() == Decimal("11.1")
    assert rate_kr.current_value == 3  # every event logged, as for a count


@pytest.mark.parametrize(
    ("local_moment", "week_start"),
    [
        # 22:30 UTC on Sunday is 23:30 in Copenhagen: still Sunday, the week of 8 February.
        (datetime.datetime(2027, 2, 14, 23, 30, tzinfo=COPENHAGEN), "2027-02-08"),
        # 23:30 UTC on Sunday is 00:30 on Monday in Copenhagen: the week of 15 February.
        (datetime.datetime(2027, 2, 15, 0, 30, tzinfo=COPENHAGEN), "2027-02-15"),
    ],
)
def test_an_event_logged_now_counts_in_the_local_week(
    org, rate_kr, time_machine, local_moment, week_start
):
    time_machine.move_to(local_moment, tick=False)
    assert local_moment.astimezone(datetime.UTC).date() == datetime.date(2027, 2, 14)
    update = log(rate_kr, org.member)
    rate_kr.refresh_from_db()
    [period] = [p for p in rate_kr.rate_periods() if p.count]
    assert period.start.isoformat() == week_start
    assert update.happened_on == local_moment.date()


def test_summer_time_does_not_move_an_event_to_another_week(org, objective, time_machine):
    """Sunday 28 March 2027, the night the clocks go forward: 23:30 local is 21:30 UTC."""
    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResult.Kind.RATE,
        per="week",
        baseline=Decimal(0),
        target=Decimal(1),
        current_value=Decimal(0),
        approval_state=KeyResult.ApprovalState.APPROVED,
        approved_on=datetime.date(2027, 3, 22),
    )
    time_machine.move_to(datetime.datetime(2027, 3, 28, 23, 30, tzinfo=COPENHAGEN), tick=False)
    log(kr, org.member)
    kr.refresh_from_db()
    first_week = kr.rate_periods(datetime.date(2027, 3, 28))[0]
    assert (first_week.start, first_week.end, first_week.count) == (
        datetime.date(2027, 3, 22),
        datetime.date(2027, 3, 28),
        1,
    )
    assert first_week.met


def test_a_monthly_rate_counts_each_calendar_month(org, objective):
    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResult.Kind.RATE,
        per="month",
        baseline=Decimal(0),
        target=Decimal(3),
        current_value=Decimal(0),
        approval_state=KeyResult.ApprovalState.APPROVED,
        approved_on=datetime.date(2027, 1, 1),
    )
    log(kr, org.member, datetime.date(2027, 1, 31), events=3)
    log(kr, org.member, datetime.date(2027, 2, 1), events=2)
    kr.refresh_from_db()
    assert [(p.start.month, p.count, p.required, p.met) for p in kr.rate_periods()] == [
        (1, 3, 3, True),
        (2, 2, 3, False),
        (3, 0, 3, False),
    ]
    assert kr.progress() == Decimal("33.3")


def test_a_finished_week_that_met_the_rate_keeps_its_standing_on_track(org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 2), events=2)
    log(rate_kr, org.member, datetime.date(2027, 2, 9), events=2)
    rate_kr.refresh_from_db()
    # Two of two finished weeks met: on track, though the line from start to deadline says more.
    assert rate_kr.standing() == Standing.ON_TRACK


def test_a_week_missed_puts_it_behind(org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 9), events=2)
    rate_kr.refresh_from_db()
    assert rate_kr.standing() in (Standing.AT_RISK, Standing.OFF_TRACK)


def test_the_events_are_logged_from_the_record_page(client, org, rate_kr):
    client.force_login(org.member)
    page = client.get(reverse("progress:record", args=[rate_kr.pk])).content.decode()
    assert "Log an event" in page
    response = client.post(
        reverse("progress:record", args=[rate_kr.pk]),
        event_data("Lars praised the new FAQ.", happened_on="2027-02-03", events="2"),
    )
    assert response.status_code == 302
    rate_kr.refresh_from_db()
    assert rate_kr.rate_periods()[0].met


def test_a_typed_value_is_refused_for_a_rate(org, rate_kr):
    with pytest.raises(Exception, match="logging each event"):
        services.record_measurement(
            key_result=rate_kr, by=org.member, value=Decimal(3), text="Three"
        )


def test_the_feed_shows_the_period_an_event_counts_in(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 8), text="Lars praised the FAQ.")
    log(rate_kr, org.member, datetime.date(2027, 2, 10), text="Mette praised the release.")
    client.force_login(org.outsider)
    page = client.get(reverse("progress:feed")).content.decode()
    entry = page[page.index("Mette praised the release.") - 3000 :]
    assert re.search(r"Week 6: 2 of 2</strong>\s*<span class=\"badge period-met\">met", entry)


def test_the_feed_shows_a_running_week_as_under_way(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 15), text="Praise on Monday.")
    client.force_login(org.member)
    page = client.get(reverse("progress:feed")).content.decode()
    assert re.search(r"Week 7: 1 of 2</strong>\s*<span class=\"badge period-open\">under way", page)


def test_the_feed_in_danish_names_the_week_in_danish(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 3), events=2)
    client.force_login(org.member)
    page = client.get(reverse("progress:feed"), headers={"Accept-Language": "da"})
    assert "Uge 5: 2 af 2" in page.content.decode()


def test_the_page_lists_each_week_with_its_count_and_outcome(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 3), events=2)
    log(rate_kr, org.member, datetime.date(2027, 2, 9))
    client.force_login(org.outsider)
    page = client.get(rate_kr.get_absolute_url()).content.decode()
    table = page[page.index('id="periods"') : page.index('id="history"')]
    rows = re.findall(r"<tr class=\"period[^\"]*\">(.*?)</tr>", table, re.DOTALL)
    assert len(rows) == 9
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows[:3]]
    assert [(c[0], c[2], c[3]) for c in cells] == [
        ("Week 5", "2 of 2", "met"),
        ("Week 6", "1 of 2", "not met"),
        ("Week 7", "0 of 2", "under way"),
    ]
    assert "1 of 9 periods met" in page
    assert "2 per week" in page


def test_the_chart_draws_each_period_and_describes_it(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 3), events=2)
    client.force_login(org.member)
    svg = client.get(reverse("progress:chart", args=[rate_kr.pk])).content.decode()
    assert "<script" not in svg
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', svg, re.DOTALL)[1]
    assert "Week 5: 2 of 2, met." in desc
    assert "Week 6: 0 of 2, not met." in desc
    assert "Week 7: 0 of 2, under way." in desc


def test_the_chart_in_danish(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 3), events=2)
    client.force_login(org.member)
    svg = client.get(
        reverse("progress:chart", args=[rate_kr.pk]), headers={"Accept-Language": "da"}
    ).content.decode()
    assert "Uge 5: 2 af 2, nået." in svg


def test_a_rate_may_be_opened_to_everyone_for_one_click_logging(client, org, rate_kr):
    name_reporters(key_result=rate_kr, by=org.member, reporters=[], open_to_everyone=True)
    client.force_login(org.outsider)
    response = client.post(reverse("progress:log_one", args=[rate_kr.pk]), {"text": "Well done"})
    assert response.status_code == 302
    assert Update.objects.get().events == 1


def rates(objective, count):
    """`count` approved rates without an approval day: their periods start with the period."""
    return KeyResultFactory.create_batch(
        count,
        objective=objective,
        kind=KeyResult.Kind.RATE,
        per="week",
        baseline=Decimal(0),
        target=Decimal(1),
        current_value=Decimal(0),
        approval_state=KeyResult.ApprovalState.APPROVED,
    )


@pytest.mark.parametrize("page", ["objective", "tree", "my_okrs"])
def test_pages_with_rates_cost_the_same_queries_for_2_or_12(client, org, objective, page):
    urls = {
        "objective": objective.get_absolute_url(),
        "tree": reverse("progress:tree"),
        "my_okrs": reverse("progress:my_okrs"),
    }
    for kr in rates(objective, 2):
        log(kr, org.member, datetime.date(2027, 2, 1))
    client.force_login(org.member)
    few, response = queries_to_get(client, urls[page])
    assert response.status_code == 200
    for kr in rates(objective, 10):
        log(kr, org.member, datetime.date(2027, 2, 1))
    many, _ = queries_to_get(client, urls[page])
    assert many == few


def test_a_rate_approved_before_its_period_is_judged_from_the_periods_first_day(org, objective):
    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResult.Kind.RATE,
        per="week",
        baseline=Decimal(0),
        target=Decimal(1),
        current_value=Decimal(0),
        approval_state=KeyResult.ApprovalState.APPROVED,
        approved_on=datetime.date(2026, 12, 10),
    )
    first = kr.rate_periods()[0]
    # 1-3 January 2027 (Friday to Sunday) is the first stretch, asking for 3/7 of one: nothing.
    assert (first.start, first.end, first.required) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 1, 3),
        0,
    )


def test_the_approval_history_names_the_rate_and_its_period(client, org, objective):
    from approvals.services import submit_for_approval

    kr = KeyResultFactory(
        objective=objective,
        kind=KeyResult.Kind.RATE,
        per="month",
        unit="calls",
        baseline=Decimal(0),
        target=Decimal(4),
        current_value=Decimal(0),
    )
    submit_for_approval(key_result=kr, by=org.member)
    client.force_login(org.member)
    page = client.get(kr.get_absolute_url()).content.decode()
    assert "Values then: 4 calls per month, deadline 31 Mar 2027" in page
    danish = client.get(kr.get_absolute_url(), headers={"Accept-Language": "da"})
    assert "4 calls om måneden" in danish.content.decode()


def test_a_rate_with_events_keeps_its_week_or_month(client, org, rate_kr):
    log(rate_kr, org.member, datetime.date(2027, 2, 3))
    client.force_login(org.member)
    data = {
        "title": rate_kr.title,
        "kind": "rate",
        "per": "month",
        "unit": "",
        "baseline": "",
        "target": "2",
        "deadline": "2027-03-31",
        "measurement_plan": "Logged from the feed.",
    }
    response = client.post(reverse("key_results:edit", args=[rate_kr.pk]), data)
    assert response.status_code == 200
    assert "Events have been logged week by week" in response.content.decode()
    rate_kr.refresh_from_db()
    assert rate_kr.per == "week"


def test_a_rate_carried_over_asks_the_same_in_the_next_period(org, rate_kr):
    from key_results.services import carry_over
    from tests.helpers import quarter

    log(rate_kr, org.member, datetime.date(2027, 2, 3), events=3)
    carried = carry_over(key_result=rate_kr, by=org.member, period=quarter(2027, 2))
    assert (carried.kind, carried.per, carried.baseline, carried.target) == ("rate", "week", 0, 2)
    assert carried.current_value == 0
