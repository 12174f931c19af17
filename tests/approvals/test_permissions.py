"""Who may reach the approvals inbox and the decision view."""

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Objective
from tests.factories import KeyResultFactory, ObjectiveFactory, UserFactory

State = KeyResult.ApprovalState


@pytest.fixture(params=[Objective.Status.DRAFT, Objective.Status.ACTIVE])
def waiting(request, org):
    """Member's key result waiting for their leader, on a draft or an active objective."""
    return KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member, status=request.param),
        approval_state=State.PENDING,
        approver=org.leader,
    )


def test_signed_out_visitor_is_sent_to_sign_in_from_the_inbox(client):
    url = reverse("approvals:inbox")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_signed_out_visitor_is_sent_to_sign_in_when_deciding(client, waiting):
    url = reverse("approvals:decide", args=[waiting.pk])
    response = client.post(url, {"version": 1, "decision": "approve"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_inbox_refuses_post(client, org):
    client.force_login(org.leader)
    assert client.post(reverse("approvals:inbox")).status_code == 405


def test_decide_refuses_get(client, org, waiting):
    client.force_login(org.leader)
    assert client.get(reverse("approvals:decide", args=[waiting.pk])).status_code == 405


def test_someone_from_another_team_does_not_decide(client, org, waiting):
    client.force_login(org.outsider)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
    )
    # Of a draft nothing is seen (404); a shared objective's key result is read, not decided.
    assert response.status_code == (404 if waiting.objective.is_draft else 403)
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_teammate_who_may_read_it_gets_403_deciding(client, org):
    waiting = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member, status=Objective.Status.ACTIVE),
        approval_state=State.PENDING,
        approver=org.leader,
    )
    client.force_login(UserFactory(team=org.support))
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
    )
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_unknown_key_result_gives_404_even_to_an_admin(client, org):
    client.force_login(org.admin)
    response = client.post(
        reverse("approvals:decide", args=[987654]), {"version": 1, "decision": "approve"}
    )
    assert response.status_code == 404


def test_leader_approves_from_the_inbox(client, org, waiting):
    client.force_login(org.leader)
    assert client.get(reverse("approvals:inbox")).status_code == 200
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.approval_state == State.APPROVED


def test_approver_in_another_branch_may_read_and_decide(client, org):
    """A leader asked to decide reads the key result even outside the teams they lead."""
    key_result = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member, team=org.support),
        approval_state=State.PENDING,
        approver=org.sales_lead,
    )
    client.force_login(org.sales_lead)
    assert client.get(key_result.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("approvals:decide", args=[key_result.pk]), {"version": 1, "decision": "approve"}
    )
    assert response.status_code == 302
