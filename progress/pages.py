"""The pages that show objectives and key results with how they are going: My OKRs, an
objective, a key result, the alignment trees of the organisation and of a team, a leader's
overview of the teams they lead, search, and a person's own page."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from approvals.forms import DecisionForm
from approvals.models import ApprovalEvent
from key_results.charts import history_chart, rate_chart
from key_results.forecast import cumulative, forecast
from key_results.models import KeyResult, KeyResultQuerySet
from key_results.rollup import Score, alignment, progress_for, score_of
from key_results.status import Standing
from objectives.changes import VERSION_KEY as objectives_version_key
from objectives.changes import version as objectives_version
from objectives.forms import ActionForm
from objectives.models import (
    Action,
    Objective,
    ObjectiveQuerySet,
    Period,
    Retrospective,
    reads_a_draft_of,
)
from okr_site import fragments
from okr_site.fragments import row
from okr_site.http import SignedInRequest
from okr_site.periods import chosen_period
from organisation.models import Team, User
from organisation.tree import VERSION_KEY as organisation_version_key
from organisation.tree import team_tree
from organisation.tree import version as organisation_version

from .forms import QuickEventForm
from .models import Follow, Update
from .review import fingerprint, reviewed
from .search import search as find

# At most this many of each kind in "what I must do"; the rest is on the pages they link to.
TO_DO_SHOWN = 10
# How long a drawn quarter review is kept: a large organisation's is a megabyte, and each change
# to what it shows is a new one, so old ones go within the hour rather than the week.
REVIEW_KEPT = 60 * 60
# How long a drawing kept under the objectives' version stays in the cache. Any write makes it
# obsolete (a new version, a new key), so a busy organisation's obsolete trees must not pile up.
DRAWN_FOR = 60 * 60


def _with_key_results(objectives: ObjectiveQuerySet, key_results=None) -> ObjectiveQuerySet:
    """Objectives with their key results (oldest first) fetched in one more query."""
    key_results = key_results if key_results is not None else KeyResult.objects.all()
    return objectives.prefetch_related(
        Prefetch("key_results", queryset=key_results.order_by("created_at"))
    )


@dataclass
class ToDo:
    """What waits for a person, at the top of My OKRs."""

    decisions: list[KeyResult]
    changes_requested: list[KeyResult]
    to_measure: list[KeyResult]  # theirs, not measured lately or past the deadline
    late_actions: list[Action]  # theirs, in progress while their key results' deadline passed

    def __bool__(self) -> bool:
        return bool(
            self.decisions or self.changes_requested or self.to_measure or self.late_actions
        )


def _to_do(user: User) -> ToDo:
    """What the person must do, in three queries whatever they own."""
    today = timezone.localdate()
    # Only those that may be late are read: a person may own hundreds of key results.
    theirs = list(
        KeyResult.objects.filter(owner=user)
        .waiting_for_their_owner(today)
        .select_related("objective__period")
    )
    return ToDo(
        decisions=list(
            KeyResult.objects.awaiting_decision_by(user)
            .select_related("objective", "owner")
            .order_by("updated_at")[:TO_DO_SHOWN]
        ),
        changes_requested=[
            key_result
            for key_result in theirs
            if key_result.approval_state == KeyResult.ApprovalState.CHANGES_REQUESTED
        ],
        to_measure=[
            key_result
            for key_result in theirs
            if key_result.is_approved
            and key_result.standing(today) in (Standing.NOT_MEASURED_LATELY, Standing.OVERDUE)
        ][:TO_DO_SHOWN],
        late_actions=list(
            Action.objects.filter(
                owner=user, status=Action.Status.IN_PROGRESS, key_results__deadline__lt=today
            )
            .distinct()
            .select_related("objective")[:TO_DO_SHOWN]
        ),
    )


def _card_key(objective: Objective) -> tuple:
    """Everything an objective's card on My OKRs shows, as read for this page."""
    return (
        row(objective),
        str(objective.owner),
        objective.team.name,
        row(objective.parent),
        objective.parent_readable,  # type: ignore[attr-defined]  # by this reader
        objective.action_count,  # type: ignore[attr-defined]
        row(objective.period),
        [row(key_result) for key_result in objective.key_results.all()],
    )


def _draw_card(objective: Objective) -> str:
    return render_to_string("progress/my_okrs.html#objective-card", {"objective": objective})


