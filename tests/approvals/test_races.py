"""Two decisions on one key result at the same moment: the first counts, the second is refused."""

import pytest
from django.core.exceptions import PermissionDenied

from approvals import services
from approvals.models import ApprovalEvent
from tests.concurrency import race

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
