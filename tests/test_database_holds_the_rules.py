"""The database refuses what the product's rules forbid, whoever writes: a script, the shell, a
bug that skips the forms and services (check constraints, PROTECT and PostgreSQL triggers)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from approvals.models import ApprovalEvent
from approvals.services import approve
from key_results.models import KeyResult
from objectives.models import Objective, Period
from organisation.models import Team
from progress import services
from progress.models import Update
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, TeamFactory
from tests.helpers import TODAY, quarter


def refused(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@pytest.mark.parametrize(
    ("field", "value"),
    [("approval_state", "maybe"), ("kind", "vibes")],
    ids=["approval-state", "kind"],
)
def test_an_unknown_state_or_kind_is_refused(kr, field, value):
    refused(lambda: KeyResult.objects.filter(pk=kr.pk).update(**{field: value}))


@pytest.mark.parametrize("status", ["deleted", ""])
def test_an_unknown_objective_status_is_refused(objective, status):
    refused(lambda: Objective.objects.filter(pk=objective.pk).update(status=status))


@pytest.mark.parametrize(
    "kind", [ApprovalEvent.Kind.APPROVED, ApprovalEvent.Kind.CHANGES_REQUESTED]
)
def test_nobody_decides_on_their_own_key_result(org, waiting, kind):
    refused(
        lambda: ApprovalEvent.objects.create(
            key_result=waiting, kind=kind, actor=org.member, comment="Fine by me"
        )
    )
    ApprovalEvent.objects.create(key_result=waiting, kind=kind, actor=org.leader, comment="Ok")


def test_a_deadline_outside_the_objectives_period_is_refused(kr):
    refused(lambda: KeyResult.objects.filter(pk=kr.pk).update(deadline=datetime.date(2027, 4, 1)))


def test_a_key_result_measures_only_an_action_of_its_own_objective(org, kr):
    elsewhere = ActionFactory(objective=ObjectiveFactory(owner=org.member))
    refused(lambda: KeyResult.objects.filter(pk=kr.pk).update(action=elsewhere))


def test_a_measured_key_result_keeps_its_kind(org, kr):
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Up")
    refused(
        lambda: KeyResult.objects.filter(pk=kr.pk).update(
            kind=KeyResult.Kind.COUNT, baseline=0, target=5
        )
    )


def entry(key_result, **fields) -> Update:
    values = {
        "author": key_result.owner,
        "objective": key_result.objective,
        "team_id": key_result.objective.team_id,
        "key_result": key_result,
        "value_after": Decimal("3.3"),
        "happened_on": TODAY,
        "text": "Survey",
        **fields,
    }
    return Update.objects.create(**values)


def test_a_draft_key_result_takes_no_measurement(objective):
    draft = KeyResultFactory(objective=objective)
    refused(lambda: entry(draft))


def test_an_update_is_not_dated_in_the_future(kr):
    refused(lambda: entry(kr, happened_on=TODAY + datetime.timedelta(days=10)))
    entry(kr, happened_on=TODAY)


def test_an_update_is_about_its_own_objectives_action_and_key_result(org, kr):
    other = ObjectiveFactory(owner=org.member)
    refused(lambda: entry(kr, action=ActionFactory(objective=other)))
    refused(lambda: entry(kr, objective=other, team_id=other.team_id))


def test_an_event_counts_at_least_one(count_kr):
    refused(lambda: entry(count_kr, value_after=Decimal(0), events=0))


def test_an_objective_is_never_part_of_itself_however_far_up(org):
    top = ObjectiveFactory(owner=org.member)
    middle = ObjectiveFactory(owner=org.member, parent=top)
    bottom = ObjectiveFactory(owner=org.member, parent=middle)
    refused(lambda: Objective.objects.filter(pk=top.pk).update(parent=bottom))


def test_a_team_is_never_below_itself(org):
    below = TeamFactory(parent=org.support)
    refused(lambda: Team.objects.filter(pk=org.company.pk).update(parent=below))
    org.company.parent = below
    with pytest.raises(ValidationError, match="cannot be below itself"):
        org.company.full_clean()


def test_periods_do_not_overlap(db):
    q1 = quarter(2027, 1)
    overlapping = Period(
        name="Spring", start=datetime.date(2027, 3, 1), end=datetime.date(2027, 5, 31)
    )
    with pytest.raises(ValidationError, match="It overlaps 2027 Q1"):
        overlapping.full_clean()
    refused(overlapping.save)
    assert Period.objects.get(start__lte=TODAY, end__gte=TODAY) == q1


def test_a_quarter_made_next_to_a_period_someone_set_up_stops_short_of_it(db):
    Period.objects.create(
        name="Spring push", start=datetime.date(2027, 2, 1), end=datetime.date(2027, 3, 31)
    )
    january = Period.objects.containing(datetime.date(2027, 1, 10))
    assert (january.start, january.end) == (datetime.date(2027, 1, 1), datetime.date(2027, 1, 31))


def test_history_is_never_deleted_with_what_it_is_about(org, kr, waiting):
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Up")
    approve(key_result=waiting, by=org.leader)
    for keeper in (kr, waiting, kr.objective):
        with pytest.raises(ProtectedError), transaction.atomic():
            keeper.delete()
    assert Update.objects.count() == 2
    assert ApprovalEvent.objects.count() == 1


def test_a_key_result_is_dropped_with_a_reason_and_only_dropped_has_one(kr):
    refused(lambda: KeyResult.objects.filter(pk=kr.pk).update(approval_state="dropped"))
    refused(lambda: KeyResult.objects.filter(pk=kr.pk).update(drop_reason="Why not"))
    KeyResult.objects.filter(pk=kr.pk).update(approval_state="dropped", drop_reason="Stopped")


def test_a_drop_in_the_history_says_why(org, kr):
    refused(
        lambda: ApprovalEvent.objects.create(
            key_result=kr, kind=ApprovalEvent.Kind.DROPPED, actor=org.member
        )
    )


def test_one_continuation_each_and_the_old_one_stays_while_continued(org, objective, kr):
    later = ObjectiveFactory(owner=org.member, period=quarter(2027, 2), continues=objective)
    refused(
        lambda: ObjectiveFactory(owner=org.member, period=quarter(2027, 3), continues=objective)
    )
    KeyResultFactory(objective=later, continues=kr)
    refused(lambda: KeyResultFactory(objective=later, continues=kr))
    action = ActionFactory(objective=objective)
    ActionFactory(objective=later, continues=action)
    refused(lambda: ActionFactory(objective=later, continues=action))
    for keeper in (kr, action):
        with pytest.raises(ProtectedError), transaction.atomic():
            keeper.delete()


def test_an_objective_is_not_moved_without_its_key_results_deadlines(objective, kr):
    def move_alone():
        Objective.objects.filter(pk=objective.pk).update(period=quarter(2027, 2))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as at commit

    refused(move_alone)
    with transaction.atomic():
        Objective.objects.filter(pk=objective.pk).update(period=quarter(2027, 2))
        KeyResult.objects.filter(pk=kr.pk).update(deadline=datetime.date(2027, 6, 30))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