@login_required
@require_http_methods(["GET"])
def my_okrs(request: SignedInRequest) -> HttpResponse:
    """The person's objectives of a period (theirs, or where they own a key result or an
    action), then the others of their team and the teams they lead directly: teams further down
    have their own pages, so a top leader's page does not list the whole company."""
    period, periods = chosen_period(request)
    user = request.user
    # Three indexed look-ups: one OR across the joins would read every key result and action.
    involved = (
        Q(owner=user)
        | Q(pk__in=KeyResult.objects.filter(owner=user).values("objective_id"))
        | Q(pk__in=Action.objects.filter(owner=user).values("objective_id"))
    )
    led_directly = [team.id for team in team_tree().teams.values() if team.leader_id == user.pk]
    teams = [*led_directly, *([user.team_id] if user.team_id is not None else [])]
    objectives = list(
        _with_key_results(
            Objective.objects.visible_to(user)
            .for_period(period)
            .not_archived()
            .filter(involved | Q(team_id__in=teams))
            .annotate(
                is_mine=ExpressionWrapper(involved, output_field=BooleanField()),
                action_count=Count("actions"),
            )
            .select_related("owner", "team", "parent")
            .order_by("team__name", "title", "pk")
        )
    )
    mine: list[Objective] = []
    others: list[Objective] = []
    for objective in objectives:
        objective.period = period  # each key result's time line starts there: no query each
        parent = objective.parent
        objective.parent_readable = parent is not None and parent.is_readable_by(user)  # type: ignore[attr-defined]
        (mine if objective.is_mine else others).append(objective)  # type: ignore[attr-defined]
    cards = fragments.cached(request, objectives, _card_key, _draw_card, name="card")
    for objective, card in zip(objectives, cards, strict=True):
        objective.card = card  # type: ignore[attr-defined]
    context = {
        "period": period,
        "periods": periods,
        "mine": mine,
        "teams": others,
        "leads_teams": bool(user.led_team_ids),
        "to_do": _to_do(user),
    }
    return render(request, "progress/my_okrs.html", context)


@dataclass(frozen=True)
class _ObjectiveParts:
    """What an objective's page draws from objectives, key results, actions and people (the
    fragments with placeholders for the request's tokens), for one reader."""

    progress: Decimal | None
    score: Score | None
    scoring: bool  # scores show once scoring began: a key result scored, or open for scoring
    key_results: str
    children: str
    actions: str
    # The rows around it the page header shows, kept here so the page's one query for the
    # objective joins no more tables than it must (each join costs the planner).
    retrospective: Retrospective | None
    continues: Objective | None
    continued_by: Objective | None


def _objective_parts(objective: Objective, user: User) -> _ObjectiveParts:
    key_results = list(
        objective.key_results.select_related(
            "owner",
            "action",
            "continues__objective__period",
            "continued_by__objective__period",
        )
        .prefetch_related(
            Prefetch(
                "approval_events",
                queryset=ApprovalEvent.objects.select_related("actor", "approver"),
            )
        )
        .order_by("created_at")
    )
    for key_result in key_results:
        key_result.objective = objective  # fetched already: no query each
    scoring = any(
        kr.is_scored or (kr.is_approved and kr.is_open_for_scoring()) for kr in key_results
    )
    actions = list(objective.actions.select_related("owner").order_by("created_at"))
    template = "progress/objective_detail.html"
    return _ObjectiveParts(
        progress=progress_for(objective, user=user),
        score=score_of(key_results),
        scoring=scoring,
        key_results=render_to_string(
            f"{template}#key-result-cards",
            {
                "key_results": key_results,
                "scoring": scoring,
                "scorable": {kr.pk for kr in key_results if kr.may_be_scored_by(user)},
            },
        ),
        children=render_to_string(
            f"{template}#children",
            {"children": objective.children.visible_to(user).select_related("owner", "team")},
        ),
        actions=render_to_string(
            f"{template}#actions",
            {
                "objective": objective,
                "actions": actions,
                "editable_actions": {a.pk for a in actions if a.can_edit(user)},
                "deletable_actions": {a.pk for a in actions if a.can_delete(user)},
                "can_add": objective.can_add_to(user),
                "action_form": fragments.with_placeholders(ActionForm()),
                "csrf_token": fragments.CSRF_PLACEHOLDER,
            },
        ),
        retrospective=Retrospective.objects.select_related("author")
        .filter(objective=objective)
        .first(),
        continues=(
            Objective.objects.select_related("period").filter(pk=objective.continues_id).first()
            if objective.continues_id
            else None
        ),
        continued_by=Objective.objects.select_related("period").filter(continues=objective).first(),
    )


