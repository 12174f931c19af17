"""A creating form posted twice (a double click, two tabs, a reload) stores one row, and the
second answer shows the first result: at the same moment on two connections, and one after
the other."""

import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Action, Objective
from progress import services
from progress.models import Comment, Update
from tests.concurrency import at_once
from tests.helpers import (
    event_data,
    key_result_data,
    measurement_data,
    note_data,
    objective_data,
    quarter,
)

pytestmark = pytest.mark.django_db(transaction=True)


def form_posts(org, objective, kr, count_kr):
    """(url, data, the rows it creates, who posts) for every creating form of the product."""
    KeyResult.objects.filter(pk=count_kr.pk).update(open_to_everyone=True)
    entry = services.share_update(objective=objective, by=org.member, text="Callbacks help.")
    return {
        "objective": (
            reverse("objectives:create"),
            objective_data(title="Faster answers", team=org.support.pk, period=quarter(2027, 1).pk),
            lambda: Objective.objects.filter(title="Faster answers"),
        ),
        "action": (
            reverse("objectives:action_create", args=[objective.pk]),
            {"title": "Call back within the hour", "description": ""},
            lambda: Action.objects.filter(title="Call back within the hour"),
        ),
        "key_result": (
            reverse("key_results:create", args=[objective.pk]),
            key_result_data(title="First-call resolution"),
            lambda: KeyResult.objects.filter(title="First-call resolution"),
        ),
        "measurement": (
            reverse("progress:record", args=[kr.pk]),
            measurement_data("3.3"),
            lambda: Update.objects.filter(key_result=kr),
        ),
        "event": (
            reverse("progress:record", args=[count_kr.pk]),
            event_data("A customer praised us"),
            lambda: Update.objects.filter(key_result=count_kr),
        ),
        "one-click event": (
            reverse("progress:log_one", args=[count_kr.pk]),
            {"text": "Lars praised our work"},
            lambda: Update.objects.filter(key_result=count_kr),
        ),
        "comment": (
            reverse("progress:comment", args=[entry.pk]),
            {"text": "How did you do it?"},
            lambda: Comment.objects.filter(text="How did you do it?"),
        ),
        "note": (
            reverse("progress:share", args=[objective.pk]),
            note_data(text="We tried a chat bot."),
            lambda: Update.objects.filter(text="We tried a chat bot."),
        ),
    }


FORMS = [
    "objective",
    "action",
    "key_result",
    "measurement",
    "event",
    "one-click event",
    "comment",
    "note",
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("form", FORMS)
def test_two_identical_posts_at_the_same_moment_store_one_row(org, objective, kr, count_kr, form):
    url, data, created = form_posts(org, objective, kr, count_kr)[form]
    data = {**data, "submission": str(uuid.uuid4())}
    clients = [signed_in(org.member), signed_in(org.member)]
    first, second = at_once(*(lambda c=c: c.post(url, data) for c in clients))
    assert created().count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    count_kr.refresh_from_db()
    assert count_kr.current_value <= 1  # an event logged twice still counts once


@pytest.mark.parametrize("form", FORMS)
def test_a_reloaded_post_shows_the_first_result(org, objective, kr, count_kr, form):
    url, data, created = form_posts(org, objective, kr, count_kr)[form]
    data = {**data, "submission": str(uuid.uuid4())}
    client = signed_in(org.member)
    first = client.post(url, data)
    again = client.post(url, data)
    assert created().count() == 1
    assert again.status_code == 302
    assert again["Location"] == first["Location"]


def test_a_new_form_makes_a_new_row(org, kr):
    client = signed_in(org.member)
    url = reverse("progress:record", args=[kr.pk])
    for value in ("3.2", "3.3"):
        client.post(url, {**measurement_data(value), "submission": str(uuid.uuid4())})
    assert Update.objects.filter(key_result=kr).count() == 2
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.3")


def test_a_refused_post_leaves_its_token_free_for_the_corrected_one(org, kr):
    client = signed_in(org.member)
    url = reverse("progress:record", args=[kr.pk])
    token = str(uuid.uuid4())
    refused = client.post(
        url, {**measurement_data("3.3", happened_on="2099-01-01"), "submission": token}
    )
    assert refused.status_code == 200
    client.post(url, {**measurement_data("3.3"), "submission": token})
    assert Update.objects.filter(key_result=kr).count() == 1


def test_someone_elses_token_is_not_theirs_to_replay(org, objective):
    url = reverse("progress:share", args=[objective.pk])
    token = str(uuid.uuid4())
    signed_in(org.member).post(url, {**note_data(text="First note"), "submission": token})
    response = signed_in(org.leader).post(url, {**note_data(text="Second"), "submission": token})
    assert response.status_code == 302
    assert Update.objects.filter(text="Second").count() == 0  # refused, and nothing leaked
