"""Key results written the way people speak, in Danish or English, read into their fields.

"Bevæge kundetilfredsheden fra 3,0 til 3,5 indenfor næste kvartal" becomes the title
"Kundetilfredsheden", a change from 3.0 to 3.5 and the last day of next quarter. Whatever is
unclear is left empty and named in `problems`: the reader never guesses.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from .typed_numbers import read_number

StrOrPromise = str | Promise
Kind = Literal["change", "count", "rate"]
Per = Literal["week", "month"]


@dataclass(frozen=True)
class Words:
    """The words one language uses for numbers, time frames and the verbs around them."""

    months: dict[str, int]  # full names: read after a time word, or beside a day or a year
    month_abbreviations: dict[str, int]  # read only beside a day: "15. okt. 2027"
    ordinals: dict[str, int]  # "andet kvartal", "second quarter", "første halvår"
    number_words: dict[str, int]  # "fem kundeinterviews", "twice a week"
    end_leads: tuple[str, ...]  # the deadline is the last day of what follows
    before_leads: tuple[str, ...]  # the deadline is the day before what follows begins
    unclear_leads: tuple[str, ...]  # "by March": its first or its last day?
    next_words: tuple[str, ...]
    this_words: tuple[str, ...]
    nouns: dict[str, str]  # "kvartal" → "quarter": the spans "next …" and "this …" name
    the_period: tuple[str, ...]  # "the quarter": the objective's period when it is known
    year_end: tuple[str, ...]  # "årets udgang", "year-end"
    in_spans: tuple[str, ...]  # "om 3 måneder", "within 6 weeks"
    span_units: dict[str, str]  # "uger" → "weeks"
    week: str
    quarter: str
    half: str
    day_suffix: str  # "15." in Danish, "15th" in English
    vague: tuple[str, ...]  # holidays and seasons: no date to be read from them
    rates: dict[str, tuple[str, ...]]  # "week", "month" and "other" (refused)
    rate_adjectives: tuple[str, ...]  # a rate only after a number: "monthly recurring revenue"
    times: tuple[str, ...]  # "2 gange om ugen", "3 times a week"
    not_rate_before: tuple[str, ...]  # "within a month" is a time frame, not a rate
    currencies: dict[str, str]  # written before or after the number
    units: dict[str, str]  # written after the number, as people spell them → as stored
    time_units: tuple[str, ...]  # "within 24 hours" defines what is measured
    scale: str  # "på en skala fra 1 til 5" defines what is measured too
    within: tuple[str, ...]
    multipliers: dict[str, int]
    from_words: tuple[str, ...]
    to_words: tuple[str, ...]
    relative_before: tuple[str, ...]  # "øge salget med 20 %"
    relative_after: tuple[str, ...]  # "20 % flere kunder"
    relative_verbs: tuple[str, ...]  # "halvere ventetiden"
    at_least: tuple[str, ...]  # "mindst 8 roser": still a count
    level_before: tuple[str, ...]  # "en tilfredshed på 4,5", "churn below 2%"
    of_words: tuple[str, ...]  # "90 % af henvendelserne"
    level_verbs: tuple[str, ...]  # "nå 1.000 kunder": a level, not a count
    verbs: tuple[str, ...]  # leading verbs that are not part of what is measured
    particles: tuple[str, ...]  # "bring down", "skrue op for"
    openers: tuple[str, ...]  # "vi skal", "we will", "to"
    modals: tuple[str, ...]  # Danish word order after a fronted time frame
    determiners: tuple[str, ...]
    connectors: tuple[str, ...]  # trimmed from either end of the title


# fmt: off
DANISH = Words(
    months={
        "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
        "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    },
    month_abbreviations={
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "okt": 10, "nov": 11, "dec": 12,
    },
    ordinals={"første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4},
    number_words={
        "én gang": 1, "en gang": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
        "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "femten": 15, "tyve": 20,
    },
    # a trailing "og"/"eller": "i marts og april" names two time frames
    end_leads=(
        "senest ved udgangen af", "inden udgangen af", "ved udgangen af", "med udgangen af",
        "til udgangen af", "udgangen af", "inden slutningen af", "ved slutningen af",
        "slutningen af", "ultimo", "senest i", "i løbet af", "inden for", "indenfor", "til og med",
        "senest", "i", "og", "eller",
    ),
    before_leads=("inden", "før"),
    unclear_leads=("til",),
    next_words=("næste", "kommende"),
    this_words=("dette", "denne", "indeværende", "nuværende"),
    nouns={"kvartal": "quarter", "måned": "month", "uge": "week", "år": "year", "halvår": "half"},
    the_period=("kvartalet", "perioden"),
    year_end=("årets udgang", "året", "årsskiftet", "nytår"),
    in_spans=("om", "inden for", "indenfor", "i løbet af de næste", "de næste"),
    span_units={"uge": "weeks", "uger": "weeks", "måned": "months", "måneder": "months"},
    week="uge",
    quarter="kvartal",
    half="halvår",
    day_suffix=r"\.?",
    vague=(
        "jul", "julen", "påske", "påsken", "sommer", "sommeren", "sommerferien", "efteråret",
        "efterårsferien", "vinterferien", "foråret", "snarest", "mandag", "tirsdag", "onsdag",
        "torsdag", "fredag",
    ),
    rates={
        "week": (
            "om ugen", "på en uge", "pr. uge", "pr uge", "per uge", "hver uge", "hver eneste uge",
            "i ugen", "ugentligt", "ugentlige", "/uge",
        ),
        "month": (
            "om måneden", "på en måned", "pr. måned", "pr måned", "per måned", "hver måned",
            "hver eneste måned", "i måneden", "månedligt", "månedlige", "/md.", "/md", "/måned",
        ),
        "other": (
            "om dagen", "hver dag", "dagligt", "pr. dag", "per dag", "om året", "hvert år",
            "årligt", "pr. år", "per år", "hvert kvartal", "pr. kvartal", "per kvartal",
            "hver anden uge", "hver 14. dag", "hver fjortende dag",
        ),
    },
    rate_adjectives=("ugentligt", "ugentlige", "månedligt", "månedlige"),
    times=("gange", "gang", "x"),
    not_rate_before=("inden", "om", "for"),
    currencies={
        "kr.": "kr.", "kr": "kr.", "kroner": "kr.", "dkk": "DKK", "eur": "EUR", "euro": "EUR",
        "€": "€", "$": "$", "usd": "USD", "£": "£", "gbp": "GBP",
    },
    units={
        "%": "%", "procent": "%", "pct.": "%", "pct": "%", "procentpoint": "procentpoint",
        "procentpoints": "procentpoint", "point": "point", "stjerner": "stjerner",
        "sekunder": "sekunder", "minutter": "minutter", "timer": "timer", "time": "timer",
        "sekund": "sekunder", "minut": "minutter", "dag": "dage", "dage": "dage",
        "arbejdsdage": "arbejdsdage",
    },
    time_units=("sekunder", "minutter", "timer", "dage", "arbejdsdage"),
    scale=r"(?:på\s+)?(?:en\s+)?skala\s+(?:fra\s+)?\d+\s*(?:til|-|–)\s*\d+",
    within=("inden for", "indenfor", "på under", "på"),
    multipliers={"mio.": 1000000, "mio": 1000000, "millioner": 1000000, "tusind": 1000, "k": 1000},
    from_words=("fra",),
    to_words=("ned til", "op til", "op på", "ned på", "til", "→", "->", "–", "-"),
    relative_before=("med",),
    relative_after=("flere", "færre", "mere", "mindre", "højere", "lavere", "bedre"),
    relative_verbs=("halvere", "halvér", "fordoble", "fordobl", "tredoble"),
    at_least=("mindst", "minimum", "min.", "ikke færre end"),
    level_before=(
        "over", "under", "højst", "maksimalt", "maks.", "max", "mere end", "mindre end",
        "flere end", "færre end", "på",
    ),
    of_words=("af",),
    level_verbs=("nå", "ramme"),
    verbs=(
        "øge", "øg", "hæve", "hæv", "forbedre", "forbedr", "mindske", "mindsk", "reducere",
        "reducer", "reducér", "sænke", "sænk", "nedbringe", "nedbring", "bevæge", "bevæg", "flytte",
        "flyt", "løfte", "løft", "bringe", "bring", "skrue", "styrke", "styrk", "få", "modtage",
        "modtag", "vinde", "vind", "lukke", "luk", "opnå", "sælge", "sælg", "skaffe", "hverve",
        "rekruttere", "ansætte", "holde", "hold", "afholde", "afhold", "gennemføre", "gennemfør",
        "lave", "lav", "skrive", "skriv", "sende", "send", "ringe til", "lancere", "publicere",
        "udgive", "booke", "book", "onboarde", "indsamle", "tiltrække", "levere", "nå", "ramme",
    ),
    particles=("op for", "ned på", "op", "ned"),
    openers=("vi skal", "vi vil", "vi", "at"),
    modals=("skal", "vil", "må", "bør", "kan"),
    determiners=("en", "et", "vores", "deres", "hver", "alle", "mindst", "vi", "de"),
    connectors=(
        "fra", "til", "med", "i", "på", "af", "for", "og", "at", "inden", "senest", "ved", "så",
        "op", "ned",
    ),
)
# fmt: on

# fmt: off
ENGLISH = Words(
    months={
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
        "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    },
    month_abbreviations={
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dec": 12,
    },
    ordinals={"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3},
    number_words={
        "once": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    },
    # a trailing "and"/"or": "in March and April" names two time frames
    end_leads=(
        "by the end of", "by end of", "at the end of", "before the end of", "until the end of",
        "no later than the end of", "the end of", "end of", "in the course of",
        "over the course of", "within the", "within", "during the", "during", "in the", "in",
        "over the", "throughout", "for", "and", "or",
    ),
    before_leads=("before", "ahead of", "prior to"),
    unclear_leads=("by", "until", "till", "no later than"),
    next_words=("next", "the next", "the coming", "coming"),
    this_words=("this", "the current", "current"),
    nouns={"quarter": "quarter", "month": "month", "week": "week", "year": "year", "half": "half"},
    the_period=("the quarter", "quarter", "the period"),
    year_end=("year-end", "year end", "the year", "year", "the new year", "new year"),
    in_spans=("in", "within", "within the next", "over the next", "in the next"),
    span_units={"week": "weeks", "weeks": "weeks", "month": "months", "months": "months"},
    week="week",
    quarter="quarter",
    half="half",
    day_suffix="(?:st|nd|rd|th)?",
    vague=(
        "christmas", "easter", "the summer", "summer", "the autumn", "autumn", "the holidays",
        "spring", "the spring", "asap", "monday", "tuesday", "wednesday", "thursday", "friday",
    ),
    rates={
        "week": ("a week", "per week", "each week", "every week", "weekly", "/week", "a wk"),
        "month": ("a month", "per month", "each month", "every month", "monthly", "/month"),
        "other": (
            "a day", "per day", "every day", "daily", "a year", "per year", "every year",
            "annually", "yearly", "per annum", "a quarter", "per quarter", "every quarter",
            "quarterly", "every other week", "every two weeks", "fortnightly",
        ),
    },
    rate_adjectives=("weekly", "monthly"),
    times=("times", "x"),
    not_rate_before=("in", "within", "for", "over"),
    currencies={
        "£": "£", "gbp": "GBP", "€": "€", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "$",
        "usd": "USD", "dkk": "DKK", "kr": "kr.", "kr.": "kr.",
    },
    units={
        "%": "%", "percent": "%", "per cent": "%", "percentage points": "percentage points",
        "points": "points", "point": "points", "pts": "points", "stars": "stars",
        "seconds": "seconds", "minutes": "minutes", "mins": "minutes", "hours": "hours",
        "hour": "hours", "second": "seconds", "minute": "minutes", "day": "days", "days": "days",
        "working days": "working days", "business days": "business days",
    },
    time_units=("seconds", "minutes", "hours", "days", "working days", "business days"),
    scale=r"on\s+a\s+(?:scale\s+(?:of|from)\s+\d+\s*(?:to|-|–)\s*\d+|\d+\s*[-–]\s*\d+\s+scale)",
    within=("within", "in under", "in less than"),
    multipliers={"million": 1000000, "thousand": 1000, "m": 1000000, "k": 1000},
    from_words=("from",),
    to_words=("down to", "up to", "to", "→", "->", "–", "-"),
    relative_before=("by",),
    relative_after=("more", "fewer", "less", "higher", "lower", "better"),
    relative_verbs=("halve", "double", "triple"),
    at_least=("at least", "minimum", "min.", "no fewer than"),
    level_before=(
        "over", "above", "under", "below", "at most", "no more than", "max", "maximum", "more than",
        "less than", "fewer than", "of", "at",
    ),
    of_words=("of",),
    level_verbs=("reach", "hit", "keep", "maintain"),
    verbs=(
        "increase", "raise", "improve", "reduce", "decrease", "lower", "cut", "move", "lift",
        "grow", "bring", "get", "boost", "drive", "take", "shorten", "shrink", "push", "receive",
        "win", "close", "achieve", "gain", "sign", "land", "book", "hold", "run", "send", "write",
        "make", "host", "complete", "conduct", "deliver", "publish", "launch", "hire", "recruit",
        "have", "see", "collect", "earn", "secure", "attract", "generate", "onboard", "sell",
        "ship", "hear", "reach", "hit", "keep", "maintain",
    ),
    particles=("down", "up"),
    openers=("we will", "we'll", "we want to", "we need to", "we must", "we", "to"),
    modals=(),
    determiners=(),
    connectors=(
        "from", "to", "by", "in", "on", "of", "at", "for", "and", "within", "before", "during",
        "the", "with", "up", "down",
    ),
)
# fmt: on

WORDS = {"da": DANISH, "en": ENGLISH}

NO_NUMBER = _("Found no number to reach. Write it in, e.g. “from 3.0 to 3.5” or “5 … in October”.")
NO_BASELINE = _(
    "What is the number today? Write “from … to %(target)s”, so progress is measured from "
    "where you start."
)
RELATIVE = _(
    "“%(text)s” is a change from today's number: write today's number and the target instead, "
    "e.g. “from 40 to 48”."
)
UNCLEAR_NUMBERS = _(
    "Found several numbers (%(numbers)s) and could not tell where you start from the target: "
    "write “from … to …”."
)
UNITS_DISAGREE = _("The start and the target have different units (%(units)s): use one.")
NO_DEADLINE = _("Say by when, e.g. “by the end of March”, “in Q2” or “15 March 2027”.")
UNCLEAR_DEADLINE = _(
    "“%(text)s” could mean the start or the end: write e.g. “by the end of March” or "
    "“before 1 March”."
)
VAGUE_DEADLINE = _(
    "“%(text)s” is no date that can be read: write a date, a month or a quarter, e.g. "
    "“by the end of March”."
)
SEVERAL_DEADLINES = _(
    "Found more than one time frame (%(text)s): keep the one that is the deadline."
)
PAST_DEADLINE = _("“%(text)s” has already passed: choose a deadline ahead.")
NO_DATE = _("“%(text)s” is not a date in the calendar.")
OTHER_RATE = _("“%(text)s”: a rate is counted per week or per month, e.g. “3 times a week”.")
NO_TITLE = _(
    "Say what is measured, e.g. “Customer satisfaction” or “Unsolicited positive comments”."
)

# A removed part of the sentence leaves this behind, so the words around it are not joined.
GAP = " ¦ "


@dataclass(frozen=True)
class Understood:
    """What a key result written in plain words says: its fields, and what was unclear."""

    title: str
    kind: Kind | None
    baseline: Decimal | None
    target: Decimal | None
    unit: str
    deadline: datetime.date | None
    rate_per: Per | None = None
    problems: list[StrOrPromise] = field(default_factory=list)
    language: str = "en"

    @property
    def is_complete(self) -> bool:
        """True when every field could be read and nothing was unclear."""
        return not self.problems and None not in (self.kind, self.target, self.deadline)


@dataclass(frozen=True)
class Span:
    """A stretch of days a time frame names ("Q2"), or one day ("15. marts 2027")."""

    first: datetime.date
    last: datetime.date
    exact: bool = False


@dataclass
class Reading:
    """The sentence while it is being read: what is left of it, and what was found so far."""

    text: str
    words: Words
    today: datetime.date
    period_start: datetime.date | None
    period_end: datetime.date | None
    problems: list[StrOrPromise] = field(default_factory=list)
    time_unclear: bool = False  # a problem about the time frame was already said
    rate_unclear: bool = False  # "om året": neither a change nor a rate we can keep

    def cut(self, start: int, end: int) -> None:
        """Remove text[start:end], leaving a gap that keeps the words on each side apart."""
        self.text = self.text[:start] + GAP + self.text[end:]


def _format_lazily(message: StrOrPromise, params: dict[str, str]) -> str:
    """The message in the language active when it is shown, with its placeholders filled."""
    return str(message) % params


_lazy_format = lazy(_format_lazily, str)


def say(message: StrOrPromise, **params: str) -> StrOrPromise:
    """`message` with `params`, translated when it is shown rather than when it is made."""
    return _lazy_format(message, params) if params else message


def _phrases(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases` (longest first), spaces matching any whitespace."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) + ")"


def _norm(text: str) -> str:
    """Lower case with single spaces, for looking words up in a table."""
    return " ".join(text.lower().split())


# --- Time frames ---------------------------------------------------------------------------


def _month(year: int, month: int) -> Span:
    """The days of `month` in `year`."""
    first = datetime.date(year, month, 1)
    return Span(first, first + relativedelta(day=31))


def _quarter(year: int, quarter: int) -> Span:
    """The days of quarter 1-4 in `year`."""
    first = datetime.date(year, 3 * quarter - 2, 1)
    return Span(first, first + relativedelta(months=2, day=31))


def _half(year: int, half: int) -> Span:
    """The days of the first or second half of `year`."""
    first = datetime.date(year, 6 * half - 5, 1)
    return Span(first, first + relativedelta(months=5, day=31))


def _week(year: int, week: int) -> Span:
    """Monday to Sunday of ISO week `week` in `year`."""
    return Span(
        datetime.date.fromisocalendar(year, week, 1), datetime.date.fromisocalendar(year, week, 7)
    )


def _year(year: int) -> Span:
    """The days of `year`."""
    return Span(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _relative(noun: str, ahead: int, today: datetime.date) -> Span:
    """This (`ahead`=0) or the next (1) quarter, month, week, half or year from `today`."""
    if noun == "quarter":
        start = _quarter(today.year, (today.month - 1) // 3 + 1).first
        first = start + relativedelta(months=3 * ahead)
        return _quarter(first.year, (first.month - 1) // 3 + 1)
    if noun == "month":
        first = today + relativedelta(months=ahead, day=1)
        return _month(first.year, first.month)
    if noun == "week":
        monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=ahead)
        return Span(monday, monday + datetime.timedelta(days=6))
    if noun == "half":
        start = _half(today.year, 1 if today.month <= 6 else 2).first
        first = start + relativedelta(months=6 * ahead)
        return _half(first.year, 1 if first.month <= 6 else 2)
    return _year(today.year + ahead)


@dataclass(frozen=True)
class TimeFrame:
    """One way of naming a time frame: its pattern, and how it turns into days."""

    pattern: re.Pattern[str]
    days: Callable[[re.Match[str], Reading], Span | None | Callable[[int], Span]]
    needs_lead: bool = False


def _year_of(match: re.Match[str]) -> int | None:
    """The year written in the match, if any ("27" is 2027)."""
    year = match.groupdict().get("year")
    if not year:
        return None
    return int(year) + 2000 if len(year) == 2 else int(year)


def _named(
    make: Callable[[int], Span],
) -> Callable[[re.Match[str], Reading], Callable[[int], Span] | Span]:
    """Days of a named month, quarter, week or half: in the year written, else the next one."""

    def days(match: re.Match[str], reading: Reading) -> Callable[[int], Span] | Span:
        year = _year_of(match)
        return make if year is None else make(year)

    return days


@functools.cache
def _time_frames(language: str) -> list[TimeFrame]:
    """The ways `language` names a time frame, compiled once, the most precise first."""
    w = WORDS[language]
    months = dict(w.months)
    any_month = {**months, **w.month_abbreviations}
    lead = _phrases(w.end_leads + w.before_leads + w.unclear_leads)
    year = r"(?P<year>20\d\d)"
    full_month = _phrases(months)
    month_with_day = r"(?P<month>" + _phrases(any_month) + r")\.?"
    flags = re.IGNORECASE

    def compile_(core: str) -> re.Pattern[str]:
        return re.compile(
            rf"(?<![\w.,/-])(?:(?P<lead>{lead})\s+)?(?P<core>{core})(?![\w/-])", flags
        )

    def month_of(match: re.Match[str]) -> int:
        return any_month[_norm(match["month"])]

    def day_month(match: re.Match[str], reading: Reading) -> Span | Callable[[int], Span]:
        month, day = month_of(match), int(match["day"])
        year_ = _year_of(match)
        if year_ is None:
            return lambda y: Span(datetime.date(y, month, day), datetime.date(y, month, day), True)
        return Span(datetime.date(year_, month, day), datetime.date(year_, month, day), True)

    def numeric(match: re.Match[str], reading: Reading) -> Span | Callable[[int], Span]:
        month, day = int(match["month"]), int(match["day"])
        year_ = _year_of(match)
        if year_ is None:
            return lambda y: Span(datetime.date(y, month, day), datetime.date(y, month, day), True)
        return Span(datetime.date(year_, month, day), datetime.date(year_, month, day), True)

    def ordinal_or_number(text: str) -> int:
        return int(text) if text.isdigit() else w.ordinals[_norm(text)]

    def quarter(match: re.Match[str], reading: Reading) -> Span | Callable[[int], Span]:
        number = ordinal_or_number(match["q"])
        return _named(lambda y: _quarter(y, number))(match, reading)

    def half(match: re.Match[str], reading: Reading) -> Span | Callable[[int], Span]:
        number = ordinal_or_number(match["h"])
        return _named(lambda y: _half(y, number))(match, reading)

    def week(match: re.Match[str], reading: Reading) -> Span | Callable[[int], Span]:
        number = int(match["w"])
        return _named(lambda y: _week(y, number))(match, reading)

    def month(match: re.Match[str], reading: Reading) -> Span | Callable[[int], Span] | None:
        if not match["lead"] and not match["year"]:
            return None  # "may" the verb, "marts" in a name: a month needs a time word or year
        number = months[_norm(match["month"])]
        return _named(lambda y: _month(y, number))(match, reading)

    def relative(match: re.Match[str], reading: Reading) -> Span:
        ahead = 1 if _norm(match["which"]) in w.next_words else 0
        return _relative(w.nouns[_norm(match["noun"])], ahead, reading.today)

    def in_span(match: re.Match[str], reading: Reading) -> Span:
        count = match["n"]
        number = int(count) if count.isdigit() else w.number_words[_norm(count)]
        unit = w.span_units[_norm(match["unit"])]
        step = relativedelta(weeks=number) if unit == "weeks" else relativedelta(months=number)
        day = reading.today + step
        return Span(day, day, True)

    def the_period(match: re.Match[str], reading: Reading) -> Span | None:
        if not match["lead"]:
            return None
        if reading.period_start and reading.period_end:
            return Span(reading.period_start, reading.period_end)
        return _relative("quarter", 0, reading.today)

    def year_end(match: re.Match[str], reading: Reading) -> Span | None:
        if not match["lead"] and "-" not in match["core"]:
            return None
        last = datetime.date(reading.today.year, 12, 31)
        return Span(last, last, exact=True)

    def whole_year(match: re.Match[str], reading: Reading) -> Span | None:
        return _year(int(match["year"])) if match["lead"] else None

    def this_year(match: re.Match[str], reading: Reading) -> Span:
        return _year(reading.today.year)

    def vague(match: re.Match[str], reading: Reading) -> None:
        raise _Unreadable(VAGUE_DEADLINE)

    number_word = _phrases(w.number_words)
    ordinal = _phrases(w.ordinals)
    frames = [
        TimeFrame(compile_(rf"{year}-(?P<month>\d\d?)-(?P<day>\d\d?)"), numeric),
        TimeFrame(
            compile_(r"(?P<day>\d\d?)[./](?P<month>\d\d?)[./-](?P<year>20\d\d|\d\d)"), numeric
        ),
        TimeFrame(compile_(r"(?P<day>\d\d?)/(?P<month>\d\d?)"), numeric, needs_lead=True),
        TimeFrame(
            compile_(rf"(?P<day>\d\d?){w.day_suffix}\s+(?:of\s+)?{month_with_day}(?:,?\s+{year})?"),
            day_month,
        ),
        TimeFrame(
            compile_(rf"{month_with_day}\s+(?P<day>\d\d?)(?:st|nd|rd|th)?,?\s+{year}"), day_month
        ),
        TimeFrame(compile_(rf"{w.week}\s+(?P<w>\d\d?)(?:,?\s+{year})?"), week),
        TimeFrame(compile_(rf"Q(?P<q>[1-4])(?:\s*[-/']?\s*{year})?"), quarter),
        TimeFrame(compile_(rf"{year}\s*[-/ ]?\s*Q(?P<q>[1-4])"), quarter),
        TimeFrame(compile_(rf"(?P<q>[1-4])\.\s*{w.quarter}(?:\s+{year})?"), quarter),
        TimeFrame(compile_(rf"(?P<q>{ordinal})\s+{w.quarter}(?:\s+(?:of\s+)?{year})?"), quarter),
        TimeFrame(compile_(rf"H(?P<h>[12])(?:\s*[-/]?\s*{year})?"), half),
        TimeFrame(compile_(rf"(?P<h>[12])\.\s*{w.half}(?:\s+{year})?"), half),
        TimeFrame(
            compile_(rf"(?P<h>{ordinal})\s+{w.half}(?:\s+of\s+the\s+year|\s+(?:of\s+)?{year})?"),
            half,
        ),
        TimeFrame(
            compile_(
                rf"{_phrases(w.in_spans)}\s+(?P<n>\d\d?|{number_word})\s+"
                rf"(?P<unit>{_phrases(w.span_units)})"
            ),
            in_span,
        ),
        TimeFrame(
            compile_(
                rf"(?P<which>{_phrases(w.next_words + w.this_words)})\s+"
                rf"(?P<noun>{_phrases(w.nouns)})"
            ),
            relative,
        ),
        TimeFrame(compile_(_phrases(w.the_period)), the_period, needs_lead=True),
        TimeFrame(compile_(_phrases(w.year_end)), year_end),
        TimeFrame(compile_(rf"(?P<month>{full_month})(?:\s+{year})?"), month),
        TimeFrame(compile_(year), whole_year, needs_lead=True),
        TimeFrame(compile_(_phrases(w.vague)), vague, needs_lead=True),
    ]
    if language == "da":
        frames.append(TimeFrame(compile_("år"), this_year, needs_lead=True))  # "i år"
    return frames


class _Unreadable(Exception):
    """A time frame that names no date that can be read ("inden jul")."""

    def __init__(self, message: StrOrPromise):
        self.message = message


def _deadline_of(days: Span | Callable[[int], Span], mode: str, reading: Reading) -> datetime.date:
    """The deadline a time frame names, reading a missing year as the next one still ahead."""
    if callable(days):
        deadline = _deadline_of(days(reading.today.year), mode, reading)
        if deadline < reading.today:
            deadline = _deadline_of(days(reading.today.year + 1), mode, reading)
        return deadline
    if days.exact or mode == "end":
        return days.last
    return days.first - datetime.timedelta(days=1)


def _lead_mode(lead: str | None, words: Words) -> str:
    """How a time word reads what follows: "end", "before" or "unclear"."""
    lead = _norm(lead or "")
    if lead in words.before_leads:
        return "before"
    if lead in words.unclear_leads:
        return "unclear"
    return "end"


def _read_deadline(reading: Reading) -> datetime.date | None:
    """Find the time frame in the sentence, cut it out, and return the deadline it names."""
    frames = _time_frames(_language_of(reading.words))
    found: list[tuple[int, int, datetime.date | None, str]] = []
    for frame in frames:
        for match in frame.pattern.finditer(reading.text):
            if frame.needs_lead and not match["lead"]:
                continue
            if any(match.start() < end and start < match.end() for start, end, _d, _w in found):
                continue
            written = match[0].strip()
            try:
                days = frame.days(match, reading)
                if days is None:
                    continue
                mode = _lead_mode(match["lead"], reading.words)
                exact = (days(reading.today.year) if callable(days) else days).exact
                if mode == "unclear" and not exact:
                    raise _Unreadable(UNCLEAR_DEADLINE)
                deadline = _deadline_of(days, mode, reading)
            except (_Unreadable, ValueError) as error:
                message = error.message if isinstance(error, _Unreadable) else NO_DATE
                reading.problems.append(say(message, text=written))
                reading.time_unclear = True
                deadline = None
            found.append((match.start(), match.end(), deadline, written))
    for start, end, _day, _written in sorted(found, reverse=True):
        reading.cut(start, end)
    deadlines = {day for _start, _end, day, _written in found if day is not None}
    if len(deadlines) > 1:
        names = ", ".join(f"“{written}”" for _start, _end, _day, written in found)
        reading.problems.append(say(SEVERAL_DEADLINES, text=names))
        reading.time_unclear = True
        return None
    if not deadlines:
        return None
    [deadline] = deadlines
    if deadline < reading.today:
        written = next(written for _start, _end, day, written in found if day == deadline)
        reading.problems.append(say(PAST_DEADLINE, text=written))
        reading.time_unclear = True
        return None
    return deadline


def _language_of(words: Words) -> str:
    """The language code a table of words belongs to."""
    return next(code for code, table in WORDS.items() if table is words)


# --- Rates ---------------------------------------------------------------------------------


def _ends_with_number(text: str, words: Words) -> bool:
    """True when `text` ends with a number ("3 weekly demos"), or is empty."""
    if not text.strip():
        return True
    return bool(re.search(rf"(?:\d|\b{_phrases(words.number_words)})\s*$", text, re.IGNORECASE))


@functools.cache
def _rate_pattern(language: str) -> re.Pattern[str]:
    """Matches "2 gange om ugen"'s "gange om ugen", "twice a week"'s "a week"."""
    w = WORDS[language]
    groups = "|".join(f"(?P<{per}>{_phrases(phrases)})" for per, phrases in w.rates.items())
    return re.compile(
        rf"(?<![\w/])(?:(?<!\ben\s)(?<!\bén\s)(?P<times>{_phrases(w.times)})\s+)?(?:{groups})(?!\w)",
        re.IGNORECASE,
    )


def _read_rate(reading: Reading) -> Per | None:
    """Find "per week" or "per month" in the sentence, cut it out, and say which."""
    w = reading.words
    not_before = re.compile(rf"\b{_phrases(w.not_rate_before)}\s*$", re.IGNORECASE)
    for match in _rate_pattern(_language_of(w)).finditer(reading.text):
        before = reading.text[: match.start()]
        if not match["times"] and not_before.search(before):
            continue  # "within a month" names a time frame
        adjective = _norm(match["week"] or match["month"] or "") in w.rate_adjectives
        if adjective and not match["times"] and not _ends_with_number(before, w):
            continue  # "monthly recurring revenue" is what is measured
        reading.cut(match.start(), match.end())
        if match["other"]:
            reading.problems.append(say(OTHER_RATE, text=match[0].strip()))
            reading.rate_unclear = True
            return None
        return "week" if match["week"] else "month"
    return None


# --- Numbers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """A number found in the sentence, with its unit and where it stands."""

    value: Decimal | None
    unit: str
    multiplier: int
    start: int
    end: int
    written: str


@functools.cache
def _number_pattern(language: str) -> re.Pattern[str]:
    """Matches a number with the currency, multiplier and unit written around it."""
    w = WORDS[language]
    currency = _phrases(w.currencies)
    words = _phrases(w.number_words)
    # "40k" and "£2m" stick to the number; "2 mio." may stand apart from it.
    attached = [m for m in w.multipliers if len(m) == 1] or ["(?!)"]
    apart = _phrases(m for m in w.multipliers if len(m) > 1)
    multiplier = rf"(?:\s?(?P<mult>{apart})|(?P<short>{_phrases(attached)}))"
    unit = _phrases({**w.units, **w.currencies})
    return re.compile(
        rf"(?<![\w.,/-])(?:(?P<pre>{currency})\s?)?"
        rf"(?P<num>[-−]?\d+(?:[.,]\d+)*|{words})"
        rf"(?:{multiplier}(?![\w]))?"
        rf"(?:\s?(?P<unit>{unit}))?"
        rf"(?!\w|-[^\W\d_])",
        re.IGNORECASE,
    )


def _number_value(text: str, reading: Reading) -> Decimal | None:
    """The value of a written number, or None (and a problem) when its format is unclear."""
    w = reading.words
    word = _norm(text)
    if word in w.number_words:
        return Decimal(w.number_words[word])
    negative = text[0] in "-−"
    try:
        value = read_number(text.lstrip("-−"), language=_language_of(w))
    except ValidationError as error:
        reading.problems.append(error.message)
        return None
    return -value if negative else value


def _tidy(value: Decimal) -> Decimal:
    """2.5 million as 2500000 rather than 2500000.0 or 2.5E+6."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _read_numbers(reading: Reading) -> list[Number]:
    """The numbers in what is left of the sentence, leaving out those that define the measure."""
    w = reading.words
    within = re.compile(rf"\b{_phrases(w.within)}\s*$", re.IGNORECASE)
    scales = [m.span() for m in re.finditer(w.scale, reading.text, re.IGNORECASE)]
    units = {**w.units, **w.currencies}
    numbers = []
    for match in _number_pattern(_language_of(w)).finditer(reading.text):
        unit = units.get(_norm(match["pre"] or ""), "") or units.get(_norm(match["unit"] or ""), "")
        if unit in w.time_units and within.search(reading.text[: match.start()]):
            continue  # "answered within 24 hours" says what is counted, not how many
        if any(start <= match.start() < end for start, end in scales):
            continue
        value = _number_value(match["num"], reading)
        multiplier = w.multipliers.get(_norm(match["mult"] or match["short"] or ""), 1)
        if value is not None and multiplier != 1:
            value = _tidy(value * multiplier)
        numbers.append(
            Number(value, unit, multiplier, match.start(), match.end(), match[0].strip())
        )
    return numbers


