import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DIGITS = re.compile(r"[0-9]")
# The same rule for the database's CHECK constraint (POSIX regex on PostgreSQL, Python's on SQLite).
DIGITS_SQL = r"[0-9]"


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def validate_single_line(value: str) -> None:
    """Refuse line breaks and control characters in a title: it goes into email subjects."""
    if CONTROL.search(value or ""):
        raise ValidationError(
            _("Write the title on one line, without line breaks."), code="not_one_line"
        )


def validate_no_numbers(value: str) -> None:
    """Refuse a title that carries numbers: objectives are qualitative; numbers belong in KRs."""
    if DIGITS.search(value or ""):
        raise ValidationError(
            _(
                "An objective is a qualitative goal, so its title has no numbers. "
                "Put the numbers in a key result under it, e.g. “customer satisfaction "
                "from 3.0 to 3.5 by the end of the quarter”."
            ),
            code="numbers_in_objective",
        )
