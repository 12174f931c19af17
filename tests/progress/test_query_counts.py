"""The feed and a key result's history cost the same number of queries for few rows as many."""

import datetime
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.services import approve
from key_results.models import KeyResult
from objectives.models import Action
from objectives.services import change_action_status
from progress import services
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import HTMX, TODAY, queries_to_get


def busy_entries(org, objective, kr, count):
    """`count` entries of mixed kinds (all four from 4 on) and teams, each with comments and
    reactions."""
    sales = ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    entries = []
    for n in range(count):
        match n % 4:
            case 0:
                entry = services.record_measurement(
                    key_result=kr,
                    by=org.member,
                    value=Decimal("3.0") + Decimal(n) / 100,
                    text=f"Survey {n}",
                    learning="Ask earlier.",
                )
            case 1:
                entry = services.share_update(objective=sales, by=org.outsider, text=f"Shops {n}")
            case 2:
                action = ActionFactory(objective=objective, owner=org.member)
                change_action_status(action=action, by=org.member, status=Action.Status.DONE)
                entry = action.updates.get()
            case _:
                pending = KeyResultFactory(
                    objective=objective,
                    title=f"Measure {n}",
                    approval_state=KeyResult.ApprovalState.PENDING,
                    approver=org.leader,
                )
                approve(key_result=pending, by=org.leader)
                entry = pending.updates.get()
        commenter = UserFactory(team=org.support)
        services.add_comment(update=entry, by=commenter, text="Nice.")
        services.add_comment(update=entry, by=org.leader, text="Tell me more.")
        services.toggle_reaction(update=entry, by=commenter, emoji="👍")
        services.toggle_reaction(update=entry, by=org.boss, emoji="🎉")
        entries.append(entry)
    return entries


def test_the_feed_takes_the_same_queries_for_4_or_40_entries(client, org, objective, kr):
    busy_entries(org, objective, kr, 4)
    client.force_login(org.outsider)
    url = reverse("progress:feed")
    few, _ = queries_to_get(client, url)
    busy_entries(org, objective, kr, 36)
    many, response = queries_to_get(client, url)
    page = response.content.decode()
    assert page.count('class="card entry') == 25
    assert "Tell me more." in page
    assert page.count('class="badge standing-') >= 6
    assert many == few


def test_the_feed_filtered_and_paged_takes_the_same_queries_for_4_or_40_entries(
    client, org, objective, kr
):
    client.force_login(org.member)
    url = reverse("progress:feed")
    created = busy_entries(org, objective, kr, 4)
    params = {"team": org.support.pk, "person": org.member.pk}
    few, _ = queries_to_get(client, url, before=created[-1].pk + 1, **params)
    created += busy_entries(org, objective, kr, 36)
    many, response = queries_to_get(client, url, before=created[-1].pk + 1, **params)
    assert 'class="card entry' in response.content.decode()
    assert many == few


def test_the_feed_drawn_afresh_takes_the_same_queries_for_4_or_40_entries(
    client, org, objective, kr
):
    """With nothing cached (the queries_to_get above find the page of entries in the cache)."""
    busy_entries(org, objective, kr, 4)
    client.force_login(org.outsider)
    url = reverse("progress:feed")
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    busy_entries(org, objective, kr, 36)
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert page.count('class="card entry') == 25
    assert page.count('class="badge standing-') >= 6
    assert len(many) == len(few)


def test_polling_takes_the_same_queries_for_4_or_40_entries(client, org, objective, kr):
    busy_entries(org, objective, kr, 4)
    client.force_login(org.member)
    url = reverse("progress:feed")
    few, _ = queries_to_get(client, url, headers=HTMX, after=0)
    busy_entries(org, objective, kr, 36)
    many, response = queries_to_get(client, url, headers=HTMX, after=0)
    assert response.content.decode().count('class="card entry') == 25
    assert many == few


def test_a_key_result_page_takes_the_same_queries_for_3_or_40_measurements(client, org, kr):
    reporter = UserFactory(team=org.support)
    kr.reporters.add(reporter)

    def measure(start, count):
        for n in range(start, start + count):
            services.record_measurement(
                key_result=kr,
                by=reporter if n % 2 else org.member,
                value=Decimal("3.0") + Decimal(n) / 100,
                text=f"Survey {n}",
                happened_on=TODAY - datetime.timedelta(days=n),
            )

    measure(0, 3)
    client.force_login(org.leader)
    few, _ = queries_to_get(client, kr.get_absolute_url())
    measure(3, 37)
    many, response = queries_to_get(client, kr.get_absolute_url())
    assert len(response.context["measurements"]) == 25
    assert response.context["older"]
    assert many == few
