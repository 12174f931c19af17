import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DIGITS = re.compile(r"[0-9]")
# The same rule for the database's CHECK constraint (POSIX regex on PostgreSQL, Python's on SQLite).
DIGITS_SQL = r"[0-9]"


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
