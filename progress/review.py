"""The quarter review of a period, for a team (with the teams below it) or the organisation:
its objectives with their scores, how the scores are distributed, the setbacks shared, the
actions done with what their key results did in the weeks before and after, and the learnings.

Read by everyone signed in, and never a draft (the open organisation: only what is shared is
reviewed). Built in a fixed number of queries whatever the size of the organisation."""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from key_results.models import KeyResult
from key_results.rollup import Score, score_of
from objectives.models import Action, Objective, Period, Retrospective

from .models import Update

# What an action did is read over this many weeks on each side of the day it was done.
WINDOW_WEEKS = 4
WINDOW = datetime.timedelta(weeks=WINDOW_WEEKS)
# What the review shows and computes of a key result (its score, proposal and effect).
KEY_RESULT_FIELDS = (
    "id",
    "objective_id",
    "action_id",
    "title",
    "kind",
    "unit",
    "baseline",
    "target",
    "current_value",
    "deadline",
    "weight",
    "approval_state",
    "score",
    "proposed_score",
    "score_reason",
)
# The latest setbacks shown (with how many there were); the feed holds the rest.
SETBACKS_SHOWN = 20
PER_WEEK = Decimal("0.01")


@dataclass(frozen=True)
class Bucket:
    """Scores from `low` up to (not including) `high`: the usual reading of OKR scores."""

    label: str
    low: Decimal
    high: Decimal | None
    css: str

    def holds(self, score: Decimal) -> bool:
        return score >= self.low and (self.high is None or score < self.high)


# 0.0-0.3: missed; 0.4-0.6: progress, not there; 0.7-1.0: delivered (scores are in hundredths,
# so 0.35 is in the first and 0.65 in the second).
BUCKETS = (
    Bucket("0.0–0.3", Decimal(0), Decimal("0.4"), "score-low"),
    Bucket("0.4–0.6", Decimal("0.4"), Decimal("0.7"), "score-middle"),
    Bucket("0.7–1.0", Decimal("0.7"), None, "score-high"),
)


@dataclass
class ScoredObjective:
    objective: Objective
    key_results: list[KeyResult]
    score: Score | None


@dataclass
class Count:
    bucket: Bucket
    objectives: int


@dataclass
class Effect:
    """What an action's key result did: its mean change per week (in its own unit; a count's
    events) over the WINDOW_WEEKS before the day the action was done and over the WINDOW_WEEKS
    after it, each read as the last value measured on or before the window's ends (the day
    itself closes "before" and opens "after"); `after` is None while those weeks have not all
    passed."""

    key_result: KeyResult
    before: Decimal
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.after is None else self.after - self.before


@dataclass
class DoneAction:
    action: Action
    done_on: datetime.date
    effects: list[Effect] = field(default_factory=list)


@dataclass
class Review:
    period: Period
    objectives: list[ScoredObjective]
    distribution: list[Count]
    unscored: int  # objectives with no approved key result to score
    setbacks: list[Update]  # the latest SETBACKS_SHOWN
    setback_count: int
    actions: list[DoneAction]
    learnings: list[Retrospective]


