from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from key_results.typed_numbers import TypedNumberField, parse_typed_number, take_typed_units

EXPECTED_FORMAT = "Write a number like 3.5 or 1,500.5."
ENGLISH_FORMAT = (
    "In English, a point separates the decimals and a comma the thousands: "
    "write 3.5 for three and a half, and 1,500 for one thousand five hundred."
)
DANISH_FORMAT = (
    "In Danish, a comma separates the decimals and a point the thousands: "
    "write 3,5 for three and a half, and 1.500 for one thousand five hundred."
)
TWO_DECIMALS = "Use at most two decimals, e.g. 3.25."


@pytest.mark.parametrize(
    ("language", "typed", "value", "unit"),
    [
        pytest.param("da", "1.500", "1500", "", id="da-point-groups-thousands"),
        pytest.param("da", "1.500,5", "1500.5", "", id="da-thousands-and-decimal-comma"),
        pytest.param("da", "3,5", "3.5", "", id="da-decimal-comma"),
        pytest.param("da", "3,50", "3.50", "", id="da-two-decimals"),
        pytest.param("da", "-2", "-2", "", id="da-negative"),
        pytest.param("da", "−2,5", "-2.5", "", id="da-typographic-minus"),
        pytest.param("da", "12 %", "12", "%", id="da-percent-with-space"),
        pytest.param("da", "3,5 point", "3.5", "point", id="da-unit-after"),
        pytest.param("da", "1.250 kr.", "1250", "kr.", id="da-kroner"),
        pytest.param("da", "  42  ", "42", "", id="da-spaces-around"),
        pytest.param("da", "1500,5", "1500.5", "", id="da-without-thousands-point"),
        pytest.param("en", "1,500.5", "1500.5", "", id="en-thousands-and-decimal-point"),
        pytest.param("en", "1,500", "1500", "", id="en-comma-groups-thousands"),
        pytest.param("en", "3.5", "3.5", "", id="en-decimal-point"),
        pytest.param("en", "1,234,567.89", "1234567.89", "", id="en-millions"),
        pytest.param("en", "12%", "12", "%", id="en-percent"),
        pytest.param("en", "$40", "40", "$", id="en-dollar-before"),
        pytest.param("en", "£ 2.5", "2.5", "£", id="en-pound-before-with-space"),
        pytest.param("en", "4.25 points", "4.25", "points", id="en-unit-after"),
        pytest.param("en", "+3", "3", "", id="en-plus-sign"),
    ],
)
def test_typed_number_is_read_with_its_unit(language, typed, value, unit):
    assert parse_typed_number(typed, language=language) == (Decimal(value), unit)


@pytest.mark.parametrize(
    ("language", "typed", "code", "message"),
    [
        pytest.param("en", "3,5", "decimal_comma", ENGLISH_FORMAT, id="en-decimal-comma"),
        pytest.param("en", "1,50", "decimal_comma", ENGLISH_FORMAT, id="en-comma-not-thousands"),
        pytest.param("da", "3.5", "decimal_point", DANISH_FORMAT, id="da-decimal-point"),
        pytest.param("da", "1.50", "decimal_point", DANISH_FORMAT, id="da-point-not-thousands"),
        pytest.param("da", "3,125", "max_decimal_places", TWO_DECIMALS, id="da-three-decimals"),
        pytest.param("en", "3.125", "max_decimal_places", TWO_DECIMALS, id="en-three-decimals"),
        pytest.param("en", "12345678901", "max_digits", None, id="en-too-large-for-the-model"),
        pytest.param("en", "about ten", "invalid", EXPECTED_FORMAT, id="en-words"),
        pytest.param("en", "1 500", "invalid", EXPECTED_FORMAT, id="en-space-in-number"),
        pytest.param("en", "1,2,3", "invalid", EXPECTED_FORMAT, id="en-list-of-numbers"),
        pytest.param("da", "1.5.2027", "invalid", EXPECTED_FORMAT, id="da-a-date"),
        pytest.param("da", "", "invalid", EXPECTED_FORMAT, id="da-nothing"),
        pytest.param("da", "kr. 500", "invalid", EXPECTED_FORMAT, id="da-unit-before"),
        pytest.param("en", "$40 USD", "invalid", EXPECTED_FORMAT, id="en-two-currencies"),
    ],
)
def test_unclear_number_is_refused_with_the_expected_format(language, typed, code, message):
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        parse_typed_number(typed, language=language)
    assert refusal.value.code == code
    if message is not None:
        assert refusal.value.messages == [message]


