import datetime

import pytest
from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from tests.factories import (
    ActionFactory,
    ApprovalEventFactory,
    KeyResultFactory,
    ObjectiveFactory,
)
from tests.helpers import ids_on_page

State = KeyResult.ApprovalState


@pytest.fixture
def approved(org):
    key_result = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member),
        approval_state=State.APPROVED,
        approver=org.leader,
    )
    values = key_result.measured_values()
    ApprovalEventFactory(key_result=key_result, approver=org.leader, values=values)
    ApprovalEventFactory(
        key_result=key_result, kind=ApprovalEvent.Kind.APPROVED, actor=org.leader, values=values
    )
    return key_result


def edit(client, key_result, **changes):
    data = {
        "title": "Customer satisfaction",
        "kind": "change",
        "unit": "points",
        "baseline": "3.0",
        "target": "3.5",
        "deadline": "2027-03-31",
        "measurement_plan": "Monthly survey of 50 customers, run by support.",
    }
    data.update(changes)
    return client.post(reverse("key_results:edit", args=[key_result.pk]), data, follow=True)


@pytest.mark.parametrize(
    ("changes", "stored", "named"),
    [
        ({"target": "4.00"}, ("target", "3.50", "4.00"), "target: 3.5 → 4"),
        ({"baseline": "2.50"}, ("baseline", "3.00", "2.50"), "baseline: 3 → 2.5"),
        (
            {"deadline": "2027-03-15"},
            ("deadline", "2027-03-31", "2027-03-15"),
            "deadline: 31 Mar 2027 → 15 Mar 2027",
        ),
    ],
    ids=["target", "baseline", "deadline"],
)
def test_changing_approved_numbers_sends_it_back_to_the_leader(
    client, org, approved, changes, stored, named
):
    client.force_login(org.member)
    response = edit(client, approved, **changes)
    approved.refresh_from_db()
    assert approved.approval_state == State.PENDING
    assert approved.approver == org.leader
    event = approved.approval_events.first()
    assert event.kind == ApprovalEvent.Kind.RESUBMITTED
    assert event.actor == org.member
    field, old, new = stored
    assert event.changes == [{"field": field, "old": old, "new": new}]
    assert [str(m) for m in response.context["messages"]] == [
        "The numbers changed, so it went back to your leader for approval."
    ]
    assert named in client.get(approved.get_absolute_url()).content.decode()


def test_resubmission_names_every_changed_number(client, org, approved):
    client.force_login(org.member)
    edit(client, approved, baseline="2.50", target="4.00")
    event = approved.approval_events.first()
    assert [change["field"] for change in event.changes] == ["baseline", "target"]
    assert event.values["baseline"] == "2.50"
    assert event.values["target"] == "4.00"


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"title": "Happy customers"}, "what is measured: Customer satisfaction → Happy customers"),
        (
            {"measurement_plan": "Ask 10 customers a week."},
            "measurement plan: Monthly survey of 50 customers, run by support. → Ask 10",
        ),
    ],
    ids=["title", "measurement-plan"],
)
def test_rewriting_what_is_measured_sends_it_back_too(client, org, approved, changes, named):
    client.force_login(org.member)
    edit(client, approved, **changes)
    approved.refresh_from_db()
    assert approved.approval_state == State.PENDING
    assert approved.version == 2
    assert named in client.get(approved.get_absolute_url()).content.decode()


def test_choosing_another_action_keeps_it_approved(client, org, approved):
    action = ActionFactory(objective=approved.objective, owner=org.member)
    client.force_login(org.member)
    response = edit(client, approved, action=action.pk, target="3.50")
    approved.refresh_from_db()
    assert approved.action == action
    assert (approved.approval_state, approved.version) == (State.APPROVED, 1)
    assert approved.approval_events.count() == 2
    assert [str(m) for m in response.context["messages"]] == ["Key result saved."]


def test_resubmitted_key_result_shows_the_change_in_its_history(client, org, approved):
    client.force_login(org.member)
    edit(client, approved, target="4.00")
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "Changed after approval, sent again" in page
    assert "target: 3.5 → 4" in page


def test_resubmitted_key_result_waits_in_the_leaders_inbox(client, org, approved):
    client.force_login(org.member)
    edit(client, approved, target="4.0")
    client.force_login(org.leader)
    page = client.get(reverse("approvals:inbox")).content.decode()
    assert ids_on_page(page, "decision") == [approved.pk]


def test_what_changed_is_shown_in_the_readers_language_not_the_writers(client, org, approved):
    client.force_login(org.member)
    edit(client, approved, target="4.00")  # written in English
    client.force_login(org.leader)
    page = client.get(approved.get_absolute_url(), headers={"accept-language": "da"})
    assert "målværdi: 3,5 → 4" in page.content.decode()


def test_editing_a_draft_records_no_history(client, org):
    draft = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    edit(client, draft, target="4.0")
    draft.refresh_from_db()
    assert draft.approval_state == State.DRAFT
    assert not draft.approval_events.exists()


def test_the_edit_form_warns_that_changing_numbers_sends_it_back(client, org, approved):
    client.force_login(org.member)
    page = client.get(reverse("key_results:edit", args=[approved.pk])).content.decode()
    assert "Changing its numbers or deadline sends it back" in page


def test_unchanged_dates_and_numbers_typed_differently_keep_it_approved(client, org, approved):
    client.force_login(org.member)
    edit(client, approved, baseline="3", target="3.500")
    approved.refresh_from_db()
    assert approved.approval_state == State.APPROVED
    assert approved.deadline == datetime.date(2027, 3, 31)
