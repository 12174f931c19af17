import pytest
from django.urls import reverse

from objectives.models import Objective, Period


def post_objective(client, org, title):
    return client.post(
        reverse("objectives:create"),
        {"title": title, "team": org.support.pk, "period": Period.objects.current().pk},
    )


@pytest.mark.parametrize("title", ["Increase NPS to 40", "3 nye kunder"])
def test_objective_title_with_numbers_is_refused_with_a_reason(client, org, title):
    client.force_login(org.member)
    response = post_objective(client, org, title)
    assert response.status_code == 200
    assert "qualitative" in response.content.decode()
    assert "key result" in response.content.decode()
    assert not Objective.objects.exists()


def test_qualitative_objective_is_created_for_own_team(client, org):
    client.force_login(org.member)
    response = post_objective(client, org, "Happier customers")
    objective = Objective.objects.get()
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    assert objective.owner == org.member
    assert objective.status == Objective.Status.DRAFT


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_objective_title_is_refused_as_required(client, org, title):
    client.force_login(org.member)
    response = post_objective(client, org, title)
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert not Objective.objects.exists()


def test_very_long_objective_title_gets_a_form_error_not_a_server_error(client, org):
    client.force_login(org.member)
    response = post_objective(client, org, "Happier customers " * 556)
    assert response.status_code == 200
    [error] = response.context["form"].errors["title"]
    assert "at most 200 characters" in error
    assert "at most 200 characters" in response.content.decode()
    assert not Objective.objects.exists()


def test_editing_a_title_to_contain_numbers_is_refused(client, org):
    client.force_login(org.member)
    post_objective(client, org, "Happier customers")
    objective = Objective.objects.get()
    response = client.post(
        reverse("objectives:edit", args=[objective.pk]),
        {"title": "Happier customers in Q2", "team": org.support.pk, "period": objective.period_id},
    )
    assert response.status_code == 200
    assert "qualitative" in response.content.decode()
    objective.refresh_from_db()
    assert objective.title == "Happier customers"
