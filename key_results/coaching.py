"""Coaching while a key result is typed: what blocks it, and what would make it show an effect."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from objectives.coaching import Hint

from .plain_words import Understood, say


@dataclass(frozen=True)
class ActivityWords:
    """Words that show a key result counts what is done rather than what it changes."""

    verbs: tuple[str, ...]  # an activity when the title starts with one: "Holde 3 møder"
    nouns: tuple[str, ...]  # in a count, an activity when one of the first two words ends so


# fmt: off
DANISH = ActivityWords(
    verbs=(
        "holde", "hold", "holdt", "afholde", "afhold", "afholdte", "lave", "lav", "lavet", "skrive",
        "skriv", "skrevne", "sende", "send", "sendt", "sendte", "ringe", "ring", "gennemføre",
        "gennemfør", "gennemførte", "køre", "arrangere", "planlægge", "besøge", "deltage",
        "opdatere", "lancere", "implementere", "udvikle", "bygge", "publicere", "poste", "udsende",
        "udsendte", "afvikle", "afviklede", "tilbyde",
    ),
    nouns=(
        "møder", "møde", "workshops", "workshop", "mails", "emails", "e-mails", "opkald", "indlæg",
        "nyhedsbreve", "kurser", "oplæg", "præsentationer", "kampagner", "interviews", "webinarer",
        "opslag", "videoer", "artikler", "arrangementer", "demoer",
    ),
)
# fmt: on

# fmt: off
ENGLISH = ActivityWords(
    verbs=(
        "hold", "held", "run", "send", "sent", "write", "written", "make", "made", "call", "do",
        "organise", "organize", "arrange", "plan", "visit", "attend", "launch", "publish", "post",
        "build", "ship", "host", "conduct", "complete", "create", "update", "implement", "deliver",
        "offer",
    ),
    nouns=(
        "meetings", "meeting", "workshops", "workshop", "emails", "e-mails", "mails", "calls",
        "posts", "newsletters", "webinars", "courses", "presentations", "campaigns", "interviews",
        "demos", "events", "videos", "articles", "trainings", "sessions",
    ),
)
# fmt: on

WORDS = {"da": DANISH, "en": ENGLISH}
# More than this many key results on one objective blurs what it is about.
MOST_KEY_RESULTS = 5

NO_NUMBER = _(
    "A key result needs a number to reach, so everyone can see how far it has come: e.g. "
    "“from 3.0 to 3.5” or “5 unsolicited positive comments”."
)
NO_DEADLINE = _(
    "A key result needs a deadline: say by when, e.g. “by the end of March” or “in Q2”."
)
ACTIVITY = _(
    "This counts an activity, not what it changes. Ask what the activity should change and "
    "measure that, e.g. “customers who buy again” rather than “meetings held”; the activity "
    "itself can be an action."
)
TOO_MANY = _(
    "This objective would have %(count)s key results. Three to five keep the focus: keep the "
    "ones that show the effect best."
)
ALREADY_REACHED = _(
    "The target equals today's value, so it is reached already. Set a target that asks for a "
    "change."
)


def _words_of(language: str) -> ActivityWords:
    """The table for `language` ("da-dk" is Danish); English for the rest."""
    return WORDS.get((language or "en").split("-")[0].lower(), ENGLISH)


def is_activity(title: str, *, kind: str | None, language: str) -> bool:
    """True when `title` counts something done ("Holde 3 møder") rather than its effect."""
    words = _words_of(language)
    tokens = [token for token in re.findall(r"[\w-]+", title.lower()) if not token.isdigit()]
    if tokens and tokens[0] in words.verbs:
        return True
    # Fewer "unanswered emails" is an effect; 10 "emails" sent is not. Danish joins words:
    # "kundemøder" and "salgsopkald" are meetings and calls too.
    return kind == "count" and any(token.endswith(words.nouns) for token in tokens[:2])


def coach_key_result(
    *,
    title: str,
    kind: str | None,
    baseline: Decimal | None,
    target: Decimal | None,
    current_value: Decimal | None,
    deadline: datetime.date | None,
    other_key_results: int,
    language: str,
) -> list[Hint]:
    """Hints on a key result: no number or no deadline blocks; the rest only advises."""
    hints = []
    if target is None:
        hints.append(Hint("no_number", NO_NUMBER, True, "target"))
    if deadline is None:
        hints.append(Hint("no_deadline", NO_DEADLINE, True, "deadline"))
    if is_activity(title, kind=kind, language=language):
        hints.append(Hint("activity", ACTIVITY, False, "title"))
    if other_key_results + 1 > MOST_KEY_RESULTS:
        message = say(TOO_MANY, count=str(other_key_results + 1))
        hints.append(Hint("too_many_key_results", message, False, None))
    today = current_value if current_value is not None else baseline
    if target is not None and today is not None and target == today:
        hints.append(Hint("target_already_reached", ALREADY_REACHED, False, "target"))
    return hints


def coach_sentence(understood: Understood) -> list[Hint]:
    """Hints on a key result written in plain words, once it has been read."""
    return coach_key_result(
        title=understood.title,
        kind=understood.kind,
        baseline=understood.baseline,
        target=understood.target,
        current_value=understood.baseline,
        deadline=understood.deadline,
        other_key_results=0,
        language=understood.language,
    )
