"""The owner names teammates who may record values; the form keeps who was named."""

from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import quarter

FORM = {
    "title": "Customer satisfaction",
    "kind": "change",
    "unit": "points",
    "baseline": "3.0",
    "target": "3.5",
    "deadline": "2027-03-31",
    "measurement_plan": "Monthly survey of 50 customers, run by support.",
}


def test_teammates_named_on_a_new_key_result_are_kept(client, org):
    objective = ObjectiveFactory(owner=org.member, period=quarter(2027, 1))
    teammate = UserFactory(team=org.support)
    client.force_login(org.member)
    client.post(
        reverse("key_results:create", args=[objective.pk]), {**FORM, "reporters": [teammate.pk]}
    )
    assert list(KeyResult.objects.get().reporters.all()) == [teammate]


def test_a_named_teammate_may_record_values_once_approved(client, org):
    objective = ObjectiveFactory(owner=org.member, period=quarter(2027, 1))
    key_result = KeyResultFactory(
        objective=objective, owner=org.member, approval_state=KeyResult.ApprovalState.APPROVED
    )
    teammate = UserFactory(team=org.support)
    client.force_login(teammate)
    assert client.get(reverse("progress:record", args=[key_result.pk])).status_code == 403

    client.force_login(org.member)
    client.post(
        reverse("key_results:edit", args=[key_result.pk]), {**FORM, "reporters": [teammate.pk]}
    )
    key_result.refresh_from_db()
    assert key_result.approval_state == KeyResult.ApprovalState.APPROVED  # no numbers changed
    client.force_login(teammate)
    assert client.get(reverse("progress:record", args=[key_result.pk])).status_code == 200


def test_someone_outside_the_objectives_team_cannot_be_named(client, org):
    objective = ObjectiveFactory(owner=org.member, period=quarter(2027, 1))
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:create", args=[objective.pk]), {**FORM, "reporters": [org.outsider.pk]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not KeyResult.objects.exists()
