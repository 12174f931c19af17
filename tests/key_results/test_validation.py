import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import ActionFactory, ObjectiveFactory
from tests.helpers import key_result_data, quarter


@pytest.fixture
def objective(org):
    """An active Support objective in 2027 Q1 (1 January - 31 March)."""
    return ObjectiveFactory(owner=org.member, period=quarter(2027, 1))


def post_kr(client, objective, **overrides):
    return client.post(
        reverse("key_results:create", args=[objective.pk]), key_result_data(**overrides)
    )


def test_valid_key_result_is_drafted(client, org, objective):
    client.force_login(org.member)
    response = post_kr(client, objective)
    key_result = KeyResult.objects.get()
    assert response.status_code == 302
    assert response["Location"] == key_result.get_absolute_url()
    assert key_result.owner == org.member
    assert key_result.approval_state == KeyResult.ApprovalState.DRAFT
    assert (key_result.baseline, key_result.target) == (Decimal("3.0"), Decimal("3.5"))
    assert key_result.current_value == Decimal("3.0")


def test_target_equal_to_baseline_is_refused(client, org, objective):
    client.force_login(org.member)
    response = post_kr(client, objective, baseline="3.5", target="3.50")
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == [
        "The target must differ from the baseline."
    ]
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("target", ["0", "-3"])
def test_count_needs_a_target_above_zero(client, org, objective, target):
    client.force_login(org.member)
    response = post_kr(client, objective, kind="count", baseline="", target=target)
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == ["A count needs a target above zero."]
    assert not KeyResult.objects.exists()


def test_count_starts_at_zero_whatever_baseline_is_typed(client, org, objective):
    client.force_login(org.member)
    post_kr(client, objective, kind="count", unit="comments", baseline="4", target="5")
    key_result = KeyResult.objects.get()
    assert key_result.baseline == 0
    assert key_result.current_value == 0
    assert key_result.target == 5


@pytest.mark.parametrize("field", ["baseline", "target"])
@pytest.mark.parametrize("text", ["three", "NaN", "Infinity", "3.5 points and more 2"])
def test_text_in_a_number_field_asks_for_a_number(client, org, objective, field, text):
    client.force_login(org.member)
    response = post_kr(client, objective, **{field: text})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Write a number like 3.5 or 1,500.5."]
    assert "Write a number like 3.5 or 1,500.5." in response.content.decode()
    assert not KeyResult.objects.exists()


def test_a_number_too_large_to_store_is_a_form_error(client, org, objective):
    client.force_login(org.member)
    response = post_kr(client, objective, target="12345678901234567890")
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("deadline", ["2026-12-31", "2027-04-01"])
def test_deadline_outside_the_objectives_period_names_the_period(client, org, objective, deadline):
    client.force_login(org.member)
    response = post_kr(client, objective, deadline=deadline)
    assert response.status_code == 200
    [error] = response.context["form"].errors["deadline"]
    assert "2027 Q1" in error
    assert "1 Jan 2027" in error
    assert "31 Mar 2027" in error
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize("deadline", ["2027-02-15", "2027-03-31"])
def test_deadline_from_today_to_the_last_day_of_the_period_is_accepted(
    client, org, objective, deadline
):
    client.force_login(org.member)
    assert post_kr(client, objective, deadline=deadline).status_code == 302
    assert KeyResult.objects.get().deadline == datetime.date.fromisoformat(deadline)


def test_key_result_measures_an_action_of_its_objective(client, org, objective):
    action = ActionFactory(objective=objective)
    client.force_login(org.member)
    assert post_kr(client, objective, action=action.pk).status_code == 302
    assert KeyResult.objects.get().action == action


def test_action_of_another_objective_is_refused(client, org, objective):
    other_action = ActionFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    response = post_kr(client, objective, action=other_action.pk)
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
    assert not KeyResult.objects.exists()


def test_editing_with_an_action_of_another_objective_is_refused(client, org, objective):
    key_result = KeyResult.objects.create(
        objective=objective,
        owner=org.member,
        title="Customer satisfaction",
        baseline=Decimal(3),
        target=Decimal(4),
        current_value=Decimal(3),
        deadline=datetime.date(2027, 3, 31),
    )
    other_action = ActionFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:edit", args=[key_result.pk]), key_result_data(action=other_action.pk)
    )
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
    key_result.refresh_from_db()
    assert key_result.action is None


def test_new_key_result_form_suggests_the_end_of_the_period_as_deadline(client, org, objective):
    client.force_login(org.member)
    response = client.get(reverse("key_results:create", args=[objective.pk]))
    assert 'value="2027-03-31"' in response.content.decode()


def test_very_long_key_result_title_gets_a_form_error(client, org, objective):
    client.force_login(org.member)
    response = post_kr(client, objective, title="Customer satisfaction " * 500)
    assert response.status_code == 200
    assert "at most 200 characters" in response.context["form"].errors["title"][0]
    assert not KeyResult.objects.exists()
