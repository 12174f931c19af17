"""The quarter review of a period, for a team (with the teams below it) or the organisation:
its objectives with their scores, how the scores are distributed, the setbacks shared, the
actions done with what their key results did in the weeks before and after, and the learnings.

Read by everyone signed in, and never a draft (the open organisation: only what is shared is
reviewed), so one drawing serves every reader: `fingerprint` names it by everything it shows.
Built in a fixed number of queries whatever the size of the organisation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    DateField,
    DecimalField,
    Expression,
    ExpressionWrapper,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import MD5, Cast, JSONArray, TruncDate
from django.db.models.lookups import IsNull
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
    # What a rate's proposal reads besides (its periods and their events).
    "per",
    "approved_on",
    "events_by_day",
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


def reviewed(*, period: Period, team_ids: Collection[int] | None = None) -> Review:
    """The review of `period` for the objectives of `team_ids` (all teams when None)."""
    objectives_qs = _objectives(period, team_ids).select_related(
        "owner", "team", "retrospective__author"
    )
    objectives = list(objectives_qs)
    for objective in objectives:
        objective.period = period  # the one asked for: no join, no query each
    by_id = {objective.pk: objective for objective in objectives}
    # The same objectives as a subquery: PostgreSQL joins, rather than reading thousands of ids.
    reviewed_ids = _ids(period, team_ids)
    # Only what the review reads of them: thousands of rows make a page of a large organisation.
    key_results = list(_key_results(reviewed_ids).only(*KEY_RESULT_FIELDS))
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
    shared = _setbacks(period, reviewed_ids)
    setbacks = list(shared.select_related("author", "key_result")[:SETBACKS_SHOWN])
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


def fingerprint(*, period: Period, team_ids: Collection[int] | None = None) -> tuple[Any, ...]:
    """Everything the review of `period` shows, read in a few queries: a digest of each row
    the database takes (objectives with their names and learnings, approved key results), the
    actions done with their key results' values around the day, and the setbacks shown. Any
    change to what the review shows changes it."""
    reviewed_ids = _ids(period, team_ids)
    objectives = _digests(
        _objectives(period, team_ids),
        "id",
        "title",
        "status",
        "team__name",
        *(f"owner__{name}" for name in ("first_name", "last_name", "username")),
        *(
            f"retrospective__{name}"
            for name in ("worked", "did_not_work", "carry_on", "updated_at")
        ),
        *(f"retrospective__author__{name}" for name in ("first_name", "last_name", "username")),
    )
    shared = _setbacks(period, reviewed_ids)
    setbacks = shared.values_list(
        "id",
        "objective_id",
        "happened_on",
        "text",
        "learning",
        "key_result__title",
        *(f"author__{name}" for name in ("first_name", "last_name", "username")),
    )[:SETBACKS_SHOWN]
    return (
        (period.pk, period.name, period.start, period.end),
        objectives,
        _digests(_key_results(reviewed_ids), *KEY_RESULT_FIELDS),
        list(_done(period, reviewed_ids).values_list("id", "title", "done_at", "objective_id")),
        _values_around(period, reviewed_ids),
        list(setbacks),
        shared.count(),
    )


def _objectives(period: Period, team_ids: Collection[int] | None) -> QuerySet[Objective, Any]:
    """The objectives reviewed, in the order shown: shared ones only, never a draft."""
    objectives = Objective.objects.for_period(period).live().order_by("team__name", "title", "pk")
    return objectives if team_ids is None else objectives.filter(team_id__in=list(team_ids))


def _ids(period: Period, team_ids: Collection[int] | None) -> QuerySet[Objective, Any]:
    return _objectives(period, team_ids).order_by().values("pk")


def _key_results(reviewed_ids: QuerySet[Objective, Any]) -> QuerySet[KeyResult, Any]:
    return KeyResult.objects.filter(
        objective_id__in=reviewed_ids, approval_state=KeyResult.ApprovalState.APPROVED
    ).order_by("created_at", "pk")


def _done(period: Period, reviewed_ids: QuerySet[Objective, Any]) -> QuerySet[Action, Any]:
    return Action.objects.filter(
        objective_id__in=reviewed_ids,
        status=Action.Status.DONE,
        done_at__date__range=(period.start, period.end),
    ).order_by("done_at", "pk")


def _setbacks(period: Period, reviewed_ids: QuerySet[Objective, Any]) -> QuerySet[Update, Any]:
    """The setbacks shared about them in the period, latest first."""
    return Update.objects.filter(
        objective_id__in=reviewed_ids,
        kind=Update.Kind.SETBACK,
        happened_on__range=(period.start, period.end),
    ).order_by("-happened_on", "-id")


def _digests(rows: QuerySet[Any, Any], *fields: str) -> list[str]:
    """A digest of each row's `fields`, taken by the database: 32 characters a row to read."""
    return list(rows.values_list(MD5(Cast(JSONArray(*fields), TextField())), flat=True))


