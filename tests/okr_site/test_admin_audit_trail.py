"""The admin keeps the record: approval is decided only in the app, by the owner's leader;
values come only from measurements, which nobody rewrites or deletes; nor the approval history.
A changed number of an approved key result goes back for approval, as it does in the app."""

from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from progress.models import Update
from progress.services import record_measurement
from tests.factories import KeyResultFactory, ObjectiveFactory
from tests.helpers import admin_form_data


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


def change_url(kr: KeyResult) -> str:
    return reverse("admin:key_results_keyresult_change", args=[kr.pk])


def test_a_superuser_cannot_approve_their_own_key_result_by_editing_it(admin_client, org):
    own = KeyResultFactory(objective=ObjectiveFactory(owner=org.admin), owner=org.admin)
    data = admin_form_data(
        admin_client, change_url(own), approval_state="approved", approver=str(org.admin.pk)
    )

    response = admin_client.post(change_url(own), data)

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.approval_state == KeyResult.ApprovalState.DRAFT
    assert own.approver is None
    assert not ApprovalEvent.objects.exists()
    assert not Update.objects.exists()


def test_approval_and_values_are_shown_but_not_editable(admin_client, kr):
    page = admin_client.get(change_url(kr)).content.decode()

    for field in ("approval_state", "approver", "current_value", "last_measured_on"):
        assert f'name="{field}"' not in page
        assert f'class="form-row field-{field}' in page


def test_the_current_value_cannot_be_overwritten(admin_client, kr):
    data = admin_form_data(admin_client, change_url(kr), current_value="99")

    admin_client.post(change_url(kr), data)

    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.0")


def test_a_changed_target_sends_an_approved_key_result_back_for_approval(admin_client, org, kr):
    data = admin_form_data(admin_client, change_url(kr), target="4.00")

    assert admin_client.post(change_url(kr), data).status_code == 302

    kr.refresh_from_db()
    assert kr.approval_state == KeyResult.ApprovalState.PENDING
    assert kr.approver == org.leader
    event = kr.approval_events.get()
    assert event.kind == ApprovalEvent.Kind.RESUBMITTED
    assert event.actor == org.admin
    assert event.changes == [{"field": "target", "old": "3.50", "new": "4.00"}]


def test_a_corrected_title_goes_back_for_approval_as_in_the_app(admin_client, kr):
    data = admin_form_data(admin_client, change_url(kr), title="Customer satisfaction (survey)")

    admin_client.post(change_url(kr), data)

    kr.refresh_from_db()
    assert kr.title == "Customer satisfaction (survey)"
    assert kr.approval_state == KeyResult.ApprovalState.PENDING
    assert kr.approval_events.get().kind == "resubmitted"


def test_the_kind_of_a_measured_key_result_is_read_only(admin_client, org, kr):
    assert 'name="kind"' in admin_client.get(change_url(kr)).content.decode()
    record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey")

    assert 'name="kind"' not in admin_client.get(change_url(kr)).content.decode()


@pytest.fixture
def measurement(org, kr) -> Update:
    return record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey")


def test_a_measurement_can_be_read_in_the_admin(admin_client, measurement):
    url = reverse("admin:progress_update_change", args=[measurement.pk])

    page = admin_client.get(url).content.decode()

    assert "Survey" in page
    assert 'name="_save"' not in page


@pytest.mark.parametrize("action", ["add", "change", "delete"])
def test_a_measurement_cannot_be_added_changed_or_deleted_in_the_admin(
    admin_client, measurement, action
):
    args = [] if action == "add" else [measurement.pk]
    url = reverse(f"admin:progress_update_{action}", args=args)

    response = admin_client.post(url, {"value_after": "9", "post": "yes"})

    assert response.status_code == 403
    measurement.refresh_from_db()
    assert measurement.value_after == Decimal("3.2")


def test_measurements_cannot_be_deleted_from_the_list(admin_client, measurement):
    url = reverse("admin:progress_update_changelist")

    admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [measurement.pk], "post": "yes"}
    )

    assert Update.objects.filter(pk=measurement.pk).exists()


@pytest.fixture
def decision(org, waiting) -> ApprovalEvent:
    return ApprovalEvent.objects.create(
        key_result=waiting, kind=ApprovalEvent.Kind.APPROVED, actor=org.leader
    )


@pytest.mark.parametrize("action", ["add", "change", "delete"])
def test_an_approval_event_cannot_be_added_changed_or_deleted_in_the_admin(
    admin_client, decision, action
):
    args = [] if action == "add" else [decision.pk]
    url = reverse(f"admin:approvals_approvalevent_{action}", args=args)

    response = admin_client.post(url, {"kind": "changes_requested", "post": "yes"})

    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.kind == ApprovalEvent.Kind.APPROVED


def test_approval_events_cannot_be_deleted_from_the_list(admin_client, decision):
    url = reverse("admin:approvals_approvalevent_changelist")

    admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [decision.pk], "post": "yes"}
    )

    assert ApprovalEvent.objects.filter(pk=decision.pk).exists()


def test_a_key_result_with_a_history_cannot_be_deleted_in_the_admin(
    admin_client, waiting, decision
):
    url = reverse("admin:key_results_keyresult_delete", args=[waiting.pk])

    admin_client.post(url, {"post": "yes"})

    assert KeyResult.objects.filter(pk=waiting.pk).exists()
    assert ApprovalEvent.objects.filter(pk=decision.pk).exists()


def test_a_key_result_added_in_the_admin_is_a_draft_that_starts_at_its_baseline(
    admin_client, org, objective
):
    url = reverse("admin:key_results_keyresult_add")
    data = admin_form_data(
        admin_client,
        url,
        objective=str(objective.pk),
        owner=str(org.member.pk),
        title="Customer satisfaction",
        kind="change",
        baseline="3.0",
        target="3.5",
        deadline="2027-03-31",
        approval_state="approved",
    )

    assert admin_client.post(url, data).status_code == 302

    added = KeyResult.objects.get(title="Customer satisfaction")
    assert added.approval_state == KeyResult.ApprovalState.DRAFT
    assert added.current_value == Decimal("3.0")