def _versions() -> tuple[str, str]:
    """The objectives' and the organisation's versions, read in one round trip to the cache
    (each made up by its own module when the cache has none)."""
    found = cache.get_many([objectives_version_key, organisation_version_key])
    return (
        found.get(objectives_version_key) or objectives_version(),
        found.get(organisation_version_key) or organisation_version(),
    )


def _updates_shown(objective: Objective) -> Any:
    """Its latest updates first (approvals are in each key result's history)."""
    return objective.updates.exclude(kind=Update.Kind.APPROVAL).order_by("-id")


def _latest_update_rows(objective: Objective) -> list[tuple]:
    """The rows of its ten latest updates as read now: with the versions that name their
    authors, key results, actions and retrospectives (read before them), what they are drawn
    under."""
    fields = [field.attname for field in Update._meta.concrete_fields]
    return list(_updates_shown(objective).values_list(*fields)[:10])


def _drawn_updates(
    objective: Objective, key: str, rows: list[tuple], drawn: str | None
) -> SafeString:
    """Its latest updates as found in the cache under `key`, or drawn from `rows` now."""
    if drawn is None:
        updates = list(
            _updates_shown(objective)
            .filter(pk__in=[pk for pk, *_rest in rows])
            .select_related("author", "key_result", "action", "retrospective")
        )
        drawn = render_to_string("progress/objective_detail.html#updates", {"updates": updates})
        if [row(update) for update in updates] == rows:  # not changed in between
            cache.set(key, drawn, DRAWN_FOR)
    return mark_safe(drawn)  # noqa: S308 - drawn by our template, which escapes what it shows


@login_required
@require_http_methods(["GET"])
def objective_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """An objective with its progress, key results, actions, smaller objectives and latest
    updates. What is drawn from objectives, key results, actions and people is kept in the
    cache for each reader until one of them changes: their versions, read before any row, are
    part of its key."""
    user = request.user
    versions = _versions()
    objective = get_object_or_404(
        Objective.objects.visible_to(user)
        .select_related("owner", "team", "period", "parent")
        .annotate(following=Exists(Follow.objects.filter(objective=OuterRef("pk"), person=user))),
        pk=pk,
    )
    update_rows = _latest_update_rows(objective)
    surroundings = fragments.surroundings()
    parts_key = "fragment:objective:" + fragments.digest(
        versions, objective.pk, user.reading_rights, surroundings
    )
    updates_key = "fragment:objective-updates:" + fragments.digest(
        versions, update_rows, surroundings
    )
    found = cache.get_many([parts_key, updates_key])  # one round trip for both
    parts: _ObjectiveParts | None = found.get(parts_key)
    if parts is None:
        parts = _objective_parts(objective, user)
        cache.add(parts_key, parts, DRAWN_FOR)
    # What the header shows of the rows around it, as select_related would have fetched them.
    objective._state.fields_cache["retrospective"] = parts.retrospective
    objective._state.fields_cache["continued_by"] = parts.continued_by
    if objective.continues_id:
        objective.continues = parts.continues
    token = get_token(request)
    context = {
        "objective": objective,
        "progress": parts.progress,
        "score": parts.score,
        "scoring": parts.scoring,
        "key_result_cards": mark_safe(parts.key_results),  # noqa: S308 - drawn by our template
        "children": mark_safe(parts.children),  # noqa: S308 - drawn by our template
        "actions": fragments.fill_in(parts.actions, request, token),
        "can_edit": objective.can_edit(user),
        "can_close": objective.can_close(user),
        # Kept on the objective once it was closed (None before).
        "retrospective": parts.retrospective,
        "can_add": objective.can_add_to(user),
        "can_share": objective.can_share_on(user),
        "following": objective.following,  # type: ignore[attr-defined]
        "can_delete": objective.can_delete(user),
        "can_carry_over": objective.can_carry_over(user),
        "continued_in": parts.continued_by,
        # Completing is closing with a retrospective (objectives:close), offered on its own.
        "transitions": [
            Objective.Status(s)
            for s in objective.allowed_transitions()
            if s != Objective.Status.COMPLETED
        ],
        "updates": _drawn_updates(objective, updates_key, update_rows, found.get(updates_key)),
    }
    return render(request, "progress/objective_detail.html", context)


