"""A key result's page keeps its chart, its forecast and its pages of measurements in the cache,
yet always shows the key result as it is now.

Each test reads the page or its chart once (so they are cached), changes one thing they show,
and reads them again."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from progress import services
from progress.models import Update
from tests.factories import ApprovalEventFactory, KeyResultFactory
from tests.helpers import TODAY


def measure(kr, person, *values):
    """Records `values` a week apart, the last one today."""
    for n, value in enumerate(values):
        services.record_measurement(
            key_result=kr,
            by=person,
            value=Decimal(value),
            text=f"Survey at {value}",
            happened_on=TODAY - datetime.timedelta(days=7 * (len(values) - 1 - n)),
        )


def approvals(client, kr):
    html = client.get(kr.get_absolute_url()).content.decode()
    start = html.index('<ol class="history">')
    return html[start : html.index("</ol>", start)]


def history(client, kr, **query):
    html = client.get(kr.get_absolute_url(), query).content.decode()
    start = html.index('<section id="history">')
    return html[start : html.index("</section>", start)]


def chart(client, kr, language="en"):
    svg = client.get(reverse("progress:chart", args=[kr.pk]), headers={"accept-language": language})
    return re.search(r'<desc id="chart-desc">(.*?)</desc>', svg.content.decode(), re.DOTALL)[1]


def forecast(client, kr):
    return client.get(kr.get_absolute_url()).context["forecast"]


@pytest.fixture
def reader(client, org, kr):
    """The member, with three measurements on their key result, who has read its page and
    chart once: both are in the cache."""
    measure(kr, org.member, "3.1", "3.2", "3.3")
    client.force_login(org.member)
    assert "Survey at 3.3" in history(client, kr)
    chart(client, kr)
    return client


def test_a_new_measurement_shows_at_once(reader, org, kr):
    measure(kr, org.member, "3.45")
    assert "Survey at 3.45" in history(reader, kr)


def test_a_renamed_author_shows_at_once(reader, org, kr):
    org.member.first_name = "Mia"
    org.member.save()
    assert "Mia Member" in history(reader, kr)


def test_the_measurements_follow_the_readers_language(reader, kr):
    reader.cookies["django_language"] = "da"
    assert "Målinger" in history(reader, kr)


def test_a_key_result_changed_to_a_count_calls_its_history_events(client, org, objective):
    draft = KeyResultFactory(
        objective=objective, title="Calls answered", baseline=0, target=100, unit="calls"
    )
    client.force_login(org.member)
    assert "Measurements" in history(client, draft)
    KeyResult.objects.filter(pk=draft.pk).update(kind=KeyResult.Kind.COUNT)
    assert "Logged events" in history(client, draft)


def test_a_measurement_dated_before_the_first_page_adds_the_link_to_older_ones(client, org, kr):
    for n in range(25):
        services.record_measurement(
            key_result=kr, by=org.member, value=Decimal("3.2"), text=f"Survey {n}"
        )
    client.force_login(org.member)
    assert "Older measurements" not in history(client, kr)
    services.record_measurement(
        key_result=kr,
        by=org.member,
        value=Decimal("3.1"),
        text="Found in a drawer",
        happened_on=TODAY - datetime.timedelta(days=30),
    )
    assert "Older measurements" in history(client, kr)


def test_an_older_page_beyond_the_newest_links_back_to_the_newest(reader, kr):
    assert "Newest" not in history(reader, kr)
    # A cursor later than every measurement: the same rows, but an older page by address.
    assert "Newest" in history(reader, kr, older=f"{TODAY.replace(year=2099).isoformat()}.1")


def test_the_forecast_follows_a_new_deadline(reader, kr):
    before = forecast(reader, kr)
    KeyResult.objects.filter(pk=kr.pk).update(deadline=datetime.date(2027, 3, 15))
    assert forecast(reader, kr) < before


def test_the_forecast_follows_a_measurement_written_straight_to_the_table(reader, org, kr):
    before = forecast(reader, kr)
    # As an import would: the key result's own row is not touched.
    for _ in range(3):
        Update.objects.create(
            author=org.member,
            kind=Update.Kind.SETBACK,
            objective=kr.objective,
            team=org.support,
            key_result=kr,
            value_before=Decimal("3.3"),
            value_after=Decimal("2.0"),
            text="Fell",
            happened_on=TODAY,
        )
    assert forecast(reader, kr) != before


def test_the_chart_follows_an_edited_title(reader, kr):
    KeyResult.objects.filter(pk=kr.pk).update(title="Delighted customers")
    assert chart(reader, kr).startswith("Delighted customers")


def test_the_chart_follows_its_period_moving(reader, kr):
    assert "from 1 Jan 2027" in chart(reader, kr)
    period = kr.objective.period
    period.start = period.start.replace(month=2)
    period.save()
    assert "from 1 Feb 2027" in chart(reader, kr)


def test_the_chart_follows_the_readers_language(reader, kr):
    assert "Seneste måling" in chart(reader, kr, language="da")


def test_the_charts_address_changes_with_what_it_shows(reader, org, kr):
    def address():
        html = reader.get(kr.get_absolute_url()).content.decode()
        return re.search(rf'src="({reverse("progress:chart", args=[kr.pk])}[^"]*)"', html)[1]

    first = address()
    measure(kr, org.member, "3.45")
    assert address() != first


@pytest.fixture
def sent(client, org, kr):
    """The member's key result, sent to their leader, whose page the member has read once."""
    ApprovalEventFactory(key_result=kr, approver=org.leader, comment="Please look.")
    client.force_login(org.member)
    assert "Please look." in approvals(client, kr)
    return client


def test_a_decision_shows_in_the_approval_history_at_once(sent, org, kr):
    ApprovalEventFactory(
        key_result=kr, kind=ApprovalEvent.Kind.APPROVED, actor=org.leader, comment="Go ahead."
    )
    assert "Go ahead." in approvals(sent, kr)


def test_a_renamed_approver_shows_in_the_approval_history_at_once(sent, org, kr):
    org.leader.first_name = "Lise"
    org.leader.save()
    assert "to Lise Leader" in approvals(sent, kr)


def test_a_renamed_actor_shows_in_the_approval_history_at_once(sent, org, kr):
    org.member.first_name = "Mia"
    org.member.save()
    assert "by Mia Member" in approvals(sent, kr)


def test_the_approval_history_follows_the_readers_language(sent, kr):
    sent.cookies["django_language"] = "da"
    assert "Sendt til godkendelse" in approvals(sent, kr)
