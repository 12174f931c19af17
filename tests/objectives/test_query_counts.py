"""Pages that list objectives make the same number of queries for few rows as for many.

Each page is read with 2 rows, then 28 more are added and it is read again: every list on it,
with its status badges, sparklines and the bell, must cost the same."""

from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from progress import services
from tests.factories import (
    ActionFactory,
    ApprovalEventFactory,
    KeyResultFactory,
    ObjectiveFactory,
    UserFactory,
)
from tests.helpers import queries_to_get


def fill_objective(objective, org):
    """An action and two key results (one by a teammate, one approved, measured, with history)."""
    teammate = UserFactory(team=org.support)
    action = ActionFactory(objective=objective, owner=teammate)
    KeyResultFactory(objective=objective, owner=teammate, action=action)
    approved = KeyResultFactory(
        objective=objective,
        owner=objective.owner,
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )
    ApprovalEventFactory(key_result=approved, approver=org.leader)
    ApprovalEventFactory(key_result=approved, kind=ApprovalEvent.Kind.APPROVED, actor=org.leader)
    services.record_measurement(
        key_result=approved, by=approved.owner, value=approved.baseline + 1, text="Measured"
    )


def test_my_okrs_takes_the_same_queries_for_2_or_30_objectives(client, org):
    parent = ObjectiveFactory(owner=org.leader, title="Steady team")

    def add(rows, start):
        for n in range(start, start + rows):
            mine = ObjectiveFactory(owner=org.member, parent=parent, title=f"Mine {chr(65 + n)}")
            fill_objective(mine, org)
            teams = ObjectiveFactory(
                owner=UserFactory(team=org.support), title=f"Team {chr(65 + n)}"
            )
            fill_objective(teams, org)

    add(2, 0)
    client.force_login(org.member)
    url = reverse("progress:my_okrs")
    few, _ = queries_to_get(client, url)
    add(28, 2)
    many, response = queries_to_get(client, url)
    assert len(response.context["mine"]) == 30
    assert len(response.context["teams"]) == 31
    assert response.content.decode().count('class="badge standing-') >= 60
    assert many == few


def test_objective_detail_takes_the_same_queries_for_2_or_30_key_results(client, org):
    objective = ObjectiveFactory(owner=org.member)

    def add(rows):
        for _ in range(rows):
            fill_objective(objective, org)
            ObjectiveFactory(owner=UserFactory(team=org.support), parent=objective)

    add(1)
    client.force_login(org.leader)
    few, _ = queries_to_get(client, objective.get_absolute_url())
    add(15)
    many, response = queries_to_get(client, objective.get_absolute_url())
    page = response.content.decode()
    assert page.count('class="card kr"') == 32
    children = objective.children.all()
    assert len(children) == 16
    assert all(f'<li><a href="{child.get_absolute_url()}">' in page for child in children)
    assert many == few
