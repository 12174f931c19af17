"""Two decisions on one key result at the same moment: the first counts, the second is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from approvals import services
from approvals.models import ApprovalEvent
from approvals.services import ChangedSinceSeen
from key_results.models import KeyResult
from key_results.services import save_key_result
from tests.concurrency import race
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_leaders_deciding_at_once_leave_one_decision(org, waiting):
    approved, changes = race(
        lambda: services.approve(key_result=waiting, by=org.leader),
        lambda: services.request_changes(key_result=waiting, by=org.admin, comment="Per month?"),
        hold=waiting,
    )
    outcomes = [approved, changes]
    assert sum(isinstance(outcome, PermissionDenied) for outcome in outcomes) == 1
    decisions = ApprovalEvent.objects.filter(kind__in=ApprovalEvent.DECISIONS)
    assert decisions.count() == 1
    waiting.refresh_from_db()
    assert waiting.approval_state == decisions.get().kind


def test_a_decision_racing_an_edit_never_approves_numbers_the_leader_did_not_see(org, waiting):
    """The leader approves what they opened (version 1, target 3.5) while the owner raises the
    target to 300: either the approval lands first and the edit sends it back, or the edit lands
    first and the approval is refused. Never an approved 300."""
    seen = waiting.version
    edited = KeyResult.objects.get(pk=waiting.pk)
    edited.target = Decimal(300)
    approved, saved = race(
        lambda: services.approve(key_result=waiting, by=org.leader, seen_version=seen),
        lambda: save_key_result(key_result=edited, by=org.member),
        hold=waiting,
    )
    waiting.refresh_from_db()
    assert waiting.target == Decimal(300)
    for event in ApprovalEvent.objects.filter(kind=ApprovalEvent.Kind.APPROVED):
        assert event.version == seen
        assert event.values["target"] == "3.50"
    if isinstance(approved, ChangedSinceSeen):
        assert waiting.is_pending and not ApprovalEvent.objects.filter(kind="approved").exists()
    else:
        assert waiting.is_pending  # approved, then sent back by the edit
        assert ApprovalEvent.objects.order_by("-created_at", "-id").first().kind == "resubmitted"


def test_an_edit_of_something_unmeasured_racing_an_approval_keeps_the_approval(org, waiting):
    """Changing only which action it measures, at the moment it is approved: it stays approved
    and its history ends approved (the edit saves only the field it changed)."""
    action = ActionFactory(objective=waiting.objective, owner=org.member)
    edited = KeyResult.objects.get(pk=waiting.pk)
    edited.action = action
    race(
        lambda: save_key_result(key_result=edited, by=org.member),
        lambda: services.approve(key_result=waiting, by=org.leader, seen_version=waiting.version),
        hold=waiting,
    )
    waiting.refresh_from_db()
    assert (waiting.approval_state, waiting.action) == (KeyResult.ApprovalState.APPROVED, action)
    assert ApprovalEvent.objects.order_by("-created_at", "-id").first().kind == "approved"
