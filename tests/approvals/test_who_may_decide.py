from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import ids_on_page

State = KeyResult.ApprovalState


def decide(client, key_result, decision="approve", comment=""):
    return client.post(
        reverse("approvals:decide", args=[key_result.pk]),
        {"version": 1, "decision": decision, "comment": comment},
    )


def test_the_leader_it_waits_for_approves_it(client, org, waiting):
    client.force_login(org.leader)
    response = decide(client, waiting, comment="Good measure.")
    assert response.status_code == 302
    assert response["Location"] == waiting.get_absolute_url()
    waiting.refresh_from_db()
    assert waiting.approval_state == State.APPROVED


def test_an_admin_may_decide_in_the_leaders_place(client, org, waiting):
    client.force_login(org.admin)
    assert decide(client, waiting).status_code == 302
    waiting.refresh_from_db()
    assert waiting.approval_state == State.APPROVED
    assert waiting.approval_events.get().actor == org.admin


def test_a_leader_further_up_who_is_not_asked_gets_403(client, org, waiting):
    client.force_login(org.boss)
    assert decide(client, waiting).status_code == 403
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_a_teammate_gets_403(client, org, waiting):
    client.force_login(UserFactory(team=org.support))
    assert decide(client, waiting).status_code == 403
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_a_leader_of_another_team_may_read_but_not_decide(client, org, waiting):
    client.force_login(org.sales_lead)
    assert decide(client, waiting).status_code == 403
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_owner_cannot_approve_their_own_key_result(client, org, waiting):
    client.force_login(org.member)
    assert decide(client, waiting).status_code == 403
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_admin_cannot_approve_their_own_key_result(client, org):
    org.admin.team = org.support
    org.admin.save()
    own = KeyResultFactory(objective=ObjectiveFactory(owner=org.admin))
    client.force_login(org.admin)
    client.post(reverse("approvals:submit", args=[own.pk]))
    own.refresh_from_db()
    assert own.approval_state == State.PENDING
    assert decide(client, own).status_code == 403
    own.refresh_from_db()
    assert own.approval_state == State.PENDING
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert own.pk not in ids_on_page(page, "decision")


def test_a_draft_cannot_be_approved_before_it_is_sent(client, org):
    draft = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.leader)
    assert decide(client, draft).status_code == 403
    draft.refresh_from_db()
    assert draft.approval_state == State.DRAFT


def test_an_approved_key_result_cannot_be_decided_again(client, org, waiting):
    client.force_login(org.leader)
    decide(client, waiting)
    again = decide(client, waiting, "request_changes", "Actually no.")
    assert again.status_code == 302
    assert again["Location"] == waiting.get_absolute_url()
    page = client.get(again["Location"]).content.decode()
    assert "This key result was already decided." in page
    waiting.refresh_from_db()
    assert waiting.approval_state == State.APPROVED
    assert waiting.approval_events.count() == 1


def test_asking_for_changes_needs_a_comment(client, org, waiting):
    client.force_login(org.leader)
    response = decide(client, waiting, "request_changes", "   ")
    assert response.status_code == 200
    assert "Say what should change" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING
    assert not ApprovalEvent.objects.exists()


def test_asking_for_changes_with_a_comment_sends_it_back_to_the_owner(client, org, waiting):
    client.force_login(org.leader)
    response = decide(client, waiting, "request_changes", "Survey 100 customers, not 50.")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.approval_state == State.CHANGES_REQUESTED
    event = waiting.approval_events.get()
    assert event.kind == ApprovalEvent.Kind.CHANGES_REQUESTED
    assert event.comment == "Survey 100 customers, not 50."


def test_unknown_decision_changes_nothing(client, org, waiting):
    client.force_login(org.leader)
    response = decide(client, waiting, "shrug")
    assert response.status_code == 200
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_leader_sees_the_decision_form_and_others_do_not(client, org, waiting):
    client.force_login(org.leader)
    assert "Your decision" in client.get(waiting.get_absolute_url()).content.decode()
    client.force_login(org.boss)
    assert "Your decision" not in client.get(waiting.get_absolute_url()).content.decode()