def _ends_with(text: str, phrases: Iterable[str]) -> re.Match[str] | None:
    """The phrase (one of `phrases`) that `text` ends with."""
    return re.search(rf"(?<!\w){_phrases(phrases)}\s*$", text, re.IGNORECASE)


def _starts_with(text: str, phrases: Iterable[str]) -> re.Match[str] | None:
    """The phrase (one of `phrases`) that `text` starts with."""
    return re.match(rf"\s*{_phrases(phrases)}(?!\w)", text, re.IGNORECASE)


@dataclass
class Amounts:
    """What the numbers of a sentence say: the kind of key result, where it starts and ends."""

    kind: Kind | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: str = ""


def _read_amounts(reading: Reading, rate_per: Per | None) -> Amounts:
    """Read baseline, target, unit and kind from the numbers, and cut them out."""
    w = reading.words
    numbers = _read_numbers(reading)
    if any(number.value is None for number in numbers):
        for number in reversed(numbers):
            reading.cut(number.start, number.end)
        return Amounts()
    if len(numbers) == 2:
        return _from_to(reading, numbers, rate_per)
    if len(numbers) == 1:
        return _single(reading, numbers[0], rate_per)
    if numbers:
        written = ", ".join(f"“{number.written}”" for number in numbers)
        reading.problems.append(say(UNCLEAR_NUMBERS, numbers=written))
        return Amounts()
    verb = _starts_with(reading.text, w.relative_verbs)
    if verb:
        reading.problems.append(say(RELATIVE, text=verb[0].strip()))
        return Amounts(kind="change")
    reading.problems.append(NO_NUMBER)
    return Amounts()


def _from_to(reading: Reading, numbers: list[Number], rate_per: Per | None) -> Amounts:
    """Two numbers joined by "til"/"to": the baseline and the target."""
    w = reading.words
    start, end = numbers
    between = reading.text[start.end : end.start]
    if not re.fullmatch(rf"\s*{_phrases(w.to_words)}\s*", between, re.IGNORECASE):
        written = ", ".join(f"“{number.written}”" for number in numbers)
        reading.problems.append(say(UNCLEAR_NUMBERS, numbers=written))
        return Amounts()
    baseline, target = start.value, end.value
    assert baseline is not None and target is not None
    if end.multiplier != 1 and start.multiplier == 1 and not start.unit and baseline < 1000:
        # "fra 2 til 2,5 mio. kr." speaks of millions on both sides.
        baseline = _tidy(baseline * end.multiplier)
    units = {start.unit, end.unit} - {""}
    if len(units) > 1:
        reading.problems.append(say(UNITS_DISAGREE, units=" / ".join(sorted(units))))
        return Amounts()
    from_word = _ends_with(reading.text[: start.start], w.from_words)
    cut_from = from_word.start() if from_word else start.start
    reading.cut(cut_from, end.end)
    kind: Kind = "rate" if rate_per else "change"
    return Amounts(kind, baseline, target, units.pop() if units else "")


