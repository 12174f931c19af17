"""Coaching on the objective form as the person types (htmx posts ?validate=1 on each pause):
a date in the title blocks, as a number does; a very short or generic title is only a hint."""

import re

import pytest
from django.urls import reverse

from objectives.models import Objective, Period
from tests.factories import ObjectiveFactory
from tests.helpers import HTMX


def typed(client, title, language="en", description=""):
    data = {
        "title": title,
        "description": description,
        "team": "",
        "period": Period.objects.current().pk,
    }
    headers = {**HTMX, "Accept-Language": language}
    return client.post(reverse("objectives:create") + "?validate=1", data, headers=headers)


def coaching(page):
    return re.search(r'<div class="coaching" id="coaching"[^>]*>(.*?)</div>', page, re.DOTALL)[1]


def title_errors(page):
    return re.search(r'<ul class="errors" id="id_title_error"[^>]*>(.*?)</ul>', page, re.DOTALL)[1]


@pytest.fixture
def signed_in(client, org):
    client.force_login(org.member)
    return client


@pytest.mark.parametrize(
    ("language", "title", "said"),
    [
        ("en", "Happier customers by March", "its title has no dates"),
        ("da", "Gladere kunder inden udgangen af marts", "titlen indeholder ingen datoer"),
    ],
)
def test_a_date_in_the_title_blocks_as_you_type(signed_in, language, title, said):
    page = typed(signed_in, title, language).content.decode()
    assert said in title_errors(page)
    assert coaching(page).strip() == ""


@pytest.mark.parametrize(
    ("language", "title", "said"),
    [
        ("en", "Win 5 new markets", "its title has no numbers"),
        ("da", "Vinde 5 nye markeder", "titlen indeholder ingen tal"),
    ],
)
def test_a_number_in_the_title_blocks_as_you_type(signed_in, language, title, said):
    assert said in title_errors(typed(signed_in, title, language).content.decode())


@pytest.mark.parametrize(
    ("language", "title", "said"),
    [
        ("en", "Better quality", "Any team could set this objective"),
        ("da", "Bedre kvalitet", "Skriv, hvad der skal være anderledes, og for hvem"),
        ("en", "Growth", "Any team could set this objective"),
        ("en", "Calm", "A few more words would help"),
        ("da", "Ro", "eller forklar i beskrivelsen, hvorfor det betyder noget"),
    ],
)
def test_a_short_or_generic_title_gets_a_hint_that_does_not_block(signed_in, language, title, said):
    page = typed(signed_in, title, language).content.decode()
    assert said in coaching(page)
    assert title_errors(page).strip() == ""


def test_a_clear_title_gets_no_coaching(signed_in):
    page = typed(signed_in, "Customers get an answer the same day").content.decode()
    assert coaching(page).strip() == ""
    assert title_errors(page).strip() == ""


def test_a_generic_title_is_saved_all_the_same(signed_in, org):
    data = {
        "title": "Better quality",
        "team": org.support.pk,
        "period": Period.objects.current().pk,
    }
    assert signed_in.post(reverse("objectives:create"), data).status_code == 302
    assert Objective.objects.get().title == "Better quality"


def test_a_title_with_a_date_is_not_saved_and_stays_in_the_field(signed_in, org):
    data = {
        "title": "Happier customers in October",
        "team": org.support.pk,
        "period": Period.objects.current().pk,
    }
    response = signed_in.post(reverse("objectives:create"), data)
    assert response.status_code == 200
    assert 'value="Happier customers in October"' in response.content.decode()
    assert not Objective.objects.exists()


def test_editing_an_objective_coaches_too(signed_in, org):
    objective = ObjectiveFactory(owner=org.member, team=org.support)
    data = {"title": "Success", "team": org.support.pk, "period": objective.period.pk}
    url = reverse("objectives:edit", args=[objective.pk]) + "?validate=1"
    page = signed_in.post(url, data, headers=HTMX).content.decode()
    assert "Any team could set this objective" in coaching(page)


def test_the_form_validates_on_each_typing_pause(signed_in):
    page = signed_in.get(reverse("objectives:create")).content.decode()
    validator = re.search(r'<div hidden hx-post="[^"]*\?validate=1"[^>]*>', page)[0]
    assert "input from:closest form delay:600ms" in validator
    assert 'id="coaching"' in page
