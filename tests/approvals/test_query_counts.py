import pytest
from django.core.cache import cache
from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import ids_on_page, queries_to_get


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


def test_the_inbox_takes_the_same_queries_for_2_or_30_rows_drawn_or_cached(client, org):
    def wait(count):
        for _ in range(count):
            objective = ObjectiveFactory(owner=UserFactory(team=org.support))
            KeyResultFactory(
                objective=objective,
                action=ActionFactory(objective=objective),
                approval_state=KeyResult.ApprovalState.PENDING,
                approver=org.leader,
            )

    wait(2)
    client.force_login(org.leader)
    few, _ = queries_to_get(client, reverse("approvals:inbox"))
    wait(28)
    many, response = queries_to_get(client, reverse("approvals:inbox"))
    assert len(ids_on_page(response.content.decode(), "decision")) == 30
    assert many == few
    cache.clear()  # every row drawn afresh
    drawn = client.get(reverse("approvals:inbox"))
    assert len(ids_on_page(drawn.content.decode(), "decision")) == 30
