"""The feed and a key result's history cost the same number of queries for few rows as many."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.services import approve
from key_results.models import KeyResult
from objectives.models import Action
from objectives.services import change_action_status
from progress import services
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import HTMX, TODAY


def busy_entries(org, objective, kr, count):
    """`count` entries of mixed kinds and teams, each with comments and reactions."""
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


# The feed reads an entry's objective, team, action and decision in one query each (see
# UpdateQuerySet.for_feed), so its bound is a little higher than a join would need.
FEED_QUERIES = 14


@pytest.mark.parametrize("entries", [3, 40])
def test_feed_makes_a_bounded_number_of_queries(
    client, org, objective, kr, django_assert_max_num_queries, entries
):
    busy_entries(org, objective, kr, entries)
    client.force_login(org.outsider)
    with django_assert_max_num_queries(FEED_QUERIES):
        response = client.get(reverse("progress:feed"))
    assert len(response.context["entries"]) == min(entries, 25)
    assert "Tell me more." in response.content.decode()


@pytest.mark.parametrize("entries", [3, 40])
def test_feed_filtered_and_paged_makes_a_bounded_number_of_queries(
    client, org, objective, kr, django_assert_max_num_queries, entries
):
    created = busy_entries(org, objective, kr, entries)
    client.force_login(org.member)
    with django_assert_max_num_queries(FEED_QUERIES):
        response = client.get(
            reverse("progress:feed"),
            {"team": org.support.pk, "person": org.member.pk, "before": created[-1].pk + 1},
        )
    assert response.status_code == 200


@pytest.mark.parametrize("entries", [3, 40])
def test_polling_makes_a_bounded_number_of_queries(
    client, org, objective, kr, django_assert_max_num_queries, entries
):
    busy_entries(org, objective, kr, entries)
    client.force_login(org.member)
    with django_assert_max_num_queries(FEED_QUERIES):
        response = client.get(reverse("progress:feed"), {"after": 0}, headers=HTMX)
    assert len(response.context["entries"]) == min(entries, 25)


@pytest.mark.parametrize("measurements", [3, 40])
def test_key_result_detail_makes_a_bounded_number_of_queries(
    client, org, kr, django_assert_max_num_queries, measurements
):
    reporter = UserFactory(team=org.support)
    kr.reporters.add(reporter)
    for n in range(measurements):
        services.record_measurement(
            key_result=kr,
            by=reporter if n % 2 else org.member,
            value=Decimal("3.0") + Decimal(n) / 100,
            text=f"Survey {n}",
            happened_on=TODAY - datetime.timedelta(days=n),
        )
    client.force_login(org.leader)
    with django_assert_max_num_queries(10):
        response = client.get(kr.get_absolute_url())
    assert len(response.context["measurements"]) == measurements