def test_too_large_number_says_how_many_digits_fit():
    with pytest.raises(ValidationError) as refusal:
        parse_typed_number("12345678901", language="en")
    assert "ten digits" in refusal.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        pytest.param("3.5", "decimal_point", id="english-decimal-point"),
        pytest.param("3,125", "max_decimal_places", id="three-decimals"),
        pytest.param("ca. 3", "invalid", id="words"),
    ],
)
def test_danish_page_refuses_with_the_danish_rule(typed, code):
    field = TypedNumberField()
    with translation.override("da"), pytest.raises(ValidationError) as refusal:
        field.clean(typed)
    assert refusal.value.code == code


class TargetForm(forms.Form):
    target = TypedNumberField(unit_field="unit")
    unit = forms.CharField(required=False)

    def clean(self):
        super().clean()
        take_typed_units(self)
        return self.cleaned_data


class CountForm(forms.Form):
    target = TypedNumberField(whole=True)


@pytest.mark.parametrize(
    ("language", "typed", "value"),
    [
        pytest.param("da", "1.500,5", "1500.5", id="da"),
        pytest.param("en", "1,500.5", "1500.5", id="en"),
    ],
)
def test_field_reads_the_active_language(language, typed, value):
    with translation.override(language):
        assert TypedNumberField().clean(typed) == Decimal(value)


@pytest.mark.parametrize(
    ("language", "typed", "unit"),
    [
        pytest.param("da", "3,5 point", "point", id="da-point"),
        pytest.param("da", "75 %", "%", id="da-percent"),
        pytest.param("en", "3.5 points", "points", id="en-points"),
        pytest.param("en", "£55", "£", id="en-pounds"),
    ],
)
def test_unit_typed_after_the_number_moves_to_the_unit_field(language, typed, unit):
    with translation.override(language):
        form = TargetForm({"target": typed, "unit": ""})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == unit
    assert form.cleaned_data["target"].unit == unit


def test_unit_typed_twice_alike_is_kept_once():
    form = TargetForm({"target": "12 %", "unit": "%"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["target"], form.cleaned_data["unit"]) == (Decimal(12), "%")


def test_unit_typed_after_the_number_that_disagrees_with_the_unit_field_is_refused():
    form = TargetForm({"target": "3.5 points", "unit": "%"})
    assert not form.is_valid()
    assert form.errors["target"] == [
        "You typed “points” after the number but chose “%” as the unit: keep one of them."
    ]


def test_field_without_a_unit_field_refuses_a_unit_rather_than_dropping_it():
    form = CountForm({"target": "5 meetings"})
    assert not form.is_valid()
    assert form.errors["target"] == ["Write the number only, without “meetings”."]


@pytest.mark.parametrize(
    ("language", "typed"),
    [pytest.param("da", "2,5", id="da"), pytest.param("en", "2.5", id="en")],
)
def test_count_target_must_be_a_whole_number(language, typed):
    with translation.override(language):
        form = CountForm({"target": typed})
        assert not form.is_valid()
        assert form.errors.as_data()["target"][0].code == "whole"
    assert "whole number" in CountForm({"target": "2.5"}).errors["target"][0]


def test_count_target_accepts_a_whole_number_written_with_decimals():
    form = CountForm({"target": "5.00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["target"] == 5


def test_empty_required_field_says_it_is_required():
    form = CountForm({"target": "  "})
    assert form.errors["target"] == ["This field is required."]


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        pytest.param("da", Decimal("3.50"), 'value="3,5"', id="da-no-trailing-zero"),
        pytest.param("da", Decimal("1500.00"), 'value="1500"', id="da-whole"),
        pytest.param("en", Decimal("3.50"), 'value="3.5"', id="en-no-trailing-zero"),
        pytest.param("en", Decimal("12.25"), 'value="12.25"', id="en-two-decimals"),
    ],
)
def test_existing_value_is_shown_in_the_active_language_without_needless_zeros(
    language, value, shown
):
    with translation.override(language):
        html = str(CountForm(initial={"target": value})["target"])
    assert shown in html
    assert 'inputmode="decimal"' in html


def test_refused_input_is_shown_again_as_typed():
    with translation.override("da"):
        html = str(CountForm({"target": "3.5"})["target"])
    assert 'value="3.5"' in html