def _value_on(day: Expression) -> Expression:
    """The value of the key result (of the outer query) on `day` from its measurements: the last
    one measured on or before it, or, when that one logged events, their running total; None
    before any."""
    measured = Update.objects.measurements().filter(
        key_result_id=OuterRef("pk"), happened_on__lte=day
    )
    last = measured.order_by("-happened_on", "-id")
    events = measured.order_by().values("key_result_id").annotate(total=Sum("events"))
    return Case(
        When(
            IsNull(Subquery(last.values("events")[:1]), True),
            then=Subquery(last.values("value_after")[:1]),
        ),
        default=Subquery(events.values("total")),
        output_field=DecimalField(),
    )


def _values_around(
    period: Period, reviewed_ids: QuerySet[Objective, Any]
) -> list[tuple[int, int, Decimal | None, Decimal | None, Decimal | None]]:
    """Each approved key result of an action done: (its id, the action's, and its values
    WINDOW before the day the action was done, on the day and WINDOW after), in one query."""

    def moved(weeks: int) -> Expression:
        return ExpressionWrapper(
            OuterRef("done_on") + Value(WINDOW * weeks), output_field=DateField()
        )

    return list(
        _key_results(reviewed_ids)
        .filter(action__in=_done(period, reviewed_ids))
        .annotate(done_on=TruncDate("action__done_at", tzinfo=timezone.get_current_timezone()))
        .values_list(
            "pk", "action_id", _value_on(moved(-1)), _value_on(moved(0)), _value_on(moved(1))
        )
    )


def _done_actions(
    period: Period,
    by_id: dict[int, Objective],
    reviewed_ids: QuerySet[Objective, Any],
    key_results: list[KeyResult],
) -> list[DoneAction]:
    """The actions done in the period, each with its key results' change per week before and
    after it was done (two queries)."""
    done = [
        DoneAction(action, timezone.localdate(action.done_at))  # type: ignore[arg-type]
        for action in _done(period, reviewed_ids).select_related("owner")
    ]
    for each in done:
        each.action.objective = by_id[each.action.objective_id]
    if not done:
        return done
    measured = {each.action.pk: each for each in done}
    by_pk = {key_result.pk: key_result for key_result in key_results}
    today = timezone.localdate()
    for pk, action_id, before, on_the_day, after in _values_around(period, reviewed_ids):
        each = measured[action_id]
        each.effects.append(_effect(by_pk[pk], (before, on_the_day, after), each.done_on, today))
    return done


def _effect(
    key_result: KeyResult,
    values: tuple[Decimal | None, Decimal | None, Decimal | None],
    done_on: datetime.date,
    today: datetime.date,
) -> Effect:
    """Its change per week over the weeks before and after, from its values WINDOW before the
    day, on it and WINDOW after (where it started where nothing was measured yet)."""
    start = Decimal(0) if key_result.is_count else key_result.baseline
    first, middle, last = (start if value is None else value for value in values)

    def per_week(change: Decimal) -> Decimal:
        return (change / WINDOW_WEEKS).quantize(PER_WEEK, rounding=ROUND_HALF_UP)

    return Effect(
        key_result=key_result,
        before=per_week(middle - first),
        after=per_week(last - middle) if today >= done_on + WINDOW else None,
    )