def _history(key_result: KeyResult) -> list[tuple[datetime.date, Decimal]]:
    """Its measured values by day (a count's running total), oldest first."""
    measured = key_result.updates.measurements()
    if key_result.is_count:
        events = [(day, n or 0) for day, n in measured.values_list("happened_on", "events")]
        return cumulative(events, start=key_result.starts_on)
    return [
        (day, value)
        for day, value in measured.order_by("happened_on", "id").values_list(
            "happened_on", "value_after"
        )
        if value is not None
    ]


# Measurements shown on a key result's page at a time; older ones are a click away.
HISTORY_PAGE = 25


def _with_newest_measurement(key_results: KeyResultQuerySet) -> KeyResultQuerySet:
    """Key results with the id of the newest of their measurements (one index look-up each).

    Written out: the same Subquery built with the ORM cost a key result's page more to
    compile than any other part of its query."""
    newest = RawSQL(  # noqa: S611 - no input of anyone's in it
        f"SELECT m.id FROM {Update._meta.db_table} m"  # noqa: S608 - our own table names
        f" WHERE m.key_result_id = {KeyResult._meta.db_table}.id AND m.value_after IS NOT NULL"
        " ORDER BY m.happened_on DESC, m.id DESC LIMIT 1",
        [],
    )
    return key_results.annotate(newest_measurement=newest)


def _drawn_from(key_result: KeyResult) -> str:
    """A digest of everything a key result's chart and forecast are drawn from: its row, its
    period, its newest measurement, and the language, time zone, day and release. A measurement
    recorded or the key result changed gives a new one."""
    return fragments.digest(
        row(key_result),
        row(key_result.objective.period),
        key_result.newest_measurement,  # type: ignore[attr-defined]  # _with_newest_measurement
        fragments.surroundings(),
    )


# A drawing is kept this long; its key changes with anything it shows.
DRAWN_TIMEOUT = 24 * 60 * 60


def _older_than(cursor: str) -> Q | None:
    """The measurements older than `cursor` ("<ISO day>.<id>" of the last one shown)."""
    day, _dot, pk = cursor.partition(".")
    try:
        since = datetime.date.fromisoformat(day)
    except ValueError:
        return None
    if not pk.isdecimal():
        return None
    return Q(happened_on__lt=since) | Q(happened_on=since, id__lt=int(pk))


@dataclass
class HistoryPage:
    """A page of a key result's measurements, newest first, and where the next one starts."""

    key_result: KeyResult
    measurements: list[Update]
    older: str | None  # the cursor of the next, older page
    paged: bool  # an older page, not the newest


def _history_key(page: HistoryPage) -> tuple:
    """Everything a page of measurements shows, as read for this request (the measurements are
    a record: never edited, only added)."""
    return (
        "measurements",
        page.key_result.kind,
        [(row(update), str(update.author)) for update in page.measurements],
        page.older,
        page.paged,
    )


def _draw_history(page: HistoryPage) -> str:
    return render_to_string(
        "progress/key_result_detail.html#history",
        {
            "kr": page.key_result,
            "measurements": page.measurements,
            "older": page.older,
            "paged": page.paged,
        },
    )


def _approvals_key(events: list[ApprovalEvent]) -> tuple:
    """Everything a key result's approval history shows, as read for this request."""
    return (
        "approvals",
        [
            (row(event), str(event.actor), str(event.approver) if event.approver else "")
            for event in events
        ],
    )


def _draw_approvals(events: list[ApprovalEvent]) -> str:
    return render_to_string("includes/approval_history.html", {"events": events})


def _fetch_neighbours(key_result: KeyResult) -> None:
    """Fetch what `key_result` continues and the periods of both neighbours, only when there is
    one: joined into its own query, or prefetched, they cost more than all the rest of it.
    Needs continued_by select_related."""
    if key_result.continues_id is not None:
        prefetch_related_objects(
            [key_result],
            Prefetch("continues", queryset=KeyResult.objects.select_related("objective__period")),
        )
    successor = getattr(key_result, "continued_by", None)
    if successor is not None:
        prefetch_related_objects(
            [successor],
            Prefetch("objective", queryset=Objective.objects.select_related("period")),
        )


@login_required
@require_http_methods(["GET"])
def key_result_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A key result with where it stands, its forecast, a page of its measurements (keyset
    pagination: the last page costs what the first does) and its approval history."""
    user = request.user
    key_result = get_object_or_404(
        # Reporters are read only for someone who is not its owner (can_record).
        _with_newest_measurement(KeyResult.objects.all()).select_related(
            "objective__period", "objective__team", "owner", "action", "approver", "continued_by"
        ),
        pk=pk,
    )
    # The reading rule checked on the row in hand: in the query, it cost more than the rest.
    if not key_result.is_readable_by(user):
        raise Http404
    _fetch_neighbours(key_result)
    can_decide = key_result.can_be_decided_by(user)

    def forecast_at_deadline() -> str:
        """Its forecast at the deadline as text, "" when there is none."""
        if key_result.is_rate:
            return ""  # judged period by period: there is no line to extend
        history = _history(key_result)
        measured = [point for point in history if not key_result.is_count or point[1]]
        predicted = forecast(history, at=key_result.deadline) if len(measured) >= 3 else None
        return "" if predicted is None else str(predicted)

    drawn_from = _drawn_from(key_result)
    measurements = key_result.updates.measurements().select_related("author")
    periods = key_result.rate_periods()
    older = _older_than(request.GET.get("older", ""))
    if older is not None:
        measurements = measurements.filter(older)
    shown = list(measurements.order_by("-happened_on", "-id")[: HISTORY_PAGE + 1])
    last = shown[HISTORY_PAGE - 1] if len(shown) > HISTORY_PAGE else None
    page = HistoryPage(
        key_result,
        shown[:HISTORY_PAGE],
        older=f"{last.happened_on.isoformat()}.{last.pk}" if last else None,
        paged=older is not None,
    )
    approvals = list(key_result.approval_events.select_related("actor", "approver"))
    # Each piece is (what it shows, how it is drawn), all read from the cache in one trip:
    # drawing 25 rows of dates and numbers cost more than all the rest of the page's content,
    # the approval history came next, and the forecast of years of measurements takes seconds.
    pieces = [
        (_history_key(page), lambda: _draw_history(page)),
        (_approvals_key(approvals), lambda: _draw_approvals(approvals)),
        (("forecast", drawn_from), forecast_at_deadline),
    ]
    section, approval_history, predicted = fragments.cached(
        request, pieces, lambda piece: piece[0], lambda piece: piece[1](), name="key-result"
    )
    return render(
        request,
        "progress/key_result_detail.html",
        {
            "key_result": key_result,
            "objective": key_result.objective,
            "history": approvals,
            "approval_history": approval_history,
            "measurements": page.measurements,
            "older": page.older,
            "history_section": section,
            "can_record": key_result.can_record(user),
            "log_form": QuickEventForm() if key_result.takes_events_from_anyone() else None,
            "can_edit": key_result.can_edit(user),
            "can_score": key_result.may_be_scored_by(user),
            "can_submit": key_result.can_submit(user),
            "can_delete": key_result.can_delete(user),
            "can_drop": key_result.can_drop(user),
            "can_carry_over": key_result.can_carry_over(user),
            "continued_in": getattr(key_result, "continued_by", None),
            "decision_form": DecisionForm(key_result=key_result) if can_decide else None,
            "forecast": Decimal(predicted) if predicted else None,
            "periods": periods,
            "periods_met": sum(1 for period in periods if period.met),
            "periods_judged": sum(1 for period in periods if period.judged),
            # The drawing's address changes with it: a browser keeps each one an hour.
            "chart_version": drawn_from,
        },
    )


@login_required
@require_http_methods(["GET"])
# The drawing's own styles; it has no script. (django-csp types its views as plain requests.)
@csp_update({"style-src": ["'unsafe-inline'"]})  # type: ignore[arg-type]
def key_result_chart(request: SignedInRequest, pk: int) -> HttpResponse:
    """Its history as an SVG drawing, in the reader's language; kept in the cache under what it
    is drawn from (_drawn_from)."""
    key_result = get_object_or_404(
        _with_newest_measurement(KeyResult.objects.visible_to(request.user)).select_related(
            "objective__period"
        ),
        pk=pk,
    )
    language = get_language()

    def draw() -> str:
        if key_result.is_rate:
            return rate_chart(
                title=key_result.title,
                unit=key_result.unit,
                per=key_result.per,
                periods=key_result.rate_periods(),
                language=language,
            )
        history = _history(key_result)
        return history_chart(
            title=key_result.title,
            unit=key_result.unit,
            baseline=key_result.baseline,
            target=key_result.target,
            start=key_result.starts_on,
            deadline=key_result.deadline,
            points=history,
            forecast=forecast(history, at=key_result.deadline),
            language=language,
            cumulative=key_result.is_count,
        )

    svg = cache.get_or_set(f"chart:{key_result.pk}:{_drawn_from(key_result)}", draw, DRAWN_TIMEOUT)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _period_tree(
    readable: ObjectiveQuerySet, period: Period, teams: Iterable[int] | None = None
) -> tuple[list[Objective], list[KeyResult]]:
    """Everything of `readable` in the period, with its key results, in two queries; with
    `teams`, only their objectives and all below them (what their progress rolls up from), in
    three."""
    readable = readable.for_period(period).not_archived()
    if teams is not None:
        chosen, below = set(teams), defaultdict(list)
        links = list(readable.values_list("pk", "parent_id", "team_id"))
        for pk, parent, _team in links:
            below[parent].append(pk)
        keep: set[int] = set()
        stack = [pk for pk, _parent, team in links if team in chosen]
        while stack:
            pk = stack.pop()
            if pk not in keep:
                keep.add(pk)
                stack.extend(below[pk])
        readable = readable.filter(pk__in=keep)
    objectives = list(
        readable.select_related("owner", "team", "period").order_by("team__name", "title")
    )
    by_id = {objective.pk: objective for objective in objectives}
    key_results = list(
        KeyResult.objects.filter(objective__in=list(by_id))
        .select_related("owner")
        .order_by("created_at")
    )
    for key_result in key_results:
        key_result.objective = by_id[key_result.objective_id]  # fetched already: no query each
    return objectives, key_results


def _drawn_tree(
    request: SignedInRequest, period: Period, *, teams: list[int] | None = None
) -> SafeString:
    """The period's alignment tree (with `teams`: theirs and all below them) drawn as the viewer
    may read it, from the cache until an objective, a key result, a period, a team or a person
    changes (their versions are part of the key, read before the rows). Everyone who may read
    no draft of the period shares one drawing; who may read one has their own."""
    user = request.user
    around = (_versions(), period.pk, teams, fragments.surroundings())

    def draw(readable: ObjectiveQuerySet) -> str:
        objectives, key_results = _period_tree(readable, period, teams)
        return render_to_string(
            "progress/tree.html#tree",
            {"rows": alignment(objectives, key_results), "under_heading": teams is not None},
        )

    shared_key = f"fragment:tree:{fragments.digest(around)}"
    shared = cache.get(shared_key)
    if shared is None:
        drafts = Objective.objects.for_period(period).filter(status=Objective.Status.DRAFT)
        shared = (
            draw(Objective.objects.exclude(status=Objective.Status.DRAFT)),
            frozenset(drafts.values_list("owner_id", "team_id")),
        )
        cache.set(shared_key, shared, DRAWN_FOR)
    html, drafts = shared
    if reads_a_draft_of(user, drafts):
        html = cache.get_or_set(
            f"fragment:tree:{fragments.digest(around, user.reading_rights)}",
            lambda: draw(Objective.objects.visible_to(user)),
            DRAWN_FOR,
        )
    return mark_safe(html)  # noqa: S308 - drawn by our template, which escapes what it shows


@login_required
@require_http_methods(["GET"])
def tree(request: SignedInRequest) -> HttpResponse:
    """The organisation's objectives of a period, each under the bigger one it breaks down."""
    period, periods = chosen_period(request)
    return render(
        request,
        "progress/tree.html",
        {"period": period, "periods": periods, "tree": _drawn_tree(request, period)},
    )


