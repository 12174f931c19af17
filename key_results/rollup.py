"""An objective's progress, rolled up from its key results and the smaller objectives that break
it down: the weighted mean of those that have a progress of their own.

Only approved key results count (their measurement is agreed), and only objectives the reader
may see are passed in, so a draft never moves a number someone else reads."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone

from objectives.changes import version
from objectives.models import Objective, ObjectiveQuerySet, Period, reads_a_draft_of
from organisation.models import User

from .models import READ_BY_PROGRESS, KeyResult

ROUND_TO = Decimal("0.1")


@dataclass(frozen=True)
class Part:
    """One thing an objective's progress is made of: a key result or a smaller objective."""

    weight: int
    progress: Decimal | None


def weighted_mean(parts: Iterable[Part]) -> Decimal | None:
    """The weighted mean of the parts that have a progress; None when none has (or all weigh 0)."""
    counted = [
        (part.progress, part.weight)
        for part in parts
        if part.progress is not None and part.weight > 0
    ]
    total = sum(weight for _progress, weight in counted)
    if not total:
        return None
    mean = sum((progress * weight for progress, weight in counted), Decimal(0)) / total
    return mean.quantize(ROUND_TO)


# What rolling up reads of a key result: whether it counts, its weight, and its progress. A big
# tree's key results are loaded with these only: their texts, history and dates cost more to
# load than the sums.
COUNTED = ("approval_state", "weight", *READ_BY_PROGRESS)
# What rolling up reads of an objective in a tree.
IN_A_TREE = ("id", "parent_id", "weight", "period")


def rolled_up(
    objectives: Iterable[Objective], key_results: Iterable[KeyResult]
) -> dict[int, Decimal | None]:
    """Each objective's progress from its own approved key results and its children among
    `objectives` (0-100, None when nothing is measured yet); safe against cycles."""
    objectives = list(objectives)
    own: dict[int, list[Part]] = defaultdict(list)
    for key_result in key_results:
        if key_result.is_approved:
            own[key_result.objective_id].append(Part(key_result.weight, key_result.progress()))
    children: dict[int, list[Objective]] = defaultdict(list)
    for objective in objectives:
        if objective.parent_id is not None:
            children[objective.parent_id].append(objective)
    result: dict[int, Decimal | None] = {}

    def progress_of(objective: Objective, seen: frozenset[int]) -> Decimal | None:
        if objective.pk in result:
            return result[objective.pk]
        below = [
            Part(child.weight, progress_of(child, seen | {objective.pk}))
            for child in children[objective.pk]
            if child.pk not in seen
        ]
        result[objective.pk] = weighted_mean([*own[objective.pk], *below])
        return result[objective.pk]

    for objective in objectives:
        progress_of(objective, frozenset())
    return result


def subtree(objectives: ObjectiveQuerySet, root: Objective) -> list[Objective]:
    """`root` and every objective below it in `objectives`, one query per level of the tree."""
    found, level = [root], [root.pk]
    seen = {root.pk}
    while level:
        below = [o for o in objectives.filter(parent__in=level) if o.pk not in seen]
        seen.update(o.pk for o in below)
        found.extend(below)
        level = [o.pk for o in below]
    return found


def progress_of(objective: Objective, *, readable: ObjectiveQuerySet) -> Decimal | None:
    """One objective's rolled-up progress, from the objectives below it that `readable` holds."""
    return _progress_in(subtree(readable.only(*IN_A_TREE), objective))


def _progress_in(tree: list[Objective]) -> Decimal | None:
    """The progress of the first objective of `tree`, rolled up from the rest. Each key result
    is given its objective from the tree, and each objective its period, read once each: a
    rate's periods start with its objective's period when it has no approval day yet."""
    periods = Period.objects.in_bulk({objective.period_id for objective in tree})
    objectives = {objective.pk: objective for objective in tree}
    for objective in tree:
        objective.period = periods[objective.period_id]
    key_results = list(
        KeyResult.objects.filter(
            objective__in=list(objectives), approval_state=KeyResult.ApprovalState.APPROVED
        ).only(*COUNTED)
    )
    for key_result in key_results:
        key_result.objective = objectives[key_result.objective_id]
    return rolled_up(tree, key_results)[tree[0].pk]


# The rules that roll progress up: a deployment that changes them starts afresh.
RULES = hashlib.blake2b(
    b"".join(Path(__file__).with_name(name).read_bytes() for name in ("rollup.py", "models.py")),
    digest_size=8,
).hexdigest()
CACHED_FOR = 24 * 60 * 60


@dataclass(frozen=True)
class _Shared:
    """An objective's progress as everyone reads it (no draft counted), and the (owner, team)
    of each draft right below what counts: who may read one of those reads another progress."""

    progress: Decimal | None
    drafts: frozenset[tuple[int, int]]


