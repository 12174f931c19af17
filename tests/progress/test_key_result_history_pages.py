"""A key result's measurements come a page at a time, newest first, none missed or repeated."""

import datetime
from decimal import Decimal

import pytest

from progress import services
from tests.helpers import TODAY, queries_to_get


def measure(kr, person, count, *, same_day=False):
    for n in range(count):
        services.record_measurement(
            key_result=kr,
            by=person,
            value=Decimal("3.0") + Decimal(n) / 100,
            text=f"Survey number {n:04}",
            # Two a day (a value dated before the period is refused), oldest first.
            happened_on=TODAY
            if same_day
            else TODAY - datetime.timedelta(days=(count - n + 1) // 2),
        )


def texts(response):
    return [update.text for update in response.context["measurements"]]


@pytest.mark.parametrize("same_day", [False, True], ids=["one a day", "all on one day"])
def test_older_pages_show_every_measurement_once_newest_first(client, org, kr, same_day):
    measure(kr, org.member, 60, same_day=same_day)
    client.force_login(org.outsider)
    seen = []
    response = client.get(kr.get_absolute_url())
    while True:
        seen += texts(response)
        if not response.context["older"]:
            break
        assert "Older measurements" in response.content.decode()
        response = client.get(kr.get_absolute_url(), {"older": response.context["older"]})
        assert "Newest" in response.content.decode()
    assert seen == [f"Survey number {n:04}" for n in reversed(range(60))]


@pytest.mark.parametrize("cursor", ["", "yesterday", "2027-02-30.5", "2027-02-01.x", "2027-02-01"])
def test_a_cursor_that_is_not_one_shows_the_newest_page(client, org, kr, cursor):
    measure(kr, org.member, 30)
    client.force_login(org.member)
    response = client.get(kr.get_absolute_url(), {"older": cursor})
    assert response.status_code == 200
    assert texts(response)[0] == "Survey number 0029"


def test_a_deep_page_costs_what_the_first_does(client, org, kr):
    measure(kr, org.member, 80)
    client.force_login(org.member)
    first, response = queries_to_get(client, kr.get_absolute_url())
    deeper, _ = queries_to_get(client, kr.get_absolute_url(), older=response.context["older"])
    assert deeper == first


def test_the_forecast_follows_a_new_measurement(client, org, kr):
    measure(kr, org.member, 3)
    client.force_login(org.member)
    before = client.get(kr.get_absolute_url()).context["forecast"]
    for _ in range(3):  # today, three surveys say it fell back
        services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("2.9"), text="Fell", happened_on=TODAY
        )
    assert client.get(kr.get_absolute_url()).context["forecast"] < before
