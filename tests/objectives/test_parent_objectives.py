from django.urls import reverse

from objectives.models import Objective
from tests.factories import ObjectiveFactory


def edit_data(objective, parent):
    return {
        "title": objective.title,
        "team": objective.team_id,
        "period": objective.period_id,
        "parent": parent.pk,
    }


def test_objective_can_be_broken_into_a_smaller_one(client, org):
    parent = ObjectiveFactory(owner=org.leader, title="Happier customers")
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        {
            "title": "Faster answers",
            "team": org.support.pk,
            "period": parent.period_id,
            "parent": parent.pk,
        },
    )
    assert response.status_code == 302
    child = Objective.objects.get(title="Faster answers")
    assert child.parent == parent
    page = client.get(parent.get_absolute_url()).content.decode()
    assert "Broken down into" in page
    assert "Faster answers" in page


def test_objective_cannot_be_part_of_itself(client, org):
    objective = ObjectiveFactory(owner=org.member)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:edit", args=[objective.pk]), edit_data(objective, objective)
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    objective.refresh_from_db()
    assert objective.parent is None


def test_objective_cannot_be_part_of_its_own_child(client, org):
    top = ObjectiveFactory(owner=org.member, title="Happier customers")
    child = ObjectiveFactory(owner=org.member, parent=top, title="Faster answers")
    client.force_login(org.member)
    response = client.post(reverse("objectives:edit", args=[top.pk]), edit_data(top, child))
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "That would make the objective part of itself."
    ]
    top.refresh_from_db()
    assert top.parent is None


def test_objective_cannot_be_part_of_its_grandchild(client, org):
    top = ObjectiveFactory(owner=org.member, title="Happier customers")
    child = ObjectiveFactory(owner=org.member, parent=top, title="Faster answers")
    grandchild = ObjectiveFactory(owner=org.member, parent=child, title="Shorter queues")
    client.force_login(org.member)
    response = client.post(reverse("objectives:edit", args=[top.pk]), edit_data(top, grandchild))
    assert response.status_code == 200
    assert "part of itself" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_parent_that_is_another_teams_draft_hidden_from_me_is_refused(client, org):
    hidden = ObjectiveFactory(owner=org.outsider, title="More sales", status=Objective.Status.DRAFT)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        {
            "title": "Faster answers",
            "team": org.support.pk,
            "period": hidden.period_id,
            "parent": hidden.pk,
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Objective.objects.filter(title="Faster answers").exists()
