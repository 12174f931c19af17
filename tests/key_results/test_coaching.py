import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from key_results.coaching import coach_key_result, coach_sentence
from key_results.plain_words import understand

TODAY = datetime.date(2027, 2, 15)
END_OF_MARCH = datetime.date(2027, 3, 31)


def coach(
    title,
    language,
    kind="change",
    baseline="3.0",
    target="3.5",
    current_value=None,
    deadline=END_OF_MARCH,
    others=0,
):
    hints = coach_key_result(
        title=title,
        kind=kind,
        baseline=None if baseline is None else Decimal(baseline),
        target=None if target is None else Decimal(target),
        current_value=None if current_value is None else Decimal(current_value),
        deadline=deadline,
        other_key_results=others,
        language=language,
    )
    return [(hint.code, hint.blocking, hint.field) for hint in hints]


NO_NUMBER = ("no_number", True, "target")
NO_DEADLINE = ("no_deadline", True, "deadline")
ACTIVITY = ("activity", False, "title")
TOO_MANY = ("too_many_key_results", False, None)
REACHED = ("target_already_reached", False, "target")


@pytest.mark.parametrize(
    ("language", "fields", "expected"),
    [
        pytest.param("da", {"target": None}, [NO_NUMBER], id="da-no-target"),
        pytest.param("da", {"deadline": None}, [NO_DEADLINE], id="da-no-deadline"),
        pytest.param(
            "en", {"target": None, "deadline": None}, [NO_NUMBER, NO_DEADLINE], id="en-neither"
        ),
        pytest.param("da", {"others": 5}, [TOO_MANY], id="da-sixth-key-result"),
        pytest.param("en", {"others": 4}, [], id="en-fifth-key-result-is-fine"),
        pytest.param("en", {"current_value": "3.5"}, [REACHED], id="en-target-is-todays-value"),
        pytest.param(
            "da",
            {"baseline": "3.5", "current_value": None},
            [REACHED],
            id="da-target-is-the-baseline-when-nothing-measured",
        ),
        pytest.param(
            "da",
            {"kind": "count", "baseline": "0", "target": "5", "current_value": "5"},
            [REACHED],
            id="da-count-already-reached",
        ),
    ],
)
def test_key_result_fields_are_coached(language, fields, expected):
    assert coach("Kundetilfredshed", language, **fields) == expected


@pytest.mark.parametrize(
    ("language", "title", "kind"),
    [
        pytest.param("da", "Holde 3 møder med kunder", "count", id="da-hold-meetings"),
        pytest.param("da", "Afholde kundeworkshops", "count", id="da-run-workshops"),
        pytest.param("da", "Lave nye salgsvideoer", "count", id="da-make-videos"),
        pytest.param("da", "Skrive blogindlæg om vores produkt", "count", id="da-write-posts"),
        pytest.param("da", "Sende 500 tilbud", "count", id="da-send-quotes"),
        pytest.param("da", "Kundemøder", "count", id="da-compound-noun"),
        pytest.param("da", "Afholdte kundeworkshops", "count", id="da-held-workshops"),
        pytest.param("en", "Hold 3 meetings with customers", "count", id="en-hold-meetings"),
        pytest.param("en", "Send 10 emails", "count", id="en-send-emails"),
        pytest.param("en", "Run 4 workshops", "count", id="en-run-workshops"),
        pytest.param("en", "Customer interviews", "count", id="en-interviews-counted"),
        pytest.param("en", "Sales calls", "count", id="en-sales-calls"),
        pytest.param("en", "Publish case studies", "change", id="en-publish"),
    ],
)
def test_activity_gets_a_hint_to_measure_its_effect(language, title, kind):
    assert coach(title, language, kind=kind, baseline="0", target="5") == [ACTIVITY]


def test_activity_hint_explains_and_suggests_what_to_measure():
    [hint] = coach_key_result(
        title="Run 4 workshops",
        kind="count",
        baseline=Decimal(0),
        target=Decimal(4),
        current_value=None,
        deadline=END_OF_MARCH,
        other_key_results=0,
        language="en",
    )
    with translation.override("en"):
        message = str(hint.message)
    assert message.startswith("This counts an activity, not what it changes.")
    assert "measure that" in message


def test_too_many_hint_says_how_many_there_would_be():
    [hint] = coach_key_result(
        title="Customer satisfaction",
        kind="change",
        baseline=Decimal(3),
        target=Decimal(4),
        current_value=None,
        deadline=END_OF_MARCH,
        other_key_results=6,
        language="en",
    )
    with translation.override("en"):
        assert "would have 7 key results" in str(hint.message)


@pytest.mark.parametrize(
    ("language", "title", "kind"),
    [
        pytest.param("da", "Kundetilfredshed", "change", id="da-satisfaction"),
        pytest.param("da", "Uopfordrede positive tilbagemeldinger", "count", id="da-feedback"),
        pytest.param("da", "Ubesvarede mails", "change", id="da-fewer-unanswered-mails"),
        pytest.param("da", "Besøg på webshoppen", "count", id="da-visits-are-an-effect"),
        pytest.param("da", "Accepterede tilbud", "count", id="da-accepted-quotes"),
        pytest.param("da", "Positive anmeldelser efter møder", "count", id="da-reviews-after"),
        pytest.param("en", "Customer satisfaction", "change", id="en-satisfaction"),
        pytest.param("en", "Unanswered emails", "change", id="en-fewer-unanswered-emails"),
        pytest.param("en", "Website visits", "count", id="en-visits-are-an-effect"),
        pytest.param("en", "Positive reviews after workshops", "count", id="en-reviews-after"),
        pytest.param("en", "Repeat customers", "count", id="en-repeat-customers"),
    ],
)
def test_good_key_result_gets_no_hint(language, title, kind):
    assert coach(title, language, kind=kind, baseline="0", target="40") == []


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        pytest.param(
            "da", "Kundetilfredshed fra 3,0 til 3,5 inden udgangen af marts", [], id="da-good"
        ),
        pytest.param(
            "da",
            "Modtage 5 uopfordrede positive tilbagemeldinger fra glade kunder i oktober",
            [],
            id="da-good-count",
        ),
        pytest.param(
            "en", "Customer satisfaction from 3.0 to 3.5 by the end of March", [], id="en-good"
        ),
        pytest.param(
            "en",
            "Receive 5 unsolicited positive comments from customers in October",
            [],
            id="en-good-count",
        ),
        pytest.param("da", "Kundetilfredshed fra 3,0 til 3,5", [NO_DEADLINE], id="da-no-time"),
        pytest.param("en", "Happier customers by the end of March", [NO_NUMBER], id="en-no-number"),
        pytest.param("da", "Afholde 3 møder i marts", [ACTIVITY], id="da-meetings"),
        pytest.param("en", "Send 10 emails in March", [ACTIVITY], id="en-emails"),
        pytest.param("en", "Run 4 workshops in Q2", [ACTIVITY], id="en-workshops"),
        pytest.param("da", "NPS fra 40 til 40 i marts", [REACHED], id="da-same-number"),
    ],
)
def test_sentence_is_coached_once_read(language, sentence, expected):
    understood = understand(sentence, language=language, today=TODAY)
    assert [(h.code, h.blocking, h.field) for h in coach_sentence(understood)] == expected
