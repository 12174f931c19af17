"""Coaching on the key result form as the person types (?validate=1 and the plain-words box):
no number or no deadline blocks, with a message that explains; an activity instead of an
effect, more than five key results on one objective and a target that is reached already are
hints that do not block. In the person's language."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import KeyResultFactory
from tests.helpers import HTMX, key_result_data


def coaching(page):
    return re.search(r'<div class="coaching" id="coaching"[^>]*>(.*?)</div>', page, re.DOTALL)[1]


def errors_of(page, name):
    pattern = rf'<ul class="errors" id="id_{name}_error"[^>]*>(.*?)</ul>'
    return re.search(pattern, page, re.DOTALL)[1]


def validate(client, url, language="en", **typed):
    headers = {**HTMX, "Accept-Language": language}
    return client.post(url + "?validate=1", key_result_data(**typed), headers=headers)


@pytest.fixture
def create_url(objective):
    return reverse("key_results:create", args=[objective.pk])


@pytest.fixture
def signed_in(client, org):
    client.force_login(org.member)
    return client


@pytest.mark.parametrize(
    ("language", "title", "said"),
    [
        ("en", "Hold customer meetings", "This counts an activity, not what it changes"),
        ("da", "Holde kundemøder", "Dette tæller en aktivitet, ikke hvad den ændrer"),
    ],
)
def test_an_activity_gets_a_hint_to_measure_its_effect(
    signed_in, create_url, language, title, said
):
    page = validate(signed_in, create_url, language, title=title).content.decode()
    assert said in coaching(page)
    assert errors_of(page, "title").strip() == ""


def test_a_count_of_meetings_is_an_activity_too(signed_in, create_url):
    page = validate(
        signed_in, create_url, title="Customer meetings", kind="count", baseline="", target="3"
    ).content.decode()
    assert "This counts an activity" in coaching(page)


def test_an_effect_gets_no_coaching(signed_in, create_url):
    page = validate(signed_in, create_url).content.decode()
    assert coaching(page).strip() == ""


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "This objective would have 6 key results"), ("da", "Målet vil få 6 nøgleresultater")],
)
def test_a_sixth_key_result_gets_a_hint_about_focus(
    signed_in, objective, create_url, language, said
):
    KeyResultFactory.create_batch(5, objective=objective)
    page = validate(signed_in, create_url, language).content.decode()
    assert said in coaching(page)


def test_a_fifth_key_result_gets_no_hint_about_focus(signed_in, objective, create_url):
    KeyResultFactory.create_batch(4, objective=objective)
    assert "key results" not in coaching(validate(signed_in, create_url).content.decode())


def test_a_sixth_key_result_is_saved_all_the_same(signed_in, objective, create_url):
    KeyResultFactory.create_batch(5, objective=objective)
    assert signed_in.post(create_url, key_result_data()).status_code == 302
    assert objective.key_results.count() == 6


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "The target equals today&#x27;s value, so it is reached already"),
        ("da", "Målværdien er den samme som tallet i dag"),
    ],
)
def test_a_target_equal_to_todays_value_gets_a_hint(signed_in, org, objective, language, said):
    key_result = KeyResultFactory(objective=objective, current_value=Decimal("3.3"))
    url = reverse("key_results:edit", args=[key_result.pk])
    target = "3.3" if language == "en" else "3,3"
    baseline = "3.0" if language == "en" else "3,0"
    page = validate(signed_in, url, language, target=target, baseline=baseline).content.decode()
    assert said in coaching(page)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "A key result needs a number to reach"),
        ("da", "Et nøgleresultat skal have et tal at nå"),
    ],
)
def test_no_number_blocks_with_an_explanation(signed_in, create_url, language, said):
    response = signed_in.post(
        create_url, key_result_data(target=""), headers={"Accept-Language": language}
    )
    assert response.status_code == 200
    assert said in errors_of(response.content.decode(), "target")
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "A key result needs a deadline"),
        ("da", "Et nøgleresultat skal have en frist"),
    ],
)
def test_no_deadline_blocks_with_an_explanation(signed_in, create_url, language, said):
    response = signed_in.post(
        create_url, key_result_data(deadline=""), headers={"Accept-Language": language}
    )
    assert response.status_code == 200
    assert said in errors_of(response.content.decode(), "deadline")
    assert not KeyResult.objects.exists()


def test_the_plain_words_box_coaches_what_it_fills_in(signed_in, create_url):
    response = signed_in.post(
        create_url + "?understand=1",
        {"sentence": "Hold 3 customer workshops by the end of March"},
        headers=HTMX,
    )
    assert "This counts an activity" in coaching(response.content.decode())


def test_the_form_page_has_room_for_coaching(signed_in, create_url):
    page = signed_in.get(create_url).content.decode()
    assert 'id="coaching"' in page
