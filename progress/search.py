"""Finding objectives, key results, actions and people by words, as the reading rule allows.

On PostgreSQL: full-text search in both Danish and English (a word matches in either language's
stemming, so "kunder" finds "kunde" and "customers" finds "customer"), ranked, with the matched
words highlighted. On SQLite (the demo without PostgreSQL): every word must appear somewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Model, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from key_results.models import KeyResult
from objectives.models import Action, Objective
from organisation.models import User

LIMIT = 10
CONFIGS = ("danish", "english")
# The searched text of each kind; progress/migrations/0003 indexes exactly these expressions.
FIELDS = {
    Objective: ("title", "description"),
    KeyResult: ("title", "measurement_plan"),
    Action: ("title", "description"),
}
# Marks around matched words that no stored text contains, turned into <mark> after escaping.
START, STOP = "\x02", "\x03"


@dataclass
class Hit:
    """One result: what was found, its title and an excerpt with the words marked."""

    found: Objective | KeyResult | Action | User
    title: SafeString
    excerpt: SafeString = field(default_factory=lambda: mark_safe(""))  # noqa: S308


@dataclass
class Results:
    query: str
    objectives: list[Hit]
    key_results: list[Hit]
    actions: list[Hit]
    people: list[Hit]

    def __bool__(self) -> bool:
        return bool(self.objectives or self.key_results or self.actions or self.people)


def marked(text: str) -> SafeString:
    """Text with the search's marks turned into <mark>, everything else escaped."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def search(query: str, *, user: User) -> Results:
    """What `user` may read that matches the words of `query`, best matches first."""
    # A NUL (which PostgreSQL cannot take, and no stored text holds) parts words like a space.
    query = " ".join(query.replace("\x00", " ").split())[:200]
    if not query:
        return Results(query, [], [], [], [])
    finder = _full_text if connection.vendor == "postgresql" else _words
    return Results(
        query,
        objectives=finder(Objective.objects.visible_to(user).select_related("team"), query),
        key_results=finder(KeyResult.objects.visible_to(user).select_related("objective"), query),
        actions=finder(Action.objects.visible_to(user).select_related("objective"), query),
        people=_people(query),
    )


def _full_text(queryset: QuerySet, query: str) -> list[Hit]:
    title, body = FIELDS[queryset.model]
    vectors = {config: SearchVector(title, body, config=config) for config in CONFIGS}
    queries = {
        config: SearchQuery(query, config=config, search_type="websearch") for config in CONFIGS
    }
    matches = reduce(or_, [Q(**{f"v_{c}": queries[c]}) for c in CONFIGS])
    found = (
        queryset.annotate(**{f"v_{c}": vectors[c] for c in CONFIGS})
        .filter(matches)
        .annotate(
            rank=SearchRank(vectors["danish"], queries["danish"])
            + SearchRank(vectors["english"], queries["english"]),
            **{
                f"{part}_{c}": _headline(name, queries[c], c)
                for part, name in (("title", title), ("body", body))
                for c in CONFIGS
            },
        )
        .order_by("-rank", "-pk")[:LIMIT]
    )
    return [Hit(item, _best(item, "title"), _best(item, "body")) for item in found]


def _headline(name: str, query: SearchQuery, config: str) -> SearchHeadline:
    return SearchHeadline(
        F(name), query, config=config, start_sel=START, stop_sel=STOP, max_words=25, min_words=8
    )


def _best(item: Model, part: str) -> SafeString:
    """The text with the words a language's stemming matched marked (Danish first).

    PostgreSQL's headline drops anything that looks like markup, so the words it marked are
    marked again in the text as it is: a title reads exactly as its owner wrote it."""
    headlines = [getattr(item, f"{part}_{config}") for config in CONFIGS]
    headline = next((text for text in headlines if START in text), headlines[0])
    words = re.findall(f"{START}(.*?){STOP}", headline)
    if part == "title":
        title_field = FIELDS[type(item)][0]
        return _mark_words(getattr(item, title_field), words)
    return marked(headline)


def _words(queryset: QuerySet, query: str) -> list[Hit]:
    title, body = FIELDS[queryset.model]
    words = query.split()
    each = [Q(**{f"{title}__icontains": w}) | Q(**{f"{body}__icontains": w}) for w in words]
    found = queryset.filter(reduce(and_, each)).order_by("-pk")[:LIMIT]
    return [
        Hit(item, _mark_words(getattr(item, title), words), _mark_words(getattr(item, body), words))
        for item in found
    ]


def _mark_words(text: str, words: list[str]) -> SafeString:
    if not words:
        return marked(text)
    pattern = "|".join(re.escape(word) for word in words)
    return marked(re.sub(f"({pattern})", f"{START}\\1{STOP}", text, flags=re.IGNORECASE))


def _people(query: str) -> list[Hit]:
    each = [
        Q(first_name__icontains=w) | Q(last_name__icontains=w) | Q(username__icontains=w)
        for w in query.split()
    ]
    people = User.objects.filter(is_active=True).filter(reduce(and_, each))
    found = people.select_related("team").order_by("first_name", "last_name")[:LIMIT]
    return [Hit(person, _mark_words(str(person), query.split())) for person in found]
