"""Only the owner of an approved key result, or someone they named, records values on it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from progress.models import Update
from tests.factories import UserFactory
from tests.helpers import measurement_data

State = KeyResult.ApprovalState


def record_url(kr):
    return reverse("progress:record", args=[kr.pk])


def test_owner_sees_the_measurement_form(client, org, kr):
    client.force_login(org.member)
    response = client.get(record_url(kr))
    assert response.status_code == 200
    assert "Record a measurement" in response.content.decode()


def test_teammate_the_owner_named_records_a_value(client, org, kr):
    teammate = UserFactory(username="teammate", team=org.support)
    kr.reporters.add(teammate)
    client.force_login(teammate)
    response = client.post(record_url(kr), measurement_data("3.3"))
    assert response.status_code == 302
    assert Update.objects.get().author == teammate
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.3")


def test_person_from_another_team_the_owner_named_records_a_value(client, org, kr):
    kr.reporters.add(org.outsider)
    client.force_login(org.outsider)
    response = client.post(record_url(kr), measurement_data("3.3"))
    assert response.status_code == 302
    update = Update.objects.get()
    assert update.author == org.outsider
    assert response["Location"] == kr.get_absolute_url()
    assert "Recorded and shared in the feed." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_teammate_not_named_gets_403(client, org, kr, method):
    teammate = UserFactory(username="teammate", team=org.support)
    client.force_login(teammate)
    response = getattr(client, method)(record_url(kr), measurement_data())
    assert response.status_code == 403
    assert not Update.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_leader_who_can_read_but_does_not_own_gets_403(client, org, kr, method):
    client.force_login(org.leader)
    response = getattr(client, method)(record_url(kr), measurement_data())
    assert response.status_code == 403
    assert not Update.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_from_another_team_not_named_gets_403(client, org, kr, method):
    client.force_login(org.outsider)
    response = getattr(client, method)(record_url(kr), measurement_data())
    assert response.status_code == 403
    assert not Update.objects.exists()


@pytest.mark.parametrize("state", [State.DRAFT, State.PENDING, State.CHANGES_REQUESTED])
def test_owner_cannot_record_before_the_key_result_is_approved(client, org, kr, state):
    KeyResult.objects.filter(pk=kr.pk).update(approval_state=state)
    client.force_login(org.member)
    assert client.get(record_url(kr)).status_code == 403
    assert client.post(record_url(kr), measurement_data()).status_code == 403
    assert not Update.objects.exists()


def test_key_result_page_offers_recording_only_to_those_who_may(client, org, kr):
    client.force_login(org.member)
    assert record_url(kr) in client.get(kr.get_absolute_url()).content.decode()
    client.force_login(org.leader)
    assert record_url(kr) not in client.get(kr.get_absolute_url()).content.decode()
