"""An objective moved to another period takes its key results' deadlines along, so nothing of
it is left that cannot be edited."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.urls import reverse

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from key_results.services import drop_key_result
from objectives.admin import ObjectiveAdmin
from objectives.models import Objective
from objectives.services import save_objective
from progress.services import record_measurement
from tests.factories import KeyResultFactory
from tests.helpers import key_result_data, objective_data, quarter


def move(client, objective, period):
    return client.post(
        reverse("objectives:edit", args=[objective.pk]),
        objective_data(title=objective.title, team=objective.team_id, period=period.pk),
    )


def test_moving_an_objective_moves_its_key_results_deadlines_to_the_same_place(
    client, org, objective, kr
):
    early = KeyResultFactory(objective=objective, deadline=datetime.date(2027, 2, 14))
    client.force_login(org.member)
    response = move(client, objective, quarter(2027, 2))
    assert response.status_code == 302
    kr.refresh_from_db()
    early.refresh_from_db()
    assert kr.deadline == datetime.date(2027, 6, 30)  # the end stays the end
    assert early.deadline == datetime.date(2027, 5, 15)  # 44 days after the start
    assert early.approval_state == KeyResult.ApprovalState.DRAFT  # a draft stays a draft


def test_an_approved_key_result_moved_goes_back_to_the_leader_with_the_change_named(
    client, org, objective, kr
):
    record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey.")
    client.force_login(org.member)
    move(client, objective, quarter(2027, 2))
    kr.refresh_from_db()
    assert kr.is_pending and kr.approver == org.leader
    event = kr.approval_events.get(kind=ApprovalEvent.Kind.RESUBMITTED)
    assert event.changes == [{"field": "deadline", "old": "2027-03-31", "new": "2027-06-30"}]
    assert kr.current_value == Decimal("3.2")  # what was measured stays


def test_after_a_move_every_key_result_can_still_be_edited_and_saved(
    client, org, objective, kr, count_kr, waiting
):
    draft = KeyResultFactory(objective=objective, deadline=datetime.date(2027, 1, 20))
    sent_back = KeyResultFactory(
        objective=objective, approval_state="changes_requested", measurement_plan=""
    )
    dropped = KeyResultFactory(objective=objective, approval_state="approved")
    drop_key_result(key_result=dropped, by=org.member, reason="The survey was stopped.")
    client.force_login(org.member)
    assert move(client, objective, quarter(2027, 2)).status_code == 302
    for key_result in (kr, count_kr, waiting, draft, sent_back):
        key_result.refresh_from_db()
        assert quarter(2027, 2).contains(key_result.deadline)
        response = client.post(
            reverse("key_results:edit", args=[key_result.pk]),
            key_result_data(
                title=f"{key_result.title} again",
                kind=key_result.kind,
                baseline=str(key_result.baseline),
                target=str(key_result.target),
                deadline=key_result.deadline.isoformat(),
            ),
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        key_result.refresh_from_db()
        assert key_result.title.endswith(" again")
    dropped.refresh_from_db()
    assert quarter(2027, 2).contains(dropped.deadline) and dropped.is_dropped


def test_moving_back_and_forth_brings_the_deadlines_back(client, org, objective, kr):
    client.force_login(org.member)
    move(client, objective, quarter(2027, 2))
    move(client, objective, quarter(2027, 1))
    kr.refresh_from_db()
    assert kr.deadline == datetime.date(2027, 3, 31)


def test_the_form_says_that_key_results_follow(client, org, objective):
    client.force_login(org.member)
    page = client.get(reverse("objectives:edit", args=[objective.pk])).content.decode()
    assert "deadlines move to the same place in that period" in page


def test_an_admin_moving_an_objective_moves_its_key_results_too(rf, org, objective, kr):
    request = rf.post("/")
    request.user = org.admin
    objective.period = quarter(2027, 2)
    ObjectiveAdmin(Objective, admin.site).save_model(request, objective, form=None, change=True)
    kr.refresh_from_db()
    assert kr.deadline == datetime.date(2027, 6, 30) and kr.is_pending


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_move_without_the_deadlines_when_it_commits(org, objective, kr):
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.filter(pk=objective.pk).update(period=quarter(2027, 2))
    objective.refresh_from_db()
    assert objective.period == quarter(2027, 1)
    objective.period = quarter(2027, 2)
    save_objective(objective=objective, by=org.member)  # commits: the deadlines went along
    kr.refresh_from_db()
    assert kr.deadline == datetime.date(2027, 6, 30)


@pytest.mark.parametrize(
    ("day", "source", "target", "moved"),
    [
        ("2027-03-31", (2027, 1), (2027, 2), "2027-06-30"),  # the end stays the end
        ("2027-01-01", (2027, 1), (2027, 2), "2027-04-01"),  # so does the start
        ("2027-02-15", (2027, 1), (2027, 3), "2027-08-15"),  # 45 days in, both times
        ("2027-09-28", (2027, 3), (2028, 1), "2028-03-30"),  # 89 days in, a leap year
        ("2027-09-30", (2027, 3), (2027, 1), "2027-03-31"),  # the end of a longer one
        ("2027-09-29", (2027, 3), (2027, 1), "2027-03-31"),  # clipped to a shorter one
    ],
)
def test_a_day_keeps_its_place_in_another_period(db, day, source, target, moved):
    from_period, to_period = quarter(*source), quarter(*target)
    day = datetime.date.fromisoformat(day)
    assert from_period.same_place_in(to_period, day) == datetime.date.fromisoformat(moved)