def reviewed(*, period: Period, team_ids: Iterable[int] | None = None) -> Review:
    """The review of `period` for the objectives of `team_ids` (all teams when None)."""
    objectives_qs = (
        Objective.objects.for_period(period)
        .live()
        .select_related("owner", "team", "retrospective__author")
        .order_by("team__name", "title", "pk")
    )
    if team_ids is not None:
        objectives_qs = objectives_qs.filter(team_id__in=list(team_ids))
    objectives = list(objectives_qs)
    for objective in objectives:
        objective.period = period  # the one asked for: no join, no query each
    by_id = {objective.pk: objective for objective in objectives}
    # The same objectives as a subquery: PostgreSQL joins, rather than reading thousands of ids.
    reviewed_ids = objectives_qs.order_by().values("pk")
    # Only what the review reads of them: thousands of rows make a page of a large organisation.
    key_results = list(
        KeyResult.objects.filter(
            objective_id__in=reviewed_ids, approval_state=KeyResult.ApprovalState.APPROVED
        )
        .only(*KEY_RESULT_FIELDS)
        .order_by("created_at", "pk")
    )
    own: dict[int, list[KeyResult]] = defaultdict(list)
    for key_result in key_results:
        key_result.objective = by_id[key_result.objective_id]  # fetched: no query each
        own[key_result.objective_id].append(key_result)
    scored = [
        ScoredObjective(objective, own[objective.pk], score_of(own[objective.pk]))
        for objective in objectives
    ]
    scores = [row.score.adjusted for row in scored if row.score is not None]
    distribution = [
        Count(bucket, sum(1 for score in scores if bucket.holds(score))) for bucket in BUCKETS
    ]
    shared = Update.objects.filter(
        objective_id__in=reviewed_ids,
        kind=Update.Kind.SETBACK,
        happened_on__range=(period.start, period.end),
    )
    setbacks = list(
        shared.select_related("author", "key_result").order_by("-happened_on", "-id")[
            :SETBACKS_SHOWN
        ]
    )
    for setback in setbacks:
        setback.objective = by_id[setback.objective_id]
    return Review(
        period=period,
        objectives=scored,
        distribution=distribution,
        unscored=len(scored) - len(scores),
        setbacks=setbacks,
        setback_count=shared.count(),
        actions=_done_actions(period, by_id, reviewed_ids, key_results),
        learnings=[
            objective.retrospective  # type: ignore[attr-defined]
            for objective in objectives
            if hasattr(objective, "retrospective")
        ],
    )


def _done_actions(
    period: Period,
    by_id: dict[int, Objective],
    reviewed_ids: QuerySet[Objective, Any],
    key_results: list[KeyResult],
) -> list[DoneAction]:
    """The actions done in the period, each with its key results' change per week before and
    after it was done, from their measurements (two queries)."""
    actions = list(
        Action.objects.filter(
            objective_id__in=reviewed_ids,
            status=Action.Status.DONE,
            done_at__date__range=(period.start, period.end),
        )
        .select_related("owner")
        .order_by("done_at", "pk")
    )
    done = [
        DoneAction(action, timezone.localdate(action.done_at))  # type: ignore[arg-type]
        for action in actions
    ]
    for each in done:
        each.action.objective = by_id[each.action.objective_id]
    measured = {each.action.pk: each for each in done}
    theirs = [kr for kr in key_results if kr.action_id in measured]
    if not theirs:
        return done
    until = max(each.done_on for each in done) + WINDOW
    history: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for key_result_id, day, value, events in (
        Update.objects.measurements()
        .filter(key_result_id__in=[kr.pk for kr in theirs], happened_on__lte=until)
        .order_by("happened_on", "id")
        .values_list("key_result_id", "happened_on", "value_after", "events")
    ):
        if events is not None:  # a count: its running total of events
            totals[key_result_id] += events
            value = totals[key_result_id]
        if value is not None:  # measurements() holds only rows with a value
            history[key_result_id].append((day, value))
    today = timezone.localdate()
    for key_result in theirs:
        each = measured[key_result.action_id]  # type: ignore[index]
        each.effects.append(_effect(key_result, history[key_result.pk], each.done_on, today))
    return done


def _effect(
    key_result: KeyResult,
    history: list[tuple[datetime.date, Decimal]],
    done_on: datetime.date,
    today: datetime.date,
) -> Effect:
    start = Decimal(0) if key_result.is_count else key_result.baseline
    days = [day for day, _value in history]

    def value_on(day: datetime.date) -> Decimal:
        """The last value measured on or before `day` (where it started, before any)."""
        index = bisect_right(days, day)
        return history[index - 1][1] if index else start

    def per_week(first: datetime.date, last: datetime.date) -> Decimal:
        return ((value_on(last) - value_on(first)) / WINDOW_WEEKS).quantize(
            PER_WEEK, rounding=ROUND_HALF_UP
        )

    after_end = done_on + WINDOW
    return Effect(
        key_result=key_result,
        before=per_week(done_on - WINDOW, done_on),
        after=per_week(done_on, after_end) if today >= after_end else None,
    )
