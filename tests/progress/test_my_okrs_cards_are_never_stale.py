"""Objective cards on My OKRs come from the cache, yet always show the objective as it is now.

Each test reads My OKRs once (so the cards are cached), changes one thing a card shows or one
thing the reader may see, and reads the page again."""

from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.services import drop_key_result
from objectives.models import Objective
from progress import services
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory


def my_okrs(client):
    return client.get(reverse("progress:my_okrs")).content.decode()


def card(page, objective):
    start = page.index(f'id="objective-{objective.pk}"')
    return page[start : page.index("</article>", start)]


@pytest.fixture
def reader(client, org, objective, kr):
    """The member, who has read My OKRs once: their objective's card is in the cache."""
    client.force_login(org.member)
    assert "Customer satisfaction" in card(my_okrs(client), objective)
    return client


def test_an_edited_title_shows_at_once(reader, objective):
    Objective.objects.filter(pk=objective.pk).update(title="Delighted customers")
    assert "Delighted customers" in card(my_okrs(reader), objective)


def test_edited_key_result_numbers_show_at_once(reader, objective, kr):
    kr.target = Decimal("4.2")
    kr.save()
    assert "4.2" in card(my_okrs(reader), objective)


def test_a_new_value_shows_its_progress_and_standing(reader, org, objective, kr):
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.5"), text="Done")
    html = card(my_okrs(reader), objective)
    assert 'value="100' in html
    assert "standing-achieved" in html


def test_a_new_key_result_shows_at_once(reader, org, objective):
    KeyResultFactory(objective=objective, owner=org.member, title="Calls answered")
    assert "Calls answered" in card(my_okrs(reader), objective)


def test_a_new_action_counts_at_once(reader, org, objective):
    ActionFactory(objective=objective, owner=org.member)
    assert "1 action" in card(my_okrs(reader), objective)


def test_a_renamed_owner_shows_at_once(reader, org, objective):
    org.member.first_name = "Mia"
    org.member.save()
    assert "Mia Member" in card(my_okrs(reader), objective)


def test_a_renamed_team_shows_at_once(reader, org, objective):
    org.support.name = "Customer care"
    org.support.save()
    assert "Customer care" in card(my_okrs(reader), objective)


def test_a_moved_period_changes_where_its_key_results_stand(reader, objective):
    assert "standing-not-measured-lately" in card(my_okrs(reader), objective)
    period = objective.period
    period.start = period.start.replace(month=2)  # started two weeks ago: not stale yet
    period.save()
    assert "standing-not-measured-lately" not in card(my_okrs(reader), objective)


@pytest.fixture
def with_parent(objective):
    def make(**fields):
        objective.parent = ObjectiveFactory(title="Loyal shops", **fields)
        objective.save()
        return objective.parent

    return make


def test_a_renamed_parent_shows_at_once(reader, org, objective, with_parent):
    parent = with_parent(owner=org.outsider)
    assert "Loyal shops" in card(my_okrs(reader), objective)
    Objective.objects.filter(pk=parent.pk).update(title="Loyal retail partners")
    assert "Loyal retail partners" in card(my_okrs(reader), objective)


def test_a_parent_back_to_draft_is_no_longer_named_to_those_who_may_not_read_it(
    reader, org, objective, with_parent
):
    parent = with_parent(owner=org.outsider)
    assert "Loyal shops" in card(my_okrs(reader), objective)
    parent.change_status(Objective.Status.DRAFT)
    assert "Loyal shops" not in card(my_okrs(reader), objective)


def test_a_draft_parent_named_to_its_owner_is_not_named_to_a_teammate(
    client, org, objective, with_parent
):
    with_parent(owner=org.member, status=Objective.Status.DRAFT)
    client.force_login(org.member)
    assert "Loyal shops" in card(my_okrs(client), objective)  # their own draft
    client.force_login(UserFactory(team=org.support))
    assert "Loyal shops" not in card(my_okrs(client), objective)


def test_my_okrs_follows_the_readers_language(reader, objective):
    assert "deadline" in card(my_okrs(reader), objective)
    reader.cookies["django_language"] = "da"
    assert "frist" in card(my_okrs(reader), objective)


def test_a_dropped_key_result_shows_struck_through_with_its_reason_at_once(
    reader, org, objective, kr
):
    drop_key_result(key_result=kr, by=org.member, reason="The survey was stopped.")
    html = card(my_okrs(reader), objective)
    assert 'class="kr-title dropped"' in html and "The survey was stopped." in html
    assert "standing-" not in html
