import datetime
from decimal import Decimal

import pytest

from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory

# Every test runs on 15 February 2027 (Copenhagen), so "today" and "the future" are fixed.
TODAY = datetime.date(2027, 2, 15)
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    # Mid-quarter, so "the current period" is 2027 Q1 whatever day the suite runs.
    time_machine.move_to(datetime.datetime(2027, 2, 15, 10, 0, tzinfo=datetime.UTC), tick=True)


@pytest.fixture
def objective(org):
    """Member's active Support objective."""
    return ObjectiveFactory(owner=org.member, title="Happier customers")


@pytest.fixture
def kr(org, objective):
    """Member's approved key result: satisfaction from 3.0 to 3.5 points."""
    return KeyResultFactory(
        objective=objective,
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )


@pytest.fixture
def count_kr(org, objective):
    """Member's approved count: ten unsolicited positive comments."""
    return KeyResultFactory(
        objective=objective,
        title="Unsolicited positive comments",
        kind=KeyResult.Kind.COUNT,
        unit="comments",
        baseline=Decimal(0),
        target=Decimal(10),
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )
