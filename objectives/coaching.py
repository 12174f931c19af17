"""Coaching while an objective is typed: what blocks saving it, and what would make it clearer."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .validators import validate_no_numbers

StrOrPromise = str | Promise


@dataclass(frozen=True)
class ObjectiveWords:
    """The words of one language that give away a date, a number or a goal anyone could set."""

    months: tuple[str, ...]  # a date wherever they stand
    verb_months: tuple[str, ...]  # "may" and "march" are also verbs: a date after a time word
    time_words: tuple[str, ...]  # "inden", "by": what follows names a time
    after_time_words: tuple[str, ...]  # "jul", "summer", "Friday": a date only after a time word
    relative: tuple[str, ...]  # "næste kvartal", "this year": a date wherever they stand
    numbers: tuple[str, ...]  # numbers written as words
    generic: frozenset[str]  # words that say nothing about which goal


def _word_set(text: str) -> frozenset[str]:
    """The words of `text`, as a set."""
    return frozenset(text.split())


# fmt: off
DANISH = ObjectiveWords(
    months=(
        "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
        "oktober", "november", "december",
    ),
    verb_months=(),
    time_words=(
        "inden udgangen af", "ved udgangen af", "udgangen af", "i løbet af", "inden for",
        "indenfor", "frem til", "senest", "inden", "efter", "før", "til", "ved", "i",
    ),
    after_time_words=(
        "jul", "julen", "påske", "påsken", "sommer", "sommeren", "sommerferien", "efteråret",
        "efterårsferien", "vinteren", "vinterferien", "foråret", "nytår", "årsskiftet", "kvartalet",
        "året", "år", "mandag", "tirsdag", "onsdag", "torsdag", "fredag",
    ),
    relative=(
        "næste kvartal", "dette kvartal", "næste måned", "denne måned", "næste uge", "denne uge",
        "næste år", "næste halvår", "første kvartal", "andet kvartal", "tredje kvartal",
        "fjerde kvartal", "første halvår", "andet halvår",
    ),
    numbers=(
        "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv", "tyve",
        "hundrede", "tusind", "million", "millioner", "procent",
    ),
    generic=_word_set(
        "alt at bare bedre bedst bedste blive det effektiv effektivisering effektivitet en et "
        "flere fokus forbedre forbedring forbedringer generelt god gode godt i kvalitet med mere "
        "mest og optimere optimering os på resultater succes succesfuld til ting udvikle "
        "udvikling vi vokse vores vækst være"
    ),
)
# fmt: on

# fmt: off
ENGLISH = ObjectiveWords(
    months=(
        "january", "february", "april", "june", "july", "august", "september", "october",
        "november", "december",
    ),
    verb_months=("march", "may"),
    time_words=(
        "by the end of", "by end of", "at the end of", "end of", "before", "until", "till",
        "during", "within", "since", "from", "after", "by", "in",
    ),
    after_time_words=(
        "christmas", "easter", "summer", "the summer", "autumn", "the autumn", "winter", "spring",
        "the new year", "new year", "the quarter", "the year", "year-end", "year end", "monday",
        "tuesday", "wednesday", "thursday", "friday",
    ),
    relative=(
        "next quarter", "this quarter", "next month", "this month", "next week", "this week",
        "next year", "this year", "first quarter", "second quarter", "third quarter",
        "fourth quarter", "first half", "second half", "year-end",
    ),
    numbers=(
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "twenty", "hundred", "thousand", "million", "percent", "per cent",
    ),
    generic=_word_set(
        "a and be become best better do efficiency efficient everything focus generally get good "
        "great grow growth improve improvement improvements in just more on optimisation optimise "
        "optimization optimize our quality results stuff success successful the thing things to "
        "us we with"
    ),
)
# fmt: on

WORDS = {"da": DANISH, "en": ENGLISH}

# A digit next to a time word or a quarter names a date ("Q2", "uge 42", "2027"), not an amount.
DIGIT_DATES = re.compile(
    r"\bQ[1-4]\b|\bH[12]\b|\b(?:19|20)\d\d\b|\b\d{1,2}\.\s*(?:kvartal|halvår)|"
    r"\b(?:uge|week)\s+\d{1,2}\b|\b\d{1,2}[./]\d{1,2}(?:[./-]\d{2,4})?\b",
    re.IGNORECASE,
)

DATE_IN_OBJECTIVE = _(
    "An objective is a qualitative goal, so its title has no dates: its period says when it "
    "ends. Put the deadline in a key result under it, e.g. “customer satisfaction from 3.0 to "
    "3.5 by the end of March”."
)
GENERIC = _(
    "Any team could set this objective. Say what should be different, and for whom, e.g. "
    "“Customers get an answer the same day”."
)
SHORT = _(
    "A few more words would help: say what should be better, and for whom, e.g. “Customers get "
    "an answer the same day”."
)
SHORT_NO_DESCRIPTION = _(
    "A few more words would help: say what should be better, and for whom, e.g. “Customers get "
    "an answer the same day”, or explain why it matters in the description."
)

MIN_CHARACTERS = 12


@dataclass(frozen=True)
class Hint:
    """One piece of coaching: which field it concerns, what to do, and whether it blocks."""

    code: str
    message: StrOrPromise
    blocking: bool = False
    field: str | None = None


def _phrases(phrases: tuple[str, ...]) -> str:
    """A regex matching any of `phrases` as whole words (longest first)."""
    ordered = sorted(phrases, key=len, reverse=True)
    return (
        r"(?<!\w)(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + r")(?!\w)"
    )


@functools.cache
def _date_pattern(language: str) -> re.Pattern[str]:
    """Matches a date written in words in `language`: "i oktober", "by March", "next quarter"."""
    w = WORDS[language]
    after_time = _phrases(w.verb_months + w.after_time_words)
    return re.compile(
        rf"{_phrases(w.months + w.relative)}|{_phrases(w.time_words)}\s+(?:the\s+)?{after_time}",
        re.IGNORECASE,
    )


@functools.cache
def _number_word_pattern(language: str) -> re.Pattern[str]:
    """Matches a number written as a word in `language`."""
    return re.compile(_phrases(WORDS[language].numbers), re.IGNORECASE)


def _words_of(language: str) -> ObjectiveWords:
    """The table for `language` ("da-dk" is Danish); English for the rest."""
    return WORDS.get((language or "en").split("-")[0].lower(), ENGLISH)


def _language(language: str) -> str:
    """The table key for `language`."""
    code = (language or "en").split("-")[0].lower()
    return code if code in WORDS else "en"


def date_in(title: str, *, language: str) -> str | None:
    """The date written in `title` ("Q2", "i oktober", "by March"), if there is one."""
    match = DIGIT_DATES.search(title) or _date_pattern(_language(language)).search(title)
    return match[0] if match else None


def _has_number(title: str, language: str) -> bool:
    """True when `title`, dates aside, holds a number in digits or in words."""
    without_dates = DIGIT_DATES.sub(" ", title)
    try:
        validate_no_numbers(without_dates)
    except ValidationError:
        return True
    return bool(_number_word_pattern(_language(language)).search(without_dates))


def _numbers_hint() -> Hint:
    """The validator's own refusal of numbers, as a blocking hint on the title."""
    try:
        validate_no_numbers("0")
    except ValidationError as refusal:
        return Hint(refusal.code or "numbers_in_objective", refusal.message, True, "title")
    raise AssertionError("validate_no_numbers accepted a digit")


def _is_generic(title: str, language: str) -> bool:
    """True when every word of `title` could stand in anyone's objective ("Be better")."""
    words = re.findall(r"\w+", title.lower())
    return bool(words) and all(word in _words_of(language).generic for word in words)


def coach_objective(*, title: str, description: str = "", language: str) -> list[Hint]:
    """Hints on an objective's title: dates and numbers block; vague or very short titles not."""
    title = " ".join(title.split())
    if not title:
        return []
    hints = []
    if date_in(title, language=language):
        hints.append(Hint("date_in_objective", DATE_IN_OBJECTIVE, True, "title"))
    if _has_number(title, language):
        hints.append(_numbers_hint())
    if _is_generic(title, language):
        hints.append(Hint("generic_objective", GENERIC, False, "title"))
    elif len(title.split()) < 2 or len(title) < MIN_CHARACTERS:
        message = SHORT if description.strip() else SHORT_NO_DESCRIPTION
        hints.append(Hint("short_objective", message, False, "title"))
    return hints
