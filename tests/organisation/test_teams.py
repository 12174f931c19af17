import pytest
from django.urls import reverse

from objectives.models import Objective
from tests.factories import ObjectiveFactory, TeamFactory, UserFactory


@pytest.fixture
def support_objective(org):
    return ObjectiveFactory(owner=org.member, team=org.support, title="Happier customers")


def test_teams_page_shows_the_tree_with_leaders(client, org):
    client.force_login(org.outsider)
    page = client.get(reverse("organisation:teams")).content.decode()
    assert page.index("Company") < page.index("Support")
    assert "led by Lars Leader" in page
    assert "led by Sune Sales" in page


@pytest.mark.parametrize("extra_teams", [2, 30])
def test_teams_page_makes_a_bounded_number_of_queries(
    client, org, django_assert_max_num_queries, extra_teams
):
    for _ in range(extra_teams):
        team = TeamFactory(parent=org.support, leader=UserFactory())
        UserFactory(team=team)
    client.force_login(org.member)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("organisation:teams"))
    assert response.content.decode().count('href="/people/teams/') == 4 + extra_teams


def test_team_page_shows_its_people_and_the_objectives_the_viewer_may_read(
    client, org, support_objective
):
    client.force_login(org.boss)
    page = client.get(reverse("progress:team", args=[org.support.pk])).content.decode()
    assert "Mette Member" in page
    assert "Happier customers" in page


def test_someone_from_another_team_sees_the_teams_shared_objectives_not_its_drafts(
    client, org, support_objective
):
    ObjectiveFactory(owner=org.member, title="A calmer inbox", status=Objective.Status.DRAFT)
    client.force_login(org.outsider)
    page = client.get(reverse("progress:team", args=[org.support.pk])).content.decode()
    assert "Mette Member" in page
    assert "Happier customers" in page
    assert "A calmer inbox" not in page


def test_top_leaders_my_okrs_lists_their_own_team_not_every_team_below(
    client, org, support_objective
):
    company_goal = ObjectiveFactory(owner=org.leader, team=org.company, title="A calmer company")
    client.force_login(org.boss)
    page = client.get(reverse("progress:my_okrs")).content.decode()
    assert company_goal.title in page
    assert "Happier customers" not in page
    assert Objective.objects.visible_to(org.boss).filter(pk=support_objective.pk).exists()


@pytest.mark.parametrize("name", ["organisation:teams", "progress:team"])
def test_team_pages_need_a_sign_in_and_only_answer_get(client, org, name):
    url = reverse(name, args=[org.support.pk] if name == "progress:team" else [])
    assert client.get(url).status_code == 302
    client.force_login(org.member)
    assert client.post(url).status_code == 405


def test_unknown_team_gives_404(client, org):
    client.force_login(org.member)
    assert client.get(reverse("progress:team", args=[987654])).status_code == 404
