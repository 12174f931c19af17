import pytest
from django.utils import translation

from objectives.coaching import coach_objective

NUMBERS = "numbers_in_objective"
DATE = "date_in_objective"
GENERIC = "generic_objective"
SHORT = "short_objective"


def codes(title, language, description=""):
    hints = coach_objective(title=title, description=description, language=language)
    return [(hint.code, hint.blocking) for hint in hints]


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        pytest.param("da", "3 nye kunder", [(NUMBERS, True)], id="da-digit"),
        pytest.param("da", "Tre nye markeder", [(NUMBERS, True)], id="da-number-word"),
        pytest.param("da", "Gladere kunder i oktober", [(DATE, True)], id="da-month"),
        pytest.param("da", "Flere kunder inden jul", [(DATE, True)], id="da-before-christmas"),
        pytest.param("da", "Gladere kunder i Q2", [(DATE, True)], id="da-quarter"),
        pytest.param("da", "Kendt i hele Norden i næste kvartal", [(DATE, True)], id="da-next-q"),
        pytest.param("da", "Gladere kunder i år", [(DATE, True)], id="da-this-year"),
        pytest.param(
            "da", "Stærkere fællesskab efter sommerferien", [(DATE, True)], id="da-holiday"
        ),
        pytest.param("da", "Trygge kunder i uge 42", [(DATE, True)], id="da-week-number"),
        pytest.param(
            "da", "3 glade kunder i maj", [(DATE, True), (NUMBERS, True)], id="da-number-and-month"
        ),
        pytest.param("en", "Increase NPS to 40", [(NUMBERS, True)], id="en-digits"),
        pytest.param("en", "Win five new markets", [(NUMBERS, True)], id="en-number-word"),
        pytest.param("en", "Happier customers by March", [(DATE, True)], id="en-by-march"),
        pytest.param("en", "Happier customers in May", [(DATE, True)], id="en-in-may"),
        pytest.param("en", "A calmer support desk in October", [(DATE, True)], id="en-month"),
        pytest.param("en", "Happier customers before Christmas", [(DATE, True)], id="en-christmas"),
        pytest.param("en", "Happier customers in Q2", [(DATE, True)], id="en-quarter"),
        pytest.param("en", "Ready for next quarter's launch", [(DATE, True)], id="en-next-quarter"),
        pytest.param("en", "Customers love us by the end of the year", [(DATE, True)], id="en-eoy"),
    ],
)
def test_number_or_date_in_an_objective_title_blocks(language, title, expected):
    assert codes(title, language) == expected


@pytest.mark.parametrize(
    ("language", "title", "code"),
    [
        pytest.param("da", "Bedre", GENERIC, id="da-better"),
        pytest.param("da", "Vækst", GENERIC, id="da-growth"),
        pytest.param("da", "Blive bedre", GENERIC, id="da-become-better"),
        pytest.param("da", "Bedre kvalitet", GENERIC, id="da-better-quality"),
        pytest.param("da", "Mere salg", SHORT, id="da-short"),
        pytest.param("da", "Kundeglæde", SHORT, id="da-one-word"),
        pytest.param("en", "Improve things", GENERIC, id="en-improve-things"),
        pytest.param("en", "Be better", GENERIC, id="en-be-better"),
        pytest.param("en", "Growth", GENERIC, id="en-growth"),
        pytest.param("en", "More focus", GENERIC, id="en-more-focus"),
        pytest.param("en", "Delight", SHORT, id="en-one-word"),
        pytest.param("en", "Fast help", SHORT, id="en-short"),
    ],
)
def test_generic_or_very_short_objective_gets_a_hint_that_does_not_block(language, title, code):
    assert codes(title, language) == [(code, False)]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        pytest.param("da", "Gladere kunder", id="da-happier-customers"),
        pytest.param("da", "Kunder får svar samme dag", id="da-same-day-answers"),
        pytest.param("da", "En arbejdsplads hvor folk trives", id="da-thriving-workplace"),
        pytest.param("da", "Kunderne anbefaler os til andre", id="da-recommended"),
        pytest.param("da", "Vi bliver kendt i Aarhus", id="da-known-in-a-city"),
        pytest.param("da", "Et stærkt fællesskab i teamet", id="da-team-spirit"),
        pytest.param("da", "Kunderne får leveret til tiden", id="da-til-is-no-date"),
        pytest.param("en", "Happier customers", id="en-happier-customers"),
        pytest.param("en", "Customers get an answer the same day", id="en-same-day-answers"),
        pytest.param("en", "We march together as one team", id="en-march-the-verb"),
        pytest.param("en", "Customers may recommend us to friends", id="en-may-the-verb"),
        pytest.param("en", "One team across sales and support", id="en-one-is-no-number"),
        pytest.param("en", "Spring clean our backlog", id="en-spring-the-verb"),
        pytest.param("en", "A workplace where people thrive", id="en-thriving-workplace"),
    ],
)
def test_clear_qualitative_objective_gets_no_hint(language, title):
    assert codes(title, language) == []


def test_number_in_a_title_is_refused_with_the_validators_own_words():
    [hint] = coach_objective(title="Increase NPS to 40", language="en")
    with translation.override("en"):
        message = str(hint.message)
    assert (hint.field, hint.blocking) == ("title", True)
    assert message.startswith("An objective is a qualitative goal, so its title has no numbers.")


def test_date_hint_explains_and_suggests_a_key_result():
    [hint] = coach_objective(title="Happier customers by March", language="en")
    with translation.override("en"):
        message = str(hint.message)
    assert hint.field == "title"
    assert "its period says when it ends" in message
    assert "key result" in message


def test_short_title_points_to_the_description_only_when_it_is_empty():
    [bare] = coach_objective(title="Delight", language="en")
    [described] = coach_objective(
        title="Delight", description="Customers smile when they leave.", language="en"
    )
    assert "description" in str(bare.message)
    assert "description" not in str(described.message)


def test_empty_title_gets_no_coaching_the_required_field_speaks():
    assert coach_objective(title="   ", language="da") == []
