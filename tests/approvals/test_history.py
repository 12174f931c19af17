import datetime

from django.urls import reverse

from approvals.models import ApprovalEvent
from tests.factories import KeyResultFactory, ObjectiveFactory

Kind = ApprovalEvent.Kind


def test_every_submission_and_decision_is_kept_with_who_when_and_the_values(
    client, org, time_machine
):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    decide_url = reverse("approvals:decide", args=[key_result.pk])

    client.force_login(org.member)
    client.post(reverse("approvals:submit", args=[key_result.pk]))
    time_machine.move_to(datetime.datetime(2027, 2, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(org.leader)
    client.post(
        decide_url, {"version": 1, "decision": "request_changes", "comment": "Aim for 3.8."}
    )
    time_machine.move_to(datetime.datetime(2027, 2, 17, 9, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(org.member)
    client.post(
        reverse("key_results:edit", args=[key_result.pk]),
        {
            "title": "Customer satisfaction",
            "kind": "change",
            "unit": "points",
            "baseline": "3.0",
            "target": "3.8",
            "deadline": "2027-03-31",
            "measurement_plan": "Monthly survey of 50 customers.",
        },
    )
    client.post(reverse("approvals:submit", args=[key_result.pk]))
    time_machine.move_to(datetime.datetime(2027, 2, 18, 9, 0, tzinfo=datetime.UTC), tick=False)
    client.force_login(org.leader)
    client.post(decide_url, {"version": 2, "decision": "approve", "comment": ""})

    events = list(key_result.approval_events.order_by("created_at", "id"))
    assert [(e.kind, e.actor, e.approver) for e in events] == [
        (Kind.SUBMITTED, org.member, org.leader),
        (Kind.CHANGES_REQUESTED, org.leader, org.leader),
        (Kind.SUBMITTED, org.member, org.leader),
        (Kind.APPROVED, org.leader, org.leader),
    ]
    assert [e.values["target"] for e in events] == ["3.50", "3.50", "3.80", "3.80"]
    assert [e.version for e in events] == [1, 1, 2, 2]
    assert events[1].comment == "Aim for 3.8."
    assert events[1].created_at == datetime.datetime(2027, 2, 16, 9, 0, tzinfo=datetime.UTC)
    assert events[3].created_at == datetime.datetime(2027, 2, 18, 9, 0, tzinfo=datetime.UTC)


def test_key_result_page_shows_the_history_newest_first(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    client.post(reverse("approvals:submit", args=[key_result.pk]))
    client.force_login(org.leader)
    client.post(
        reverse("approvals:decide", args=[key_result.pk]),
        {"version": 1, "decision": "request_changes", "comment": "Survey more customers."},
    )
    response = client.get(key_result.get_absolute_url())
    assert [e.kind for e in response.context["history"]] == [
        Kind.CHANGES_REQUESTED,
        Kind.SUBMITTED,
    ]
    page = response.content.decode()
    assert page.index("Changes requested") < page.index("Sent for approval")
    assert "by Lars Leader" in page
    assert "by Mette Member" in page
    assert "to Lars Leader" in page
    assert "Values then: 3 → 3.5 points, deadline 31 Mar 2027" in page
    assert "Survey more customers." in page


def test_history_keeps_the_values_as_they_were_when_decided(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    client.post(reverse("approvals:submit", args=[key_result.pk]))
    client.force_login(org.leader)
    client.post(
        reverse("approvals:decide", args=[key_result.pk]),
        {"version": 1, "decision": "request_changes", "comment": "Higher."},
    )
    key_result.target = 4
    key_result.save()
    client.force_login(org.member)
    page = client.get(key_result.get_absolute_url()).content.decode()
    assert "Values then: 3 → 3.5 points" in page
    assert "Values then: 3 → 4 points" not in page


def test_objective_page_shows_each_key_results_history(client, org):
    objective = ObjectiveFactory(owner=org.member)
    key_result = KeyResultFactory(objective=objective)
    client.force_login(org.member)
    client.post(reverse("approvals:submit", args=[key_result.pk]))
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "Sent for approval" in page
    assert "by Mette Member" in page


def test_key_result_never_sent_says_so(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    assert (
        "Not sent for approval yet." in client.get(key_result.get_absolute_url()).content.decode()
    )
