"""Two edits of one key result at the same moment: the second builds on the first."""

from decimal import Decimal

import pytest

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from key_results.services import save_key_result
from tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def with_target(key_result: KeyResult, target: str) -> KeyResult:
    edited = KeyResult.objects.get(pk=key_result.pk)
    edited.target = Decimal(target)
    return edited


def test_two_edits_at_once_make_two_versions_each_named_from_the_one_before(org, kr):
    first, second = with_target(kr, "4"), with_target(kr, "5")
    race(
        lambda: save_key_result(key_result=first, by=org.member),
        lambda: save_key_result(key_result=second, by=org.leader),
        hold=kr,
    )
    kr.refresh_from_db()
    assert kr.version == 3
    steps = [
        (change["old"], change["new"])
        for event in ApprovalEvent.objects.order_by("created_at", "id")
        for change in event.changes
    ]
    assert len(steps) == 2
    assert steps[0][1] == steps[1][0]  # the second edit starts where the first ended
    assert kr.target == Decimal(steps[1][1])
