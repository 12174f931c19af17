import datetime

from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import ids_on_page

State = KeyResult.ApprovalState


def waiting_for(leader, owner, **kwargs):
    return KeyResultFactory(
        objective=ObjectiveFactory(owner=owner),
        approval_state=State.PENDING,
        approver=leader,
        **kwargs,
    )


def test_leader_inbox_lists_what_waits_for_them(client, org):
    mine = waiting_for(org.leader, org.member, title="Customer satisfaction")
    waiting_for(org.sales_lead, org.outsider, title="Signed contracts")
    KeyResultFactory(objective=ObjectiveFactory(owner=org.member), title="Still a draft")
    KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member),
        approval_state=State.APPROVED,
        approver=org.leader,
        title="Already approved",
    )
    client.force_login(org.leader)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert ids_on_page(page, "decision") == [mine.pk]
    assert "Customer satisfaction" in page
    assert "Monthly survey of 50 customers" in page
    assert "Mette Member" in page
    assert "Signed contracts" not in page
    assert "Still a draft" not in page
    assert "Already approved" not in page


def test_inbox_lists_what_has_waited_longest_first(client, org, time_machine):
    sent_again_later = waiting_for(org.leader, org.member, title="Sent again later")
    waiting_since = waiting_for(org.leader, UserFactory(team=org.support), title="Waiting")
    time_machine.shift(datetime.timedelta(days=1))
    sent_again_later.save()
    client.force_login(org.leader)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert ids_on_page(page, "decision") == [waiting_since.pk, sent_again_later.pk]


def test_empty_inbox_says_nothing_waits(client, org):
    client.force_login(org.member)
    response = client.get(reverse("approvals:inbox"))
    assert response.status_code == 200
    assert "Nothing waits for your approval." in response.content.decode()


def test_admin_inbox_also_lists_key_results_with_nobody_above_to_approve(client, org):
    orphan = waiting_for(None, org.boss, title="Company growth")
    for_leader = waiting_for(org.leader, org.member)
    client.force_login(org.admin)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert ids_on_page(page, "decision") == [orphan.pk]
    assert for_leader.pk not in ids_on_page(page, "decision")


def test_leader_does_not_see_their_own_key_result_in_the_inbox(client, org):
    waiting_for(org.leader, org.leader)
    client.force_login(org.leader)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert ids_on_page(page, "decision") == []


def test_decided_key_result_leaves_the_inbox(client, org):
    key_result = waiting_for(org.leader, org.member)
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[key_result.pk]),
        {"version": 1, "decision": "approve", "next": "inbox"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("approvals:inbox"), 302)]
    assert ids_on_page(response.content.decode(), "decision") == []
    assert "Approved “Customer satisfaction”." in [str(m) for m in response.context["messages"]]
