"""Each rule holds however a write arrives: the services refuse what the forms refuse.

The forms' side of each rule is tested beside its view (key_results/test_validation.py,
progress/test_measurements.py, approvals/test_who_may_decide.py, progress/test_notes.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from approvals import services as approvals
from key_results.models import KeyResult
from key_results.services import save_key_result
from progress import services as progress
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory
from tests.helpers import TODAY


def draft(objective, **fields) -> KeyResult:
    values = {
        "objective": objective,
        "owner": objective.owner,
        "title": "Customer satisfaction",
        "kind": KeyResult.Kind.CHANGE,
        "baseline": Decimal("3.0"),
        "target": Decimal("3.5"),
        "deadline": objective.period.end,
        "measurement_plan": "Monthly survey.",
        **fields,
    }
    return KeyResult(**values)


def test_a_count_starts_at_zero_whatever_the_caller_sends(org, objective):
    saved = save_key_result(
        key_result=draft(objective, kind=KeyResult.Kind.COUNT, baseline=Decimal(5), target=10),
        by=org.member,
    )
    assert (saved.baseline, saved.current_value) == (0, 0)


def test_a_count_needs_a_target_above_zero(org, objective):
    with pytest.raises(ValidationError) as refused:
        save_key_result(
            key_result=draft(objective, kind=KeyResult.Kind.COUNT, target=Decimal(0)),
            by=org.member,
        )
    assert "target" in refused.value.message_dict


def test_a_change_needs_a_baseline(org, objective):
    with pytest.raises(ValidationError) as refused:
        save_key_result(key_result=draft(objective, baseline=None), by=org.member)
    assert "baseline" in refused.value.message_dict


def test_a_deadline_outside_the_period_is_refused(org, objective):
    with pytest.raises(ValidationError) as refused:
        save_key_result(
            key_result=draft(objective, deadline=objective.period.end + datetime.timedelta(1)),
            by=org.member,
        )
    assert "deadline" in refused.value.message_dict


def test_a_key_result_measures_an_action_of_its_own_objective(org, objective):
    elsewhere = ActionFactory(objective=ObjectiveFactory(owner=org.member))
    with pytest.raises(ValidationError) as refused:
        save_key_result(key_result=draft(objective, action=elsewhere), by=org.member)
    assert "action" in refused.value.message_dict


def test_it_is_sent_for_approval_only_with_a_measurement_plan(org, objective):
    unplanned = KeyResultFactory(objective=objective, measurement_plan="")
    with pytest.raises(ValidationError) as refused:
        approvals.submit_for_approval(key_result=unplanned, by=org.member)
    assert "measurement_plan" in refused.value.message_dict
    unplanned.refresh_from_db()
    assert unplanned.is_being_written


@pytest.mark.parametrize("comment", ["", "   "])
def test_asking_for_changes_needs_a_comment(org, waiting, comment):
    with pytest.raises(ValidationError) as refused:
        approvals.request_changes(key_result=waiting, by=org.leader, comment=comment)
    assert "comment" in refused.value.message_dict
    waiting.refresh_from_db()
    assert waiting.is_pending
    assert not waiting.approval_events.exists()


def test_a_measurement_is_not_dated_in_the_future(org, kr):
    with pytest.raises(ValidationError) as refused:
        progress.record_measurement(
            key_result=kr,
            by=org.member,
            value=Decimal("3.3"),
            text="Survey",
            happened_on=TODAY + datetime.timedelta(days=1),
        )
    assert "happened_on" in refused.value.message_dict
    assert not kr.updates.exists()


def test_an_event_is_not_dated_in_the_future(org, count_kr):
    with pytest.raises(ValidationError):
        progress.log_event(
            key_result=count_kr,
            by=org.member,
            text="Praise",
            happened_on=TODAY + datetime.timedelta(days=1),
        )
    assert not count_kr.updates.exists()


@pytest.mark.parametrize("events", [0, -3])
def test_an_event_counts_at_least_one(org, count_kr, events):
    with pytest.raises(ValidationError):
        progress.log_event(key_result=count_kr, by=org.member, text="Praise", events=events)


def test_a_note_is_about_an_action_of_its_own_objective(org, objective):
    elsewhere = ActionFactory(objective=ObjectiveFactory(owner=org.member))
    with pytest.raises(ValidationError) as refused:
        progress.share_update(objective=objective, by=org.member, text="Tried", action=elsewhere)
    assert "action" in refused.value.message_dict


@pytest.mark.parametrize("kind", ["approval", "action_done", "nonsense"])
def test_people_share_only_progress_or_setbacks(org, objective, kind):
    with pytest.raises(ValidationError):
        progress.share_update(objective=objective, by=org.member, text="Tried", kind=kind)
