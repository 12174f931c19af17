"""How key result numbers are written for people: no needless zeros, in the reader's locale."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

Number = Decimal | str | int | float | None


def display_number(value: Number) -> str:
    """3.50 → "3.5" ("3,5" in Danish), 3.00 → "3", 12.25 → "12.25"; text that is no number as is."""
    (written,) = display_numbers([value])
    return written


def display_numbers(values: Iterable[Number]) -> list[str]:
    """display_number() of each value, the reader's separators looked up once for all: a page
    of ten thousand key results writes two hundred thousand numbers in its sparklines' labels."""
    language = get_language()
    separator = get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
    grouping = get_format("NUMBER_GROUPING", language, use_l10n=True)
    thousands = get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
    written = []
    for value in values:
        number = _without_needless_zeros(value)
        if isinstance(number, Decimal):  # as formats.number_format() writes it
            number = numberformat.format(
                number, separator, None, grouping, thousands, use_l10n=True
            )
        written.append(number)
    return written


def _without_needless_zeros(value: Number) -> Decimal | str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()
