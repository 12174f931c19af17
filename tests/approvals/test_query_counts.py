import pytest
from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import ids_on_page


@pytest.mark.parametrize("rows", [2, 30])
def test_inbox_makes_a_bounded_number_of_queries(client, org, django_assert_max_num_queries, rows):
    for _ in range(rows):
        owner = UserFactory(team=org.support)
        objective = ObjectiveFactory(owner=owner)
        KeyResultFactory(
            objective=objective,
            action=ActionFactory(objective=objective),
            approval_state=KeyResult.ApprovalState.PENDING,
            approver=org.leader,
        )
    client.force_login(org.leader)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("approvals:inbox"))
    assert len(ids_on_page(response.content.decode(), "decision")) == rows
