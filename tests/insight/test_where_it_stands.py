"""Where a key result stands, shown everywhere it appears: computed from its numbers and time,
with the owner's confidence beside it, a forecast and a chart of its history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from key_results.status import Standing
from progress import services
from progress.models import Update
from tests.factories import KeyResultFactory, ObjectiveFactory
from tests.helpers import TODAY, measurement_data, quarter


def running(org, **fields) -> KeyResult:
    """An approved key result of 2027 Q1 whose time line starts on 1 January."""
    values = {
        "objective": ObjectiveFactory(owner=org.member, period=quarter(2027, 1)),
        "approval_state": KeyResult.ApprovalState.APPROVED,
        "approved_on": datetime.date(2027, 1, 1),
        **fields,
    }
    return KeyResultFactory(**values)


@pytest.mark.parametrize(
    ("fields", "measured", "today", "expected"),
    [
        # Rising 3.0 -> 3.5: halfway in time (mid-February), halfway in value.
        ({}, "3.25", TODAY, Standing.ON_TRACK),
        ({}, "3.15", TODAY, Standing.AT_RISK),
        ({}, "3.0", TODAY, Standing.OFF_TRACK),
        ({}, "3.5", TODAY, Standing.ACHIEVED),
        ({}, "3.2", datetime.date(2027, 4, 2), Standing.OVERDUE),
        ({}, "3.1", datetime.date(2027, 1, 5), Standing.ON_TRACK),  # the start: nothing expected
        # Falling 12 -> 6 errors, now 14 with two weeks left: off track, not just "0 %".
        (
            {"baseline": 12, "target": 6, "unit": "errors"},
            "14",
            datetime.date(2027, 3, 17),
            Standing.OFF_TRACK,
        ),
        ({"baseline": 12, "target": 6, "unit": "errors"}, "9", TODAY, Standing.ON_TRACK),
        # A count: 0 -> 10 praises, 5 by mid-February is on track.
        (
            {"kind": KeyResult.Kind.COUNT, "baseline": 0, "target": 10},
            "5",
            TODAY,
            Standing.ON_TRACK,
        ),
        (
            {"kind": KeyResult.Kind.COUNT, "baseline": 0, "target": 10},
            "1",
            TODAY,
            Standing.OFF_TRACK,
        ),
    ],
    ids=[
        "rising-on-track",
        "rising-at-risk",
        "rising-off-track",
        "rising-achieved",
        "rising-overdue",
        "rising-at-the-start",
        "falling-off-track",
        "falling-on-track",
        "count-on-track",
        "count-off-track",
    ],
)
def test_where_it_stands_follows_its_numbers_and_its_time(org, fields, measured, today, expected):
    key_result = running(org, current_value=Decimal(measured), last_measured_on=today, **fields)
    assert key_result.standing(today) == expected


def test_not_measured_for_thirty_days_says_so(org):
    key_result = running(
        org, current_value=Decimal("3.25"), last_measured_on=datetime.date(2027, 1, 10)
    )
    assert key_result.standing(TODAY) == Standing.NOT_MEASURED_LATELY


def test_a_key_result_not_yet_approved_starts_with_its_period(org):
    key_result = running(
        org, approved_on=None, current_value=Decimal("3.25"), last_measured_on=TODAY
    )
    assert key_result.starts_on == datetime.date(2027, 1, 1)


@pytest.mark.parametrize("page", ["my_okrs", "objective", "key_result", "tree", "feed"])
def test_the_standing_shows_in_words_everywhere_the_key_result_appears(client, org, kr, page):
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.0"), text="Flat")
    client.force_login(org.leader)
    url = {
        "my_okrs": reverse("progress:my_okrs"),
        "objective": kr.objective.get_absolute_url(),
        "key_result": kr.get_absolute_url(),
        "tree": reverse("progress:tree"),
        "feed": reverse("progress:feed"),
    }[page]
    html = client.get(url).content.decode()
    assert 'class="badge standing-off-track">Off track<' in html


def test_the_standing_is_danish_in_danish(client, org, kr):
    client.force_login(org.member)
    html = client.get(kr.get_absolute_url(), headers={"accept-language": "da"}).content.decode()
    assert ">Ikke målt længe<" in html  # approved on 1 January, never measured since
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.0"), text="Flat")
    html = client.get(kr.get_absolute_url(), headers={"accept-language": "da"}).content.decode()
    assert ">Bagud<" in html


def test_the_owners_confidence_is_kept_and_a_difference_is_visible(client, org, kr):
    client.force_login(org.member)
    client.post(
        reverse("progress:record", args=[kr.pk]),
        measurement_data("3.0", confidence="on_track"),
    )
    kr.refresh_from_db()
    assert kr.confidence == "on_track"
    assert Update.objects.get().confidence == "on_track"
    client.force_login(org.leader)
    html = client.get(kr.get_absolute_url()).content.decode()
    assert "Owner says: On track" in html
    assert "differs from where the numbers say it stands" in html


@pytest.mark.parametrize("confidence", ["certain", "ON_TRACK", "1"])
def test_a_confidence_outside_the_list_is_refused_and_nothing_saved(client, org, kr, confidence):
    client.force_login(org.member)
    response = client.post(
        reverse("progress:record", args=[kr.pk]), measurement_data("3.2", confidence=confidence)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Update.objects.exists()


def test_the_forecast_needs_three_measurements(client, org, kr):
    client.force_login(org.member)
    for day, value in (("2027-01-10", "3.05"), ("2027-01-25", "3.1")):
        services.record_measurement(
            key_result=kr,
            by=org.member,
            value=Decimal(value),
            text="Survey",
            happened_on=datetime.date.fromisoformat(day),
        )
    assert "Not enough data yet" in client.get(kr.get_absolute_url()).content.decode()
    services.record_measurement(
        key_result=kr,
        by=org.member,
        value=Decimal("3.15"),
        text="Survey",
        happened_on=datetime.date(2027, 2, 9),
    )
    html = client.get(kr.get_absolute_url()).content.decode()
    assert "Not enough data yet" not in html
    assert "from the trend of its measurements" in html


def test_the_chart_is_an_svg_of_its_history_with_its_own_policy(client, org, kr):
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Up")
    client.force_login(org.outsider)
    response = client.get(reverse("progress:chart", args=[kr.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "Customer satisfaction" in svg
    assert "<script" not in svg
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    page = client.get(kr.get_absolute_url())
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert reverse("progress:chart", args=[kr.pk]) in page.content.decode()


def test_the_chart_follows_the_readers_language_and_changes_with_the_key_result(client, org, kr):
    client.force_login(org.member)
    url = reverse("progress:chart", args=[kr.pk])
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    danish = client.get(url, headers={"accept-language": "da"}).content.decode()
    assert "3.5" in english and "3,5" in danish
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.4"), text="Up")
    assert "3.4" in client.get(url, headers={"accept-language": "en"}).content.decode()


def test_lists_show_a_sparkline_of_the_latest_values(client, org, kr):
    for value in ("3.1", "3.2", "3.3"):
        services.record_measurement(key_result=kr, by=org.member, value=Decimal(value), text="Up")
    kr.refresh_from_db()
    assert [value for _day, value in kr.recent_values] == ["3.10", "3.20", "3.30"]
    client.force_login(org.member)
    html = client.get(reverse("progress:my_okrs")).content.decode()
    assert 'class="spark"' in html
    assert "Recent values of Customer satisfaction" in html
