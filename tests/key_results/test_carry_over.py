"""Carrying an unfinished key result (or a whole objective) into a later period: a new one,
linked to the old, starting where the old one stands and sent for approval again."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from approvals.models import ApprovalEvent
from approvals.services import approve
from key_results.models import KeyResult
from key_results.services import carry_over, carry_over_objective
from objectives.models import Action, Objective
from progress.models import Notification
from progress.services import log_event, record_measurement
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory
from tests.helpers import HTMX, quarter, queries_to_get


def measured(kr, value: str, by) -> KeyResult:
    record_measurement(key_result=kr, by=by, value=Decimal(value), text="Survey is in.")
    kr.refresh_from_db()
    return kr


def test_a_key_result_carried_over_starts_where_the_old_one_stands_and_waits_for_the_leader(
    org, kr
):
    kr = measured(kr, "3.2", org.member)
    new = carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    assert new.continues == kr
    assert (new.baseline, new.current_value, new.target) == (
        Decimal("3.2"),
        Decimal("3.2"),
        Decimal("3.5"),
    )
    assert new.deadline == datetime.date(2027, 6, 30)  # the end stays the end
    assert new.objective.period == quarter(2027, 2)
    assert new.objective.continues == kr.objective
    assert new.approval_state == KeyResult.ApprovalState.PENDING
    assert new.approver == org.leader
    assert not new.has_measurements()
    event = new.approval_events.get()
    assert (event.kind, event.actor, event.approver) == (
        ApprovalEvent.Kind.CARRIED_OVER,
        org.member,
        org.leader,
    )
    assert Notification.objects.filter(
        person=org.leader, kind=Notification.Kind.APPROVAL_REQUEST, key_result=new
    ).exists()
    kr.refresh_from_db()
    assert kr.is_approved and kr.current_value == Decimal("3.2")  # the old one stays as it was


def test_the_leader_approves_the_carried_key_result_and_it_is_measured_in_the_new_period(org, kr):
    kr = measured(kr, "3.2", org.member)
    new = carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    approve(key_result=new, by=org.leader)
    new.refresh_from_db()
    assert new.is_approved and new.can_record(org.member)


def test_a_deadline_before_the_end_keeps_its_place_in_the_new_period(org, objective):
    early = KeyResultFactory(
        objective=objective,
        deadline=datetime.date(2027, 2, 14),
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    new = carry_over(key_result=early, by=org.member, period=quarter(2027, 2))
    assert new.deadline == datetime.date(2027, 5, 15)  # 44 days after the start, both times


def test_a_count_carried_over_counts_what_is_left_from_zero(org, count_kr):
    log_event(key_result=count_kr, by=org.member, text="Praised", events=4)
    count_kr.refresh_from_db()
    new = carry_over(key_result=count_kr, by=org.member, period=quarter(2027, 2))
    assert (new.baseline, new.current_value, new.target) == (Decimal(0), Decimal(0), Decimal(6))


def test_two_key_results_of_one_objective_land_under_one_continued_objective(org, kr, waiting):
    first = carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    second = carry_over(key_result=waiting, by=org.member, period=quarter(2027, 2))
    assert first.objective == second.objective
    assert Objective.objects.filter(continues=kr.objective).count() == 1
    assert first.objective.status == Objective.Status.ACTIVE


def test_carrying_into_a_past_period_is_refused_and_saves_nothing(org, kr):
    with pytest.raises(ValidationError) as refused:
        carry_over(key_result=kr, by=org.member, period=quarter(2026, 3))
    assert "into a period after 2027 Q1" in str(refused.value)
    past_after = quarter(2026, 4)
    with pytest.raises(ValidationError):
        carry_over(key_result=kr, by=org.member, period=past_after)
    assert KeyResult.objects.count() == 1
    assert Objective.objects.count() == 1


def test_carrying_into_a_period_that_is_over_says_so(org):
    last_summer = ObjectiveFactory(owner=org.member, period=quarter(2026, 3))
    old = KeyResultFactory(objective=last_summer, approval_state=KeyResult.ApprovalState.APPROVED)
    with pytest.raises(ValidationError) as refused:
        carry_over(key_result=old, by=org.member, period=quarter(2026, 4))
    assert "2026 Q4 is over" in str(refused.value)
    assert not KeyResult.objects.filter(continues=old).exists()
    assert carry_over(key_result=old, by=org.member, period=quarter(2027, 1)).continues == old


def test_carrying_twice_is_refused_with_a_clear_message(org, kr):
    carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    with pytest.raises(ValidationError) as refused:
        carry_over(key_result=kr, by=org.member, period=quarter(2027, 3))
    assert "already carried over into 2027 Q2" in str(refused.value)
    assert KeyResult.objects.filter(continues=kr).count() == 1


def test_a_finished_key_result_is_not_carried_over(org, kr):
    kr = measured(kr, "3.5", org.member)
    assert not kr.can_carry_over(org.member)
    with pytest.raises(ValidationError) as refused:
        carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    assert "target is reached" in str(refused.value)


def test_only_its_editors_carry_a_key_result_over(org, kr):
    with pytest.raises(PermissionDenied):
        carry_over(key_result=kr, by=org.outsider, period=quarter(2027, 2))
    assert not KeyResult.objects.filter(continues=kr).exists()


def test_carrying_over_from_the_page_links_both_ways(client, org, kr):
    kr = measured(kr, "3.2", org.member)
    client.force_login(org.member)
    page = client.get(reverse("key_results:carry_over", args=[kr.pk]))
    assert page.status_code == 200
    assert b"2027 Q2" in page.content
    response = client.post(
        reverse("key_results:carry_over", args=[kr.pk]), {"period": quarter(2027, 2).pk}
    )
    new = KeyResult.objects.get(continues=kr)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    new_page = client.get(new.get_absolute_url()).content.decode()
    assert f'href="{kr.get_absolute_url()}"' in new_page and "Continued from" in new_page
    assert f"{kr.get_absolute_url()}#history" in new_page  # its measurements, a click away
    old_page = client.get(kr.get_absolute_url()).content.decode()
    assert f'href="{new.get_absolute_url()}"' in old_page and "Continued in" in old_page
    assert reverse("key_results:carry_over", args=[kr.pk]) not in old_page  # once is enough
    objective_page = client.get(kr.objective.get_absolute_url()).content.decode()
    assert new.objective.get_absolute_url() in objective_page


def test_the_carry_over_step_comes_as_a_fragment_for_htmx(client, org, kr):
    client.force_login(org.member)
    response = client.get(reverse("key_results:carry_over", args=[kr.pk]), headers=HTMX)
    assert b'id="confirm"' in response.content
    assert b"<html" not in response.content


def test_a_refused_carry_over_says_why_in_danish_and_saves_nothing(client, org, kr):
    client.force_login(org.member)
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    response = client.post(
        reverse("key_results:carry_over", args=[kr.pk]), {"period": quarter(2027, 2).pk}
    )
    assert response.status_code == 200
    assert "allerede videreført" in response.content.decode()
    assert KeyResult.objects.filter(continues=kr).count() == 1


def test_a_past_period_posted_to_the_page_is_refused(client, org, kr):
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:carry_over", args=[kr.pk]), {"period": quarter(2026, 4).pk}
    )
    assert response.status_code == 200
    assert "period after 2027 Q1" in response.content.decode()
    assert not KeyResult.objects.filter(continues=kr).exists()


def test_an_objective_carries_its_open_actions_and_unfinished_key_results(org, objective, kr):
    open_action = ActionFactory(objective=objective, status=Action.Status.IN_PROGRESS)
    done = ActionFactory(objective=objective)
    done.change_status(Action.Status.DONE)
    measuring = KeyResultFactory(
        objective=objective, action=open_action, approval_state=KeyResult.ApprovalState.APPROVED
    )
    finished = measured(
        KeyResultFactory(objective=objective, approval_state=KeyResult.ApprovalState.APPROVED),
        "3.5",
        org.member,
    )
    draft = KeyResultFactory(objective=objective)
    continued = carry_over_objective(objective=objective, by=org.member, period=quarter(2027, 2))
    assert continued.continues == objective and continued.period == quarter(2027, 2)
    assert [a.continues for a in continued.actions.all()] == [open_action]
    carried = {k.continues: k for k in continued.key_results.all()}
    assert set(carried) == {kr, measuring, draft}
    assert finished not in carried
    assert carried[measuring].action.continues == open_action
    assert carried[kr].is_pending and carried[draft].approval_state == "draft"
    with pytest.raises(ValidationError) as refused:
        carry_over_objective(objective=objective, by=org.member, period=quarter(2027, 2))
    assert "already carried over into 2027 Q2" in str(refused.value)


def test_a_key_result_added_later_follows_its_objective_into_its_continuation(org, objective, kr):
    carry_over_objective(objective=objective, by=org.member, period=quarter(2027, 2))
    late = KeyResultFactory(objective=objective, approval_state=KeyResult.ApprovalState.APPROVED)
    continued = carry_over_objective(objective=objective, by=org.member, period=quarter(2027, 2))
    assert continued.key_results.filter(continues=late).exists()
    with pytest.raises(ValidationError) as refused:
        carry_over(key_result=late, by=org.member, period=quarter(2027, 3))
    assert "already" in str(refused.value)


def test_an_objective_continued_in_one_period_takes_its_key_results_there_only(org, kr, waiting):
    carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    with pytest.raises(ValidationError) as refused:
        carry_over(key_result=waiting, by=org.member, period=quarter(2027, 3))
    assert "already continues in 2027 Q2" in str(refused.value)


def test_a_draft_objective_is_moved_not_carried(client, org, objective):
    Objective.objects.filter(pk=objective.pk).update(status=Objective.Status.DRAFT)
    client.force_login(org.member)
    url = reverse("key_results:carry_over_objective", args=[objective.pk])
    assert client.get(url).status_code == 403


def test_carrying_an_objective_from_its_page(client, org, objective, kr):
    client.force_login(org.member)
    page = client.get(objective.get_absolute_url()).content.decode()
    url = reverse("key_results:carry_over_objective", args=[objective.pk])
    assert url in page
    response = client.post(url, {"period": quarter(2027, 2).pk})
    continued = Objective.objects.get(continues=objective)
    assert response["Location"] == continued.get_absolute_url()
    page = client.get(continued.get_absolute_url()).content.decode()
    assert "Continued from" in page and objective.get_absolute_url() in page


def test_the_leader_sees_where_a_carried_key_result_comes_from_in_the_inbox(
    client, org, objective, kr, waiting
):
    carried = [
        carry_over(key_result=k, by=org.member, period=quarter(2027, 2)) for k in (kr, waiting)
    ]
    client.force_login(org.leader)
    few, response = queries_to_get(client, reverse("approvals:inbox"))
    inbox = response.content.decode()
    for old, new in zip((kr, waiting), carried, strict=True):
        row = inbox[inbox.index(f'id="decision-{new.pk}"') :]
        assert f'Continued from <a href="{old.get_absolute_url()}">' in row
    for _ in range(3):
        older = KeyResultFactory(objective=objective, approval_state="approved")
        carry_over(key_result=older, by=org.member, period=quarter(2027, 2))
    many, _response = queries_to_get(client, reverse("approvals:inbox"))
    assert many == few  # where each comes from is fetched with the list


def test_the_objective_page_says_where_each_key_result_continues(client, org, objective, kr):
    new = carry_over(key_result=kr, by=org.member, period=quarter(2027, 2))
    client.force_login(org.outsider)
    old_page = client.get(objective.get_absolute_url()).content.decode()
    assert f'Continued in <a href="{new.get_absolute_url()}">' in old_page
    new_page = client.get(new.objective.get_absolute_url()).content.decode()
    assert f'Continued from <a href="{kr.get_absolute_url()}">' in new_page