@login_required
@require_http_methods(["GET"])
def team(request: SignedInRequest, pk: int) -> HttpResponse:
    """A team's people and sub-teams, and its objectives with what breaks them down."""
    team = get_object_or_404(Team.objects.select_related("leader", "parent"), pk=pk)
    period, periods = chosen_period(request)
    return render(
        request,
        "progress/team.html",
        {
            "team": team,
            "members": team.members.order_by("first_name", "last_name"),
            "subteams": team.children.select_related("leader"),
            "period": period,
            "periods": periods,
            "tree": _drawn_tree(request, period, teams=[team.pk]),
        },
    )


@login_required
@require_http_methods(["GET"])
def overview(request: SignedInRequest) -> HttpResponse:
    """A leader's view of the teams they lead and those below: each team's objectives with
    their progress, and the key results that moved or had a setback this period. Drawn once and
    kept in the cache until an objective, a key result, a team or a person changes (their
    versions, read before the rows, are part of the key), or the period's setbacks do."""
    user = request.user
    period, periods = chosen_period(request)
    around = (_versions(), period.pk, user.reading_rights, fragments.surroundings())
    # Setbacks are updates, which no version follows: the period's ids are read each time.
    setbacks = sorted(
        Update.objects.filter(
            kind=Update.Kind.SETBACK,
            happened_on__range=(period.start, period.end),
            key_result__objective__period=period,
            key_result__objective__team_id__in=user.led_team_ids,
        ).values_list("key_result_id", flat=True)
    )
    teams = cache.get_or_set(
        f"fragment:overview:{fragments.digest(around, setbacks)}",
        lambda: _draw_overview(user, period, set(setbacks)),
        DRAWN_FOR,
    )
    return render(
        request,
        "progress/overview.html",
        {"period": period, "periods": periods, "teams": mark_safe(teams)},  # noqa: S308
    )


