"""Numbers as people type them into form fields: "3,5 point" in Danish, "1,500.5" in English."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .numbers import display_number


@dataclass(frozen=True)
class NumberFormat:
    """How one language writes a number: the decimal sign and the thousands separator."""

    decimal: str
    thousands: str


FORMATS = {
    "da": NumberFormat(decimal=",", thousands="."),
    "en": NumberFormat(decimal=".", thousands=","),
}
# Currency signs people put in front of the number ("$40", "€ 12,50").
CURRENCY_SIGNS = ("€", "$", "£")
# What the model stores: DecimalField(max_digits=12, decimal_places=2).
MAX_DECIMALS = 2
MAX_WHOLE_DIGITS = 10
MINUS_SIGNS = "-−–"

EXPECTED = _("Write a number like 3.5 or 1,500.5.")
DECIMAL_COMMA = _(
    "In English, a point separates the decimals and a comma the thousands: "
    "write 3.5 for three and a half, and 1,500 for one thousand five hundred."
)
DECIMAL_POINT = _(
    "In Danish, a comma separates the decimals and a point the thousands: "
    "write 3,5 for three and a half, and 1.500 for one thousand five hundred."
)
TOO_MANY_DECIMALS = _("Use at most two decimals, e.g. 3.25.")
TOO_LARGE = _("That number is too large: use at most ten digits before the decimals.")
WHOLE = _("Write a whole number, e.g. 5: a count goes up one event at a time.")
UNIT_NOT_EXPECTED = _("Write the number only, without “%(unit)s”.")
UNIT_DISAGREES = _(
    "You typed “%(typed)s” after the number but chose “%(unit)s” as the unit: keep one of them."
)

TYPED = re.compile(
    r"^(?P<sign>[" + MINUS_SIGNS + r"+]?)\s*"
    r"(?P<currency>[" + "".join(CURRENCY_SIGNS) + r"]?)\s*"
    r"(?P<digits>\d[\d.,]*)"
    r"(?P<unit>.*)$",
    re.DOTALL,
)


def number_format(language: str | None) -> NumberFormat:
    """The number format of `language` ("da-dk" reads as Danish); English for the rest."""
    return FORMATS.get((language or "en").split("-")[0].lower(), FORMATS["en"])


def read_number(digits: str, *, language: str | None) -> Decimal:
    """The value of digits with separators ("1.500,5" in Danish); ValidationError if unclear."""
    fmt = number_format(language)
    dec, thou = re.escape(fmt.decimal), re.escape(fmt.thousands)
    plain = rf"\d+(?:{dec}\d+)?"
    grouped = rf"\d{{1,3}}(?:{thou}\d{{3}})+(?:{dec}\d+)?"
    if not re.fullmatch(f"{plain}|{grouped}", digits):
        raise _misread(digits, fmt)
    whole, _sep, decimals = digits.replace(fmt.thousands, "").partition(fmt.decimal)
    if len(decimals) > MAX_DECIMALS:
        raise ValidationError(TOO_MANY_DECIMALS, code="max_decimal_places")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValidationError(TOO_LARGE, code="max_digits")
    return Decimal(f"{whole}.{decimals}" if decimals else whole)


def _misread(digits: str, fmt: NumberFormat) -> ValidationError:
    """The error for digits that do not follow `fmt`, with a hint when it is the other format."""
    other = FORMATS["da"] if fmt is FORMATS["en"] else FORMATS["en"]
    if re.fullmatch(rf"\d+(?:{re.escape(other.decimal)}\d+)?", digits):
        if fmt is FORMATS["en"]:
            return ValidationError(DECIMAL_COMMA, code="decimal_comma")
        return ValidationError(DECIMAL_POINT, code="decimal_point")
    return ValidationError(EXPECTED, code="invalid")


def parse_typed_number(text: str, *, language: str) -> tuple[Decimal, str]:
    """The number typed in `text` and the unit typed with it: "3,5 point" → (3.5, "point")."""
    match = TYPED.fullmatch(text.strip())
    if match is None:
        raise ValidationError(EXPECTED, code="invalid")
    value = read_number(match["digits"], language=language)
    if match["sign"] and match["sign"] != "+":
        value = -value
    unit = match["currency"] or match["unit"].strip()
    if match["currency"] and match["unit"].strip():
        raise ValidationError(EXPECTED, code="invalid")
    if any(char.isdigit() for char in unit):
        raise ValidationError(EXPECTED, code="invalid")
    return value, unit


class TypedNumber(Decimal):
    """A Decimal that remembers the unit typed after it ("3,5 point" → 3.5 with unit "point")."""

    unit: str

    def __new__(cls, value: Decimal, unit: str = "") -> TypedNumber:
        number = super().__new__(cls, value)
        number.unit = unit
        return number


class TypedNumberField(forms.Field):
    """A number typed the way the active language writes it, with an optional unit after it.

    The clean value is a TypedNumber (a Decimal) whose `.unit` holds what was typed after the
    number. With `unit_field`, call `take_typed_units(form)` in the form's clean() to move it
    into that field; without it, a typed unit is refused."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, *, whole: bool = False, unit_field: str | None = None, **kwargs: Any):
        self.whole = whole
        self.unit_field = unit_field
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> TypedNumber | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float):
            return TypedNumber(Decimal(str(value)))
        number, unit = parse_typed_number(str(value), language=get_language() or "en")
        if unit and self.unit_field is None:
            raise ValidationError(UNIT_NOT_EXPECTED, code="unit", params={"unit": unit})
        return TypedNumber(number, unit)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if self.whole and value is not None and value != value.to_integral_value():
            raise ValidationError(WHOLE, code="whole")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | int | float):
            return display_number(value)
        return value


def take_typed_units(form: forms.BaseForm) -> None:
    """Move units typed after numbers into the forms' unit fields, or say where they disagree."""
    cleaned = form.cleaned_data
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if not isinstance(field, TypedNumberField) or field.unit_field is None:
            continue
        typed = getattr(value, "unit", "")
        if not typed:
            continue
        chosen = cleaned.get(field.unit_field) or ""
        if not chosen:
            cleaned[field.unit_field] = typed
        elif chosen.casefold() != typed.casefold():
            form.add_error(
                name,
                ValidationError(
                    UNIT_DISAGREES, code="unit_disagrees", params={"typed": typed, "unit": chosen}
                ),
            )
