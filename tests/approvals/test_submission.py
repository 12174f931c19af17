from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory, TeamFactory, UserFactory
from tests.helpers import ids_on_page

State = KeyResult.ApprovalState


def submit(client, key_result):
    return client.post(reverse("approvals:submit", args=[key_result.pk]), follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_key_result_without_a_measurement_plan_is_not_sent(client, org):
    key_result = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member), measurement_plan="  "
    )
    client.force_login(org.member)
    response = submit(client, key_result)
    key_result.refresh_from_db()
    assert key_result.approval_state == State.DRAFT
    assert key_result.approver is None
    assert messages_of(response) == [
        "Describe how and how often it will be measured before sending it for approval."
    ]
    assert not ApprovalEvent.objects.exists()


def test_members_key_result_goes_to_their_team_leader(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    response = submit(client, key_result)
    key_result.refresh_from_db()
    assert key_result.approval_state == State.PENDING
    assert key_result.approver == org.leader
    assert messages_of(response) == ["Sent to Lars Leader for approval."]


def test_team_leaders_key_result_goes_to_the_leader_of_the_parent_team(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.leader))
    client.force_login(org.leader)
    submit(client, key_result)
    key_result.refresh_from_db()
    assert key_result.approval_state == State.PENDING
    assert key_result.approver == org.boss


def test_leaderless_team_sends_to_the_nearest_leader_above(client, org):
    night_shift = TeamFactory(name="Night shift", parent=org.support, leader=None)
    owl = UserFactory(team=night_shift)
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=owl))
    client.force_login(owl)
    submit(client, key_result)
    key_result.refresh_from_db()
    assert key_result.approver == org.leader


def test_top_leaders_key_result_goes_to_an_administrator(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.boss))
    client.force_login(org.boss)
    response = submit(client, key_result)
    key_result.refresh_from_db()
    assert key_result.approval_state == State.PENDING
    assert key_result.approver is None
    assert messages_of(response) == ["Sent for approval to an administrator."]
    client.force_login(org.admin)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert ids_on_page(page, "decision") == [key_result.pk]


def test_key_result_sent_back_with_changes_can_be_sent_again(client, org):
    key_result = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member),
        approval_state=State.CHANGES_REQUESTED,
        approver=org.leader,
    )
    client.force_login(org.member)
    submit(client, key_result)
    key_result.refresh_from_db()
    assert key_result.approval_state == State.PENDING


def test_key_result_cannot_be_sent_twice_while_it_waits(client, org):
    key_result = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member),
        approval_state=State.PENDING,
        approver=org.leader,
    )
    client.force_login(org.member)
    response = client.post(reverse("approvals:submit", args=[key_result.pk]))
    assert response.status_code == 403
    assert not ApprovalEvent.objects.exists()


def test_owner_sees_who_the_key_result_waits_for(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    page = submit(client, key_result).content.decode()
    assert "Awaiting approval" in page
    assert "Waiting for" in page
    assert "Lars Leader" in page
