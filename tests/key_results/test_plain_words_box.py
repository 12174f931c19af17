"""The plain-words box at the top of the key result form: as the person types a sentence, htmx
posts the form with ?understand=1 and gets back the fields it fills in, out of band, and what
it could not read. Nothing is saved, and fields it could not read keep what was typed."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from key_results.models import KeyResult
from tests.helpers import HTMX


def understand(client, objective, sentence, language="en", **typed):
    data = {"sentence": sentence, "title": "", "kind": "change", **typed}
    url = reverse("key_results:create", args=[objective.pk]) + "?understand=1"
    headers = {**HTMX, "Accept-Language": language}
    return client.post(url, data, headers=headers)


def field(page, name):
    """The out-of-band field wrapper for `name`, as htmx would swap it in."""
    match = re.search(
        rf'<div class="field[^"]*" id="field-{name}" hx-swap-oob="true">'
        rf'(.*?id="id_{name}_error"[^>]*>.*?</ul>)\s*</div>',
        page,
        re.DOTALL,
    )
    assert match, f"field {name} not swapped in"
    return match.group(1)


def value_of(page, name):
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', field(page, name))
    return match.group(1) if match else ""


def checked_kind(page):
    return re.search(r'value="(\w+)"[^>]*checked', field(page, "kind")).group(1)


@pytest.fixture
def signed_in(client, org):
    client.force_login(org.member)
    return client


def test_english_sentence_fills_title_kind_numbers_unit_and_deadline(signed_in, objective):
    response = understand(
        signed_in, objective, "Customer satisfaction from 3.0 to 3.5 points by the end of March"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert value_of(page, "title") == "Customer satisfaction"
    assert checked_kind(page) == "change"
    assert value_of(page, "baseline") == "3"
    assert value_of(page, "target") == "3.5"
    assert value_of(page, "unit") == "points"
    assert value_of(page, "deadline") == "2027-03-31"
    assert "Filled in below:" in page
    assert not KeyResult.objects.exists()


def test_danish_sentence_is_read_with_decimal_commas_and_shown_the_danish_way(signed_in, objective):
    with translation.override("da"):
        response = understand(
            signed_in,
            objective,
            "Kundetilfredshed fra 3,0 til 3,5 inden udgangen af marts",
            language="da",
        )
    page = response.content.decode()
    assert value_of(page, "title") == "Kundetilfredshed"
    assert value_of(page, "target") == "3,5"
    assert value_of(page, "deadline") == "2027-03-31"
    assert "Udfyldt nedenfor:" in page


def test_a_rate_sentence_chooses_the_rate_kind_and_its_period(signed_in, objective):
    with translation.override("da"):
        response = understand(
            signed_in,
            objective,
            "2 gange på en uge skal en kollega uopfordret rose vores indsats",
            language="da",
        )
    page = response.content.decode()
    assert checked_kind(page) == "rate"
    assert re.search(r'<option value="week" selected>', field(page, "per"))
    assert value_of(page, "target") == "2"
    # A rate holds for the whole period: the deadline is its last day.
    assert value_of(page, "deadline") == "2027-03-31"


def test_what_is_not_understood_is_said_and_the_field_keeps_what_was_typed(signed_in, objective):
    response = understand(
        signed_in, objective, "Customer satisfaction from 3.0 to 3.5", target="4", unit="stars"
    )
    page = response.content.decode()
    said = re.search(r'id="plain-words-said".*?</div>', page, re.DOTALL).group(0)
    assert "Not understood, so left for you to fill in:" in said
    assert "Say by when" in said
    # The numbers were read; the deadline field was not touched, so it is not redrawn empty.
    assert value_of(page, "target") == "3.5"
    assert value_of(page, "deadline") == ""
    assert value_of(page, "unit") == "stars"


def test_a_deadline_outside_the_objectives_period_is_named_as_you_type(signed_in, objective):
    response = understand(
        signed_in, objective, "Customer satisfaction from 3.0 to 3.5 within next quarter"
    )
    page = response.content.decode()
    assert value_of(page, "deadline") == "2027-06-30"
    assert "The deadline must fall within 2027 Q1" in field(page, "deadline")


def test_an_empty_box_says_nothing_and_fills_nothing(signed_in, objective):
    page = understand(signed_in, objective, "  ", title="Typed by hand").content.decode()
    said = re.search(r'id="plain-words-said"[^>]*>(.*?)</div>', page, re.DOTALL).group(1)
    assert said.strip() == ""
    assert value_of(page, "title") == "Typed by hand"


def test_the_box_is_at_the_top_of_the_form_and_posts_on_a_typing_pause(signed_in, objective):
    page = signed_in.get(reverse("key_results:create", args=[objective.pk])).content.decode()
    form = page[page.index('id="key-result-form"') :]
    assert form.index('name="sentence"') < form.index('name="title"')
    box = re.search(r"<textarea[^>]*name=\"sentence\"[^>]*>", form).group(0)
    assert 'hx-post="?understand=1"' in box
    assert "input changed delay:500ms" in box  # typing or pasting, then a pause
    assert 'hx-swap="none"' in box


def test_the_box_on_the_edit_form_reads_for_that_key_result(signed_in, org, kr):
    url = reverse("key_results:edit", args=[kr.pk]) + "?understand=1"
    response = signed_in.post(
        url, {"sentence": "Churn from 8 to 5 % by the end of March"}, headers=HTMX
    )
    page = response.content.decode()
    assert value_of(page, "title") == "Churn"
    assert value_of(page, "unit") == "%"
    kr.refresh_from_db()
    assert kr.title == "Customer satisfaction"


def test_someone_who_may_not_add_gets_403_before_anything_is_read(client, org, objective):
    client.force_login(org.outsider)
    response = understand(client, objective, "Customer satisfaction from 3.0 to 3.5 in March")
    assert response.status_code == 403


def test_a_sentence_posted_for_real_saves_only_the_fields(signed_in, objective):
    data = {
        "sentence": "whatever was typed here",
        "title": "Customer satisfaction",
        "kind": "change",
        "unit": "points",
        "baseline": "3.0",
        "target": "3.5",
        "deadline": "2027-03-31",
        "measurement_plan": "",
    }
    response = signed_in.post(reverse("key_results:create", args=[objective.pk]), data)
    assert response.status_code == 302
    assert KeyResult.objects.get().title == "Customer satisfaction"


def test_without_javascript_a_button_reads_the_sentence_into_the_whole_page(signed_in, objective):
    url = reverse("key_results:create", args=[objective.pk])
    page = signed_in.get(url).content.decode()
    assert '<noscript><button type="submit" name="understand" value="1">' in page
    response = signed_in.post(
        url,
        {
            "sentence": "Customer satisfaction from 3.0 to 3.5 points by the end of March",
            "understand": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert 'name="title" value="Customer satisfaction"' in page
    assert 'value="2027-03-31"' in page
    assert "Filled in below:" in page
    assert not KeyResult.objects.exists()
