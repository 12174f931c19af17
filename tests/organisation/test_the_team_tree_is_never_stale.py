"""The team tree is read once and kept in the cache; every change to the organisation shows at once.

Each test reads the tree (so it is cached), changes something, and reads again as a person would:
the teams page, who leads what, the feed's team filter."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from objectives.models import Objective
from organisation.models import Team, User
from organisation.tree import team_tree
from tests.factories import ObjectiveFactory, TeamFactory, UserFactory
from tests.helpers import queries_to_get


def teams_page(client):
    return client.get(reverse("organisation:teams")).content.decode()


@pytest.fixture
def seen(client, org):
    """The outsider has seen the teams page, so the tree and the page's fragment are cached."""
    client.force_login(org.outsider)
    assert "led by Lars Leader" in teams_page(client)
    return client


def test_a_new_team_shows_on_the_teams_page_and_in_the_feed_filter(seen, org):
    TeamFactory(name="Marketing", parent=org.company)
    assert "Marketing" in teams_page(seen)
    assert "Marketing" in seen.get(reverse("progress:feed")).content.decode()


def test_a_renamed_team_shows_its_new_name(seen, org):
    org.support.name = "Customer care"
    org.support.save()
    page = teams_page(seen)
    assert "Customer care" in page
    assert ">Support<" not in page


def test_a_renamed_leader_shows_by_the_new_name(seen, org):
    org.leader.first_name = "Lasse"
    org.leader.save()
    assert "led by Lasse Leader" in teams_page(seen)


def test_a_person_moving_team_changes_both_teams_sizes(seen, org):
    assert "2 people" in teams_page(seen)  # Sales: its lead and the outsider
    org.member.team = org.sales
    org.member.save()
    page = teams_page(seen)
    sales = page[page.index(">Sales<") :]
    assert "3 people" in sales[: sales.index("</li>")]


def test_signing_in_keeps_the_tree_cached(seen, client, org, django_assert_num_queries):
    client.force_login(org.member)  # saves last_login only
    team_tree()
    with django_assert_num_queries(0):
        team_tree()


def test_a_new_leader_reads_the_drafts_of_the_team_at_once(org):
    draft = ObjectiveFactory(owner=org.outsider, status=Objective.Status.DRAFT)
    newcomer = UserFactory(team=org.sales)
    assert draft not in Objective.objects.visible_to(User.objects.get(pk=newcomer.pk))
    org.sales.leader = newcomer
    org.sales.save()
    assert draft in Objective.objects.visible_to(User.objects.get(pk=newcomer.pk))


def test_a_bulk_update_of_teams_renews_the_tree_too(seen, org):
    Team.objects.filter(pk=org.sales.pk).update(leader=org.outsider)
    assert "led by Otto Outsider" in teams_page(seen)
    assert org.sales.pk in User.objects.get(pk=org.outsider.pk).led_team_ids


def test_a_bulk_update_of_people_renews_the_tree_too(seen, org):
    User.objects.filter(pk=org.outsider.pk).update(team=org.support)
    page = teams_page(seen)
    sales = page[page.index(">Sales<") :]
    assert "1 person" in sales[: sales.index("</li>")]


def test_the_teams_page_costs_no_query_for_the_tree_once_read(seen, org):
    for _ in range(30):
        TeamFactory(parent=org.support, leader=UserFactory())
    teams_page(seen)
    queries, response = queries_to_get(seen, reverse("organisation:teams"))
    # The session comes from the cache; the person is the only query.
    assert queries == 1
    assert response.content.decode().count('href="/people/teams/') == 34


@pytest.mark.django_db(transaction=True)
def test_a_tree_read_before_a_change_commits_is_not_served_after_it():
    support = Team.objects.create(name="Support")
    read_during_the_change = threading.Event()
    change_made = threading.Event()

    def change() -> None:
        try:
            with transaction.atomic():
                Team.objects.filter(pk=support.pk).update(name="Customer care")
                change_made.set()
                read_during_the_change.wait(10)  # another request reads the old tree now
        finally:
            connection.close()

    writer = threading.Thread(target=change)
    writer.start()
    change_made.wait(10)
    # This connection still sees the committed name, and caches what it read.
    assert [team.name for team in team_tree().teams.values()] == ["Support"]
    read_during_the_change.set()
    writer.join(10)
    assert [team.name for team in team_tree().teams.values()] == ["Customer care"]