def _single(reading: Reading, number: Number, rate_per: Per | None) -> Amounts:
    """One number: a count, a rate, a target without a start, or a change relative to today."""
    w = reading.words
    value = number.value
    before, after = reading.text[: number.start], reading.text[number.end :]
    relative = _ends_with(before, w.relative_before)
    relative_after = _starts_with(after, w.relative_after)
    if relative or relative_after:
        cut_start = relative.start() if relative else number.start
        cut_end = number.end + (relative_after.end() if relative_after else 0)
        written = reading.text[cut_start:cut_end].strip()
        reading.cut(cut_start, cut_end)
        reading.problems.append(say(RELATIVE, text=written))
        return Amounts(kind="change", unit=number.unit)
    to_word = _ends_with(before, w.to_words)
    level_word = _ends_with(before, w.level_before)
    at_least = _ends_with(before, w.at_least)
    word_before = to_word or level_word or at_least
    of_word = _starts_with(after, w.of_words) if number.unit == "%" else None
    cut_start = word_before.start() if word_before else number.start
    cut_end = number.end + (of_word.end() if of_word else 0)
    times = _starts_with(reading.text[cut_end:], w.times) if rate_per else None
    if times:
        cut_end += times.end()
    reading.cut(cut_start, cut_end)
    if rate_per and not to_word:
        return Amounts("rate", None, value, number.unit)
    level_verb = _starts_with(_strip_openers(reading.text, w), w.level_verbs)
    if to_word or level_word or level_verb or number.unit not in ("", *w.currencies.values()):
        reading.problems.append(say(NO_BASELINE, target=number.written))
        return Amounts("change", None, value, number.unit)
    return Amounts("count", Decimal(0), value, number.unit)


# --- What is measured ----------------------------------------------------------------------


def _strip_openers(text: str, words: Words) -> str:
    """`text` without a leading "vi skal", "we will" or "to"."""
    opener = _starts_with(text, words.openers)
    return text[opener.end() :] if opener else text


def _title(text: str, words: Words) -> str:
    """What is measured, in the person's own words: the sentence less numbers and time."""
    pieces = [piece.strip(" ,.;:!") for piece in text.split(GAP.strip())]
    title = " ".join(piece for piece in pieces if piece)
    title = " ".join(title.split())
    title = _strip_openers(title, words)
    verb = _starts_with(title, words.verbs + words.relative_verbs)
    if verb and _trim_connectors(title[verb.end() :], words):
        title = title[verb.end() :]
        particle = _starts_with(title, words.particles)
        if particle and _trim_connectors(title[particle.end() :], words):
            title = title[particle.end() :]
    title = _trim_connectors(title, words)
    title = _undo_inversion(title, words)
    if title[:2].islower():
        title = title[0].upper() + title[1:]
    return title


def _trim_connectors(title: str, words: Words) -> str:
    """`title` without small joining words left dangling at either end."""
    connectors = _phrases(words.connectors)
    # "…, der opsiger deres abonnement, skal ned fra 25 til 15" leaves "skal" at the end.
    trailing = _phrases(words.connectors + words.modals)
    pattern = re.compile(rf"^(?:{connectors}(?:\s+|$))+|(?:(?:^|\s+){trailing})+$", re.IGNORECASE)
    return pattern.sub("", title.strip(" ,.;:!-–")).strip(" ,.;:!-–")


