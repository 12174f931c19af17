"""The plain-words box in a real browser, in Danish: typing the issue's three sentences fills
the key result form on a typing pause (htmx, under the Content-Security-Policy), and the rate
is saved as one."""

import re

import pytest
from playwright.sync_api import Page, expect

from key_results.models import KeyResult
from tests.factories import ObjectiveFactory

pytestmark = pytest.mark.browser


def type_sentence(page: Page, sentence: str) -> None:
    box = page.locator("#id_sentence")
    box.fill("")
    box.press_sequentially(sentence, delay=5)


def expect_fields(page: Page, **values: str) -> None:
    for name, value in values.items():
        expect(page.locator(f"#id_{name}")).to_have_value(value)


def test_typing_the_three_danish_sentences_fills_the_form(
    transactional_db, org, sign_in, screenshot, axe
):
    objective = ObjectiveFactory(owner=org.member, title="Gladere kunder")
    member = sign_in(org.member.username, locale="da-DK")
    member.goto(f"/key-results/new/for-objective/{objective.pk}/")
    expect(member.get_by_role("heading", name="Nyt nøgleresultat")).to_be_visible()

    type_sentence(member, "Bevæge kundetilfredsheden fra 3,0 til 3,5 indenfor næste kvartal")
    expect_fields(
        member,
        title="Kundetilfredsheden",
        baseline="3",
        target="3,5",
        deadline="2027-06-30",
    )
    expect(member.locator("#id_kind_0")).to_be_checked()  # change
    said = member.locator("#plain-words-said")
    expect(said).to_contain_text("Udfyldt nedenfor:")
    # Next quarter lies outside the objective's period: the field says so as you type.
    expect(member.locator("#id_deadline_error")).to_contain_text("Fristen skal ligge inden for")

    type_sentence(
        member, "Modtage 5 uopfordrede positive tilbagemeldinger fra glade kunder i oktober"
    )
    expect_fields(
        member,
        title="Uopfordrede positive tilbagemeldinger fra glade kunder",
        baseline="",
        target="5",
        deadline="2027-10-31",
    )
    expect(member.locator("#id_kind_1")).to_be_checked()  # count

    type_sentence(member, "2 gange på en uge skal en kollega uopfordret rose vores indsats")
    expect_fields(
        member,
        title="En kollega skal uopfordret rose vores indsats",
        per="week",
        target="2",
        deadline="2027-03-31",
    )
    expect(member.locator("#id_kind_2")).to_be_checked()  # rate
    expect(member.locator("#id_deadline_error")).to_be_empty()
    axe(member, "key result form filled from plain words")
    # Only now: Playwright's screenshot leaves style="" on inputs, which htmx would copy onto
    # the fields it swaps in (and the Content-Security-Policy would rightly refuse).
    screenshot(member, "plain-words-3-rate")

    # The person corrects what the sentence gave, and saves.
    member.locator("#id_title").fill("En kollega roser uopfordret vores indsats")
    member.get_by_role("button", name="Gem nøgleresultat").click()
    expect(member).to_have_url(re.compile(r"/key-results/\d+/$"))
    expect(member.locator(".numbers").first).to_contain_text("2 om ugen")
    key_result = KeyResult.objects.get()
    assert (key_result.title, key_result.kind, key_result.per, key_result.target) == (
        "En kollega roser uopfordret vores indsats",
        "rate",
        "week",
        2,
    )


def test_what_is_not_understood_is_said_in_the_box(transactional_db, org, sign_in):
    objective = ObjectiveFactory(owner=org.member, title="Gladere kunder")
    member = sign_in(org.member.username, locale="da-DK")
    member.goto(f"/key-results/new/for-objective/{objective.pk}/")
    type_sentence(member, "Kundetilfredshed fra 3,0 til 3,5")
    expect(member.locator("#plain-words-said .not-understood")).to_contain_text("Skriv, hvornår")
    expect_fields(member, target="3,5", deadline="2027-03-31")  # the deadline kept as it was
