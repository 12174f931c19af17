"""A count key result grows one logged event at a time; its value is the sum of the events."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from progress import services
from progress.models import Update
from tests.factories import UserFactory
from tests.helpers import TODAY, event_data


def log(client, kr, text, **overrides):
    return client.post(reverse("progress:record", args=[kr.pk]), event_data(text, **overrides))


def test_each_event_is_logged_with_who_when_and_what_happened(client, org, count_kr):
    teammate = UserFactory(username="teammate", first_name="Tove", team=org.support)
    count_kr.reporters.add(teammate)
    client.force_login(org.member)
    log(client, count_kr, "Mrs Hansen wrote to thank us.", happened_on="2027-02-10")
    client.force_login(teammate)
    log(client, count_kr, "Praise on the phone for the quick fix.")
    logged = list(
        Update.objects.filter(key_result=count_kr)
        .order_by("id")
        .values_list("author__username", "happened_on", "text", "events")
    )
    assert logged == [
        ("member", datetime.date(2027, 2, 10), "Mrs Hansen wrote to thank us.", 1),
        ("teammate", TODAY, "Praise on the phone for the quick fix.", 1),
    ]
    page = client.get(count_kr.get_absolute_url()).content.decode()
    assert "Logged events" in page
    assert "Mrs Hansen wrote to thank us." in page
    assert "Praise on the phone for the quick fix." in page


def test_count_is_the_sum_of_the_logged_events(client, org, count_kr):
    client.force_login(org.member)
    log(client, count_kr, "A thank-you card.")
    log(client, count_kr, "Two emails from the same shop.", events="2")
    log(client, count_kr, "A five-star review.", happened_on="2027-01-20")
    count_kr.refresh_from_db()
    assert count_kr.current_value == Decimal(4)
    assert "4 / 10 comments" in client.get(count_kr.get_absolute_url()).content.decode()


def test_each_logged_event_moves_the_count_on_from_where_it_was(client, org, count_kr):
    client.force_login(org.member)
    log(client, count_kr, "A thank-you card.")
    log(client, count_kr, "Two emails from the same shop.", events="2")
    second = Update.objects.get(text="Two emails from the same shop.")
    assert (second.value_before, second.value_after) == (Decimal(1), Decimal(3))


def test_logging_zero_events_is_refused(client, org, count_kr):
    client.force_login(org.member)
    response = log(client, count_kr, "Nothing, really.", events="0")
    assert response.status_code == 200
    assert "events" in response.context["form"].errors
    assert not Update.objects.exists()


def test_count_key_result_asks_for_events_not_a_value(client, org, count_kr):
    client.force_login(org.member)
    response = client.get(reverse("progress:record", args=[count_kr.pk]))
    assert "Log an event" in response.content.decode()
    assert "events" in response.context["form"].fields
    assert "value" not in response.context["form"].fields


def test_count_key_result_refuses_a_typed_total(client, org, count_kr):
    client.force_login(org.member)
    response = client.post(
        reverse("progress:record", args=[count_kr.pk]),
        {"value": "7", "text": "We had about seven", "happened_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["events"] == ["This field is required."]
    assert not Update.objects.exists()
    count_kr.refresh_from_db()
    assert count_kr.current_value == Decimal(0)


def test_typing_a_total_for_a_count_is_refused_by_the_service(org, count_kr):
    with pytest.raises(ValidationError, match="not by typing a total"):
        services.record_measurement(
            key_result=count_kr, by=org.member, value=Decimal(7), text="About seven"
        )
    assert not Update.objects.exists()


def test_change_key_result_refuses_logged_events(client, org, kr):
    client.force_login(org.member)
    response = client.post(
        reverse("progress:record", args=[kr.pk]),
        event_data("A happy customer"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"] == ["This field is required."]
    assert not Update.objects.exists()


def test_logging_events_on_a_change_key_result_is_refused_by_the_service(org, kr):
    with pytest.raises(
        ValidationError, match="Only a count or a rate key result takes logged events."
    ):
        services.log_event(key_result=kr, by=org.member, text="A happy customer")
    assert not Update.objects.exists()
