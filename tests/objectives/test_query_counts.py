"""Pages that list objectives make the same number of queries for few rows as for many."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from tests.factories import (
    ActionFactory,
    ApprovalEventFactory,
    KeyResultFactory,
    ObjectiveFactory,
    UserFactory,
)


def fill_objective(objective, org):
    """An action and two key results (one by a teammate, one approved with history)."""
    teammate = UserFactory(team=org.support)
    action = ActionFactory(objective=objective, owner=teammate)
    KeyResultFactory(objective=objective, owner=teammate, action=action)
    approved = KeyResultFactory(
        objective=objective, approval_state=KeyResult.ApprovalState.APPROVED, approver=org.leader
    )
    ApprovalEventFactory(key_result=approved, approver=org.leader)
    ApprovalEventFactory(key_result=approved, kind=ApprovalEvent.Kind.APPROVED, actor=org.leader)


@pytest.mark.parametrize("rows", [2, 30])
def test_my_okrs_makes_a_bounded_number_of_queries(
    client, org, django_assert_max_num_queries, rows
):
    parent = ObjectiveFactory(owner=org.leader, title="Steady team")
    for n in range(rows):
        mine = ObjectiveFactory(owner=org.member, parent=parent, title=f"Mine {chr(65 + n)}")
        fill_objective(mine, org)
        teams = ObjectiveFactory(owner=UserFactory(team=org.support), title=f"Team {chr(65 + n)}")
        fill_objective(teams, org)
    client.force_login(org.member)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("progress:my_okrs"))
    assert len(response.context["mine"]) == rows
    assert len(response.context["teams"]) == rows + 1


@pytest.mark.parametrize("rows", [2, 30])
def test_objective_detail_makes_a_bounded_number_of_queries(
    client, org, django_assert_max_num_queries, rows
):
    objective = ObjectiveFactory(owner=org.member)
    for _ in range(rows):
        fill_objective(objective, org)
        ObjectiveFactory(owner=UserFactory(team=org.support), parent=objective)
    client.force_login(org.leader)
    with django_assert_max_num_queries(16):
        response = client.get(objective.get_absolute_url())
    assert response.content.decode().count('class="card kr"') == 2 * rows
    assert len(response.context["children"]) == rows