def _shared(objective: Objective) -> _Shared:
    shared = Objective.objects.exclude(status=Objective.Status.DRAFT)
    tree = subtree(shared.only(*IN_A_TREE), objective)
    drafts = Objective.objects.filter(
        status=Objective.Status.DRAFT, parent__in=[o.pk for o in tree]
    ).values_list("owner_id", "team_id")
    return _Shared(_progress_in(tree), frozenset(drafts))


def progress_for(objective: Objective, *, user: User) -> Decimal | None:
    """progress_of(objective) from what `user` may read, kept in the cache until an objective, a
    period or a key result changes (objectives.changes), so a big tree costs what a small one
    does. Everyone who reads no draft in it shares one result."""
    # Read before the rows, so a result read meanwhile is kept under a version nobody asks for.
    around = f"{version()}:{objective.pk}:{timezone.localdate().isoformat()}:{RULES}"
    if objective.is_draft:
        shared = None
    else:
        shared = cache.get(f"rollup:{around}")
        if shared is None:
            shared = _shared(objective)
            cache.set(f"rollup:{around}", shared, CACHED_FOR)
        if not reads_a_draft_of(user, shared.drafts):
            return shared.progress
    person, everything, led = user.reading_rights
    key = f"rollup:{around}:{person}:{everything}:{','.join(map(str, led))}"
    (progress,) = cache.get_or_set(  # type: ignore[misc]  # a tuple, never None
        key,
        lambda: (progress_of(objective, readable=Objective.objects.visible_to(user)),),
        CACHED_FOR,
    )
    return progress


SCORE_STEP = Decimal("0.01")


@dataclass(frozen=True)
class Score:
    """An objective's score: proposed from its key results' progress, and with the owners'
    adjustments; and how many of its key results are scored."""

    proposed: Decimal
    adjusted: Decimal
    scored: int
    counted: int

    @property
    def is_adjusted(self) -> bool:
        return self.adjusted != self.proposed

    @property
    def is_complete(self) -> bool:
        return self.scored == self.counted


def score_of(key_results: Iterable[KeyResult]) -> Score | None:
    """The weighted mean (0-1) of the scores of its approved key results among `key_results`,
    both as proposed and as adjusted (a key result not scored yet counts at its proposal); None
    when none of them counts (no approved key result, or all weigh 0)."""
    counted = [kr for kr in key_results if kr.is_approved and kr.weight > 0]
    total = sum(kr.weight for kr in counted)
    if not total:
        return None

    def mean(values: list[tuple[Decimal, int]]) -> Decimal:
        weighted = sum((value * weight for value, weight in values), Decimal(0)) / total
        return weighted.quantize(SCORE_STEP, rounding=ROUND_HALF_UP)

    return Score(
        proposed=mean([(kr.proposal, kr.weight) for kr in counted]),
        adjusted=mean([(kr.final_score, kr.weight) for kr in counted]),
        scored=sum(1 for kr in counted if kr.is_scored),
        counted=len(counted),
    )


@dataclass
class Row:
    """One objective in an alignment tree, flattened in reading order for a template."""

    objective: Objective
    depth: int
    key_results: list[KeyResult]
    progress: Decimal | None
    has_children: bool = False
    # How many levels of the tree end after this row (the template closes that many lists).
    closes: range = range(0)


def alignment(objectives: Iterable[Objective], key_results: Iterable[KeyResult]) -> list[Row]:
    """The objectives as a tree, each with its children below it and its rolled-up progress;
    the roots are those whose parent is not among `objectives`."""
    objectives = list(objectives)
    key_results = list(key_results)
    progress = rolled_up(objectives, key_results)
    by_objective: dict[int, list[KeyResult]] = defaultdict(list)
    for key_result in key_results:
        by_objective[key_result.objective_id].append(key_result)
    ids = {objective.pk for objective in objectives}
    children: dict[int | None, list[Objective]] = defaultdict(list)
    for objective in objectives:
        children[objective.parent_id if objective.parent_id in ids else None].append(objective)
    rows: list[Row] = []
    seen: set[int] = set()

    def walk(objective: Objective, depth: int) -> None:
        seen.add(objective.pk)
        below = [child for child in children[objective.pk] if child.pk not in seen]
        rows.append(
            Row(objective, depth, by_objective[objective.pk], progress[objective.pk], bool(below))
        )
        for child in below:
            walk(child, depth + 1)

    for root in children[None]:
        walk(root, 0)
    for index, row in enumerate(rows):
        next_depth = rows[index + 1].depth if index + 1 < len(rows) else 0
        row.closes = range(row.depth - next_depth) if not row.has_children else range(0)
    return rows


def with_descendants(objectives: Iterable[Objective], roots: Iterable[int]) -> list[Objective]:
    """The objectives of `roots` and all below them, found among `objectives` (no query)."""
    objectives = list(objectives)
    children: dict[int, list[Objective]] = defaultdict(list)
    for objective in objectives:
        if objective.parent_id is not None:
            children[objective.parent_id].append(objective)
    keep: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk not in keep:
            keep.add(pk)
            stack.extend(child.pk for child in children[pk])
    return [objective for objective in objectives if objective.pk in keep]
