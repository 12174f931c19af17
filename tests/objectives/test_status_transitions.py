import pytest
from django.urls import reverse

from objectives.models import Objective
from tests.factories import ObjectiveFactory

Status = Objective.Status


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Status.DRAFT, Status.ACTIVE),
        (Status.DRAFT, Status.ARCHIVED),
        (Status.ACTIVE, Status.DRAFT),
        (Status.COMPLETED, Status.ACTIVE),
        (Status.ARCHIVED, Status.ACTIVE),
    ],
)
def test_owner_moves_objective_along_an_allowed_transition(client, org, before, after):
    objective = ObjectiveFactory(owner=org.member, status=before)
    client.force_login(org.member)
    response = client.post(reverse("objectives:status", args=[objective.pk]), {"status": after})
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    objective.refresh_from_db()
    assert objective.status == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Status.DRAFT, Status.COMPLETED),
        (Status.COMPLETED, Status.DRAFT),
        (Status.ARCHIVED, Status.COMPLETED),
        (Status.ARCHIVED, Status.DRAFT),
    ],
)
def test_disallowed_transition_is_refused_with_a_message(client, org, before, after):
    objective = ObjectiveFactory(owner=org.member, status=before)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:status", args=[objective.pk]), {"status": after}, follow=True
    )
    objective.refresh_from_db()
    assert objective.status == before
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"An objective cannot go from {Status(before).label} to {Status(after).label}."
    ]


def test_unknown_status_is_refused_with_a_message(client, org):
    objective = ObjectiveFactory(owner=org.member, status=Status.ACTIVE)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:status", args=[objective.pk]), {"status": "exploded"}, follow=True
    )
    objective.refresh_from_db()
    assert objective.status == Status.ACTIVE
    assert [str(m) for m in response.context["messages"]] == ["Choose a valid status."]


def test_detail_page_offers_only_the_allowed_transitions(client, org):
    objective = ObjectiveFactory(owner=org.member, status=Status.DRAFT)
    client.force_login(org.member)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Mark Active" in page
    assert "Mark Archived" in page
    assert "Mark Completed" not in page


def test_marking_an_objective_completed_asks_for_its_retrospective_first(client, org):
    objective = ObjectiveFactory(owner=org.member, status=Status.ACTIVE)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:status", args=[objective.pk]), {"status": Status.COMPLETED}
    )
    assert response["Location"] == reverse("objectives:close", args=[objective.pk])
    objective.refresh_from_db()
    assert objective.status == Status.ACTIVE