def _undo_inversion(title: str, words: Words) -> str:
    """Danish word order mended: "skal en kollega rose os" → "en kollega skal rose os"."""
    first, *rest = title.split() or [""]
    # Danish puts the verb second: after "hver uge" comes "skal", "får" or "roser", then who.
    verb_first = first.lower() in words.modals or (
        first.lower().endswith("r") and bool(rest) and rest[0].lower() in words.determiners
    )
    if not words.modals or not verb_first:
        return title
    size = 2 if rest and rest[0].lower() in words.determiners else 1
    if len(rest) <= size:
        return title
    return " ".join([*rest[:size], first.lower(), *rest[size:]])


# --- Reading a sentence --------------------------------------------------------------------


def understand(
    sentence: str,
    *,
    language: str,
    today: datetime.date,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> Understood:
    """The fields of a key result written in plain Danish or English, and what was unclear."""
    code = (language or "en").split("-")[0].lower()
    words = WORDS.get(code, ENGLISH)
    text = " ".join(sentence.replace("\u00a0", " ").split())
    reading = Reading(text, words, today, period_start, period_end)
    rate_per = _read_rate(reading)
    deadline = _read_deadline(reading)
    amounts = _read_amounts(reading, rate_per)
    title = _title(reading.text, words)
    if not title:
        reading.problems.append(NO_TITLE)
    if deadline is None and not reading.time_unclear:
        if amounts.kind == "rate" and period_end is not None:
            deadline = period_end  # a rate holds for the whole period
        else:
            reading.problems.append(NO_DEADLINE)
    return Understood(
        title=title,
        kind=None if reading.rate_unclear else amounts.kind,
        baseline=amounts.baseline,
        target=amounts.target,
        unit=amounts.unit,
        deadline=deadline,
        rate_per=rate_per,
        problems=list({id(problem): problem for problem in reading.problems}.values()),
        language=code if code in WORDS else "en",
    )
