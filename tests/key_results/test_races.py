"""Two edits of one key result at the same moment: the second builds on the first; two carries
over at once carry it once."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from key_results.services import (
    carry_over,
    carry_over_objective,
    drop_key_result,
    save_key_result,
)
from objectives.models import Objective
from objectives.services import save_objective
from tests.concurrency import behind, race
from tests.factories import KeyResultFactory
from tests.helpers import quarter

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


def test_a_key_result_and_its_objective_carried_over_at_once_make_one_continuation(
    org, objective, kr, waiting
):
    """Both make the objective's continuation if none is there: the second waits for the first
    and carries into the same one what the first did not carry already."""
    next_quarter = quarter(2027, 2)
    results = race(
        lambda: carry_over(key_result=kr, by=org.member, period=next_quarter),
        lambda: carry_over_objective(objective=objective, by=org.member, period=next_quarter),
        hold=objective,
    )
    # Whichever came second carried what was left, or said that it was carried already.
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, ValidationError) and "already" in str(e) for e in errors), results
    continued = Objective.objects.get(continues=objective)
    assert sorted(k.continues_id for k in continued.key_results.all()) == [kr.pk, waiting.pk]


def test_the_same_key_result_carried_over_twice_at_once_is_carried_once(org, objective, kr):
    next_quarter = quarter(2027, 2)
    results = race(
        lambda: carry_over(key_result=kr, by=org.member, period=next_quarter),
        lambda: carry_over(key_result=kr, by=org.leader, period=next_quarter),
        hold=objective,
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "already carried over into 2027 Q2" in str(refused[0])
    assert KeyResult.objects.filter(continues=kr).count() == 1


def test_the_same_key_result_dropped_twice_at_once_is_dropped_once(org, kr):
    results = race(
        lambda: drop_key_result(key_result=kr, by=org.member, reason="The survey stopped."),
        lambda: drop_key_result(key_result=kr, by=org.leader, reason="It measured nothing."),
        hold=kr,
    )
    assert len([r for r in results if isinstance(r, PermissionDenied)]) == 1, results
    assert kr.approval_events.count() == 1


def test_a_move_and_an_edit_at_once_each_name_only_their_own_change(org, objective, kr):
    edited = KeyResult.objects.get(pk=kr.pk)
    edited.title = "Customer happiness"
    moving = Objective.objects.get(pk=objective.pk)
    moving.period = quarter(2027, 2)
    results = race(
        lambda: save_key_result(key_result=edited, by=org.member, fields=["title"]),
        behind(1, lambda: save_objective(objective=moving, by=org.member)),
        hold=kr,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    kr.refresh_from_db()
    assert (kr.title, kr.deadline) == ("Customer happiness", datetime.date(2027, 6, 30))
    named = sorted(c["field"] for e in kr.approval_events.all() for c in e.changes)
    assert named == ["deadline", "title"]  # the move did not undo or re-tell the edit


def test_two_moves_at_once_keep_each_deadline_in_its_place(org, objective):
    early = KeyResultFactory(objective=objective, deadline=datetime.date(2027, 2, 14))
    to_q2, to_q3 = Objective.objects.get(pk=objective.pk), Objective.objects.get(pk=objective.pk)
    to_q2.period, to_q3.period = quarter(2027, 2), quarter(2027, 3)
    results = race(
        lambda: save_objective(objective=to_q2, by=org.member),
        lambda: save_objective(objective=to_q3, by=org.member),
        hold=objective,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    objective.refresh_from_db()
    early.refresh_from_db()
    # 44 days after the start of whichever quarter it ended up in.
    assert early.deadline == objective.period.start + datetime.timedelta(days=44)