def _draw_overview(user: User, period: Period, setbacks: set[int]) -> str:
    """The overview's team sections, with `setbacks` the key results set back this period."""
    teams = list(
        Team.objects.filter(pk__in=user.led_team_ids).select_related("leader").order_by("name")
    )
    objectives, key_results = _period_tree(
        Objective.objects.visible_to(user), period, teams=user.led_team_ids
    )
    rows = {row.objective.pk: row for row in alignment(objectives, key_results)}
    by_team = []
    for each in teams:
        own = [rows[o.pk] for o in objectives if o.team_id == each.pk]
        measured = [kr for row in own for kr in row.key_results]
        by_team.append(
            {
                "team": each,
                "rows": own,
                "moved": [
                    kr
                    for kr in measured
                    if kr.last_measured_on and kr.last_measured_on >= period.start
                ],
                "setbacks": [kr for kr in measured if kr.pk in setbacks],
            }
        )
    return render_to_string("progress/overview.html#teams", {"period": period, "teams": by_team})


@login_required
@require_http_methods(["GET"])
def search(request: SignedInRequest) -> HttpResponse:
    """Objectives, key results, actions and people matching the words typed in the header."""
    results = find(request.GET.get("q", ""), user=request.user)
    template = "progress/search.html#results" if request.htmx else "progress/search.html"
    return render(request, template, {"results": results})


@login_required
@require_http_methods(["GET"])
def me(request: SignedInRequest) -> HttpResponse:
    """A person's own page: their place in the organisation and the reminders they received."""
    user = request.user
    return render(
        request,
        "progress/me.html",
        {
            "person": user,
            "team": user.team,
            "leader": user.nearest_leader(),
            "reminders": user.reminders.filter(
                Q(sent_at__isnull=False) | Q(failed_at__isnull=False)
            )
            .select_related("action")
            .prefetch_related("key_results")
            .order_by("-created_at"),
        },
    )


def _review(request: SignedInRequest, team: Team | None) -> HttpResponse:
    """The review page; its sections are the same for every reader (they show no draft), so
    they are drawn once and kept under the digest of everything they show."""
    period, periods = chosen_period(request)
    team_ids = team_tree().subtree_ids([team.pk]) if team is not None else None
    context: dict[str, Any] = {"team": team, "period": period, "periods": periods}

    def draw(_shown: tuple) -> str:
        context["review"] = reviewed(period=period, team_ids=team_ids)
        return render_to_string("progress/review.html#review-sections", context)

    shown = (team and team.pk, fingerprint(period=period, team_ids=team_ids))
    [context["sections"]] = fragments.cached(
        request, [shown], lambda shown: shown, draw, name="review", timeout=REVIEW_KEPT
    )
    return render(request, "progress/review.html", context)


@login_required
@require_http_methods(["GET"])
def review(request: SignedInRequest) -> HttpResponse:
    """The organisation's quarter review: every shared objective of the period (open to all)."""
    return _review(request, None)


@login_required
@require_http_methods(["GET"])
def team_review(request: SignedInRequest, pk: int) -> HttpResponse:
    """A team's quarter review: its objectives and those of the teams below it."""
    return _review(request, get_object_or_404(Team, pk=pk))
