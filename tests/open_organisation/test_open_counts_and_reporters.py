"""Only a key result's owner names its reporters, and may open a count to everyone: then anyone
logs an event toward it in one click, with who and when."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from key_results.models import KeyResult
from key_results.services import name_reporters
from objectives.models import Objective
from progress.models import Update
from tests.factories import KeyResultFactory, UserFactory
from tests.helpers import HTMX, TODAY, key_result_data


@pytest.fixture
def praise(org, count_kr):
    """Member's approved count of unsolicited praise, open to everyone."""
    KeyResult.objects.filter(pk=count_kr.pk).update(open_to_everyone=True)
    count_kr.refresh_from_db()
    return count_kr


def log_one(client, key_result, **extra):
    return client.post(
        reverse("progress:log_one", args=[key_result.pk]), extra.pop("data", {}), **extra
    )


@pytest.mark.parametrize("who", ["leader", "boss"])
def test_a_leader_cannot_name_themselves_a_reporter_on_someone_elses_key_result(
    client, org, kr, who
):
    person = getattr(org, who)
    client.force_login(person)
    form_page = client.get(reverse("key_results:edit", args=[kr.pk])).content.decode()
    assert 'name="reporters"' not in form_page
    client.post(
        reverse("key_results:edit", args=[kr.pk]),
        key_result_data(reporters=[person.pk], measurement_plan=kr.measurement_plan),
    )
    assert not kr.reporters.exists()
    with pytest.raises(PermissionDenied):
        name_reporters(key_result=kr, by=person, reporters=[person], open_to_everyone=False)
    assert not kr.can_record(person)


def test_the_owner_names_a_teammate_who_then_records(client, org, kr):
    teammate = UserFactory(team=org.support)
    client.force_login(org.member)
    client.post(
        reverse("key_results:edit", args=[kr.pk]),
        key_result_data(reporters=[teammate.pk], measurement_plan=kr.measurement_plan),
    )
    assert list(kr.reporters.all()) == [teammate]
    kr.refresh_from_db()
    assert kr.can_record(teammate)


def test_only_a_count_or_a_rate_can_be_opened_to_everyone(client, org, kr):
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:edit", args=[kr.pk]),
        key_result_data(open_to_everyone="on", measurement_plan=kr.measurement_plan),
    )
    assert "Only a count or a rate can be open to everyone." in response.content.decode()
    kr.refresh_from_db()
    assert not kr.open_to_everyone
    with pytest.raises(ValidationError):
        name_reporters(key_result=kr, by=org.member, reporters=[], open_to_everyone=True)


def test_anyone_logs_an_event_in_one_click_from_the_feed(client, org, praise):
    client.force_login(org.outsider)
    feed = client.get(reverse("progress:feed"))
    assert (
        reverse("progress:log_one", args=[praise.pk]) not in feed.content.decode()
    )  # no entry yet
    response = log_one(client, praise, data={"text": "Lars praised our work", "next": "feed"})
    assert response.status_code == 302
    event = Update.objects.get()
    assert (event.author, event.happened_on, event.text) == (
        org.outsider,
        TODAY,
        "Lars praised our work",
    )
    praise.refresh_from_db()
    assert praise.current_value == 1
    page = client.get(reverse("progress:feed")).content.decode()
    assert reverse("progress:log_one", args=[praise.pk]) in page  # offered on its entries


def test_one_click_with_no_words_logs_the_key_results_own_title(client, org, praise):
    client.force_login(UserFactory(team=org.sales))
    response = log_one(client, praise, headers=HTMX)
    assert response.status_code == 200
    assert "Now 1 of 10" in response.content.decode()
    assert Update.objects.get().text == praise.title


def test_a_count_its_owner_did_not_open_takes_no_events_from_others(client, org, count_kr):
    client.force_login(org.outsider)
    assert log_one(client, count_kr).status_code == 403
    assert not Update.objects.exists()


@pytest.mark.parametrize(
    "status", [Objective.Status.COMPLETED, Objective.Status.ARCHIVED, Objective.Status.DRAFT]
)
def test_an_open_count_takes_events_only_while_its_objective_is_active(client, org, praise, status):
    Objective.objects.filter(pk=praise.objective_id).update(status=status)
    client.force_login(org.outsider)
    assert log_one(client, praise).status_code in (403, 404)
    assert not Update.objects.exists()


def test_the_key_result_page_offers_the_one_click_to_everyone(client, org, praise):
    client.force_login(org.outsider)
    page = client.get(praise.get_absolute_url()).content.decode()
    assert reverse("progress:log_one", args=[praise.pk]) in page


def test_an_open_count_counts_everyones_events(client, org, praise):
    for person in (org.outsider, org.sales_lead, org.boss):
        client.force_login(person)
        log_one(client, praise)
    praise.refresh_from_db()
    assert praise.current_value == Decimal(3)
    assert set(Update.objects.values_list("author", flat=True)) == {
        org.outsider.pk,
        org.sales_lead.pk,
        org.boss.pk,
    }


def test_a_draft_key_result_cannot_be_opened_and_logged_before_approval(client, org, objective):
    draft = KeyResultFactory(
        objective=objective, kind=KeyResult.Kind.COUNT, baseline=0, target=5, open_to_everyone=True
    )
    client.force_login(org.outsider)
    assert log_one(client, draft).status_code == 403
