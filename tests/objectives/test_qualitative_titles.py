import pytest
from django.urls import reverse

from objectives.models import Objective, Period


@pytest.mark.parametrize("title", ["Increase NPS to 40", "3 nye kunder"])
def test_objective_title_with_numbers_is_refused_with_a_reason(client, org, title):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        {"title": title, "team": org.support.pk, "period": Period.objects.current().pk},
    )
    assert response.status_code == 200
    assert "qualitative" in response.content.decode()
    assert "key result" in response.content.decode()
    assert not Objective.objects.exists()


def test_qualitative_objective_is_created_for_own_team(client, org):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:create"),
        {
            "title": "Happier customers",
            "team": org.support.pk,
            "period": Period.objects.current().pk,
        },
    )
    objective = Objective.objects.get()
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    assert objective.owner == org.member
    assert objective.status == Objective.Status.DRAFT
