"""How key result numbers are written for people: no needless zeros, in the reader's locale."""

from decimal import Decimal, InvalidOperation

from django.utils import formats


def display_number(value: Decimal | str | int | float | None) -> str:
    """3.50 → "3.5" ("3,5" in Danish), 3.00 → "3", 12.25 → "12.25"; text that is no number as is."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return formats.number_format(number, use_l10n=True)
