from django.urls import reverse

from objectives.models import Objective, Period
from tests.factories import TeamFactory, UserFactory


def create(client, team):
    return client.post(
        reverse("objectives:create"),
        {"title": "Happier customers", "team": team.pk, "period": Period.objects.current().pk},
    )


def test_employee_sets_an_objective_for_their_own_team(client, org):
    client.force_login(org.member)
    assert create(client, org.support).status_code == 302
    assert Objective.objects.get().team == org.support


def test_employee_cannot_set_an_objective_for_another_team(client, org):
    client.force_login(org.member)
    response = create(client, org.sales)
    assert response.status_code == 200
    [error] = response.context["form"].errors["team"]
    assert "Select a valid choice" in error
    assert not Objective.objects.exists()


def test_employee_sees_only_their_own_team_as_a_choice(client, org):
    client.force_login(org.member)
    teams = list(client.get(reverse("objectives:create")).context["form"].fields["team"].queryset)
    assert teams == [org.support]


def test_leader_sets_an_objective_for_a_team_below_the_one_they_lead(client, org):
    client.force_login(org.boss)
    assert create(client, org.sales).status_code == 302
    objective = Objective.objects.get()
    assert objective.team == org.sales
    assert objective.owner == org.boss


def test_leader_sets_an_objective_for_a_sub_team_of_their_team(client, org):
    first_line = TeamFactory(name="First line", parent=org.support)
    client.force_login(org.leader)
    assert create(client, first_line).status_code == 302
    assert Objective.objects.get().team == first_line


def test_leader_cannot_set_an_objective_for_a_sibling_team(client, org):
    client.force_login(org.leader)
    response = create(client, org.sales)
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Objective.objects.exists()


def test_admin_sets_an_objective_for_any_team(client, org):
    client.force_login(org.admin)
    assert create(client, org.sales).status_code == 302
    assert Objective.objects.get().team == org.sales


def test_person_without_a_team_cannot_set_objectives_for_a_team(client, org):
    client.force_login(UserFactory(team=None))
    response = create(client, org.support)
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Objective.objects.exists()
