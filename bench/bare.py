"""Bare pages: the floor each app page is measured against.

Each is a plain Django view, signed in like the app's, that reads the same rows with their
visible fields in one query and writes them with one Django template: no header, no include,
no `{% url %}`, no translation, no cache. What an app page costs beyond its bare page is the
price of its header, its rules and its presentation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.template import engines

from key_results.models import KeyResult
from objectives.models import Action, Objective, Period, Retrospective
from organisation.models import Team
from organisation.tree import team_tree
from progress.models import Update

ENGINE = engines["django"]

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
</head><body><main><h1>{{ title }}</h1>{% block rows %}{% endblock %}</main></body></html>"""

ROWS = ENGINE.from_string(
    PAGE.replace(
        "{% block rows %}{% endblock %}",
        """<ul>{% for r in rows %}<li>{% for value in r %}<span>{{ value }}</span> {% endfor %}
<a href="/x/{{ r.0 }}/">{{ r.1 }}</a></li>{% endfor %}</ul>""",
    )
)
# A feed entry shows its comments (who, what, when) and its reactions counted by kind.
ENTRIES = ENGINE.from_string(
    PAGE.replace(
        "{% block rows %}{% endblock %}",
        """{% for r in rows %}<article><a href="/x/{{ r.id }}/">{{ r.title }}</a>
{% for value in r.values %}<span>{{ value }}</span> {% endfor %}
{% for emoji, count in r.reactions.items %}<button>{{ emoji }} {{ count }}</button>{% endfor %}
{% for who, text, when in r.comments %}<p><b>{{ who }}</b> {{ text }} {{ when }}</p>{% endfor %}
</article>{% endfor %}""",
    )
)
COMMENTS = RawSQL(
    """SELECT coalesce(json_agg(json_build_array(
        u.first_name || ' ' || u.last_name, c.text, c.created_at) ORDER BY c.id), '[]')
    FROM progress_comment c JOIN organisation_user u ON u.id = c.author_id
    WHERE c.update_id = progress_update.id""",
    [],
)
REACTIONS = RawSQL(
    """SELECT coalesce(json_object_agg(emoji, total), '{}') FROM (
        SELECT emoji, count(*) AS total FROM progress_reaction r
        WHERE r.update_id = progress_update.id GROUP BY emoji) counted""",
    [],
)
# The two sides of the header's cost: the same signed-in page with and without base.html.
WITH_HEADER = ENGINE.from_string(
    '{% extends "base.html" %}{% block content %}<p>Hello {{ user }}</p>{% endblock %}'
)
WITHOUT_HEADER = ENGINE.from_string(
    PAGE.replace("{% block rows %}{% endblock %}", "<p>Hello {{ user }}</p>")
)


def _page(request: HttpRequest, title: str, rows) -> HttpResponse:
    return HttpResponse(ROWS.render({"title": title, "rows": rows}, request))


def _name(prefix: str):
    return Concat(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name"))


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    """25 entries with what an entry shows, filtered and paged as the feed is."""
    updates = Update.objects.all()
    if team := request.GET.get("team"):
        updates = updates.filter(team_id=team)
    if person := request.GET.get("person"):
        updates = updates.filter(author_id=person)
    if (kind := request.GET.get("kind")) == "learning":
        updates = updates.exclude(learning="")
    elif kind:
        updates = updates.filter(kind=kind)
    if before := request.GET.get("before"):
        updates = updates.filter(id__lt=before)
    rows = updates.order_by("-id").values_list(
        "id",
        "objective__title",
        "kind",
        "created_at",
        _name("author__"),
        "key_result__title",
        "key_result__unit",
        "action__title",
        "team__name",
        "value_before",
        "value_after",
        "text",
        "learning",
        COMMENTS,
        REACTIONS,
    )[:25]
    entries = [
        {"values": r[:-2], "comments": r[-2], "reactions": r[-1], "id": r[0], "title": r[1]}
        for r in rows
    ]
    return HttpResponse(ENTRIES.render({"title": "Feed", "rows": entries}, request))


ACTIONS = RawSQL(
    """SELECT count(*) FROM objectives_action a
    WHERE a.objective_id = key_results_keyresult.objective_id""",
    [],
)


def _key_results(objectives, *extra):
    return (
        KeyResult.objects.filter(objective__in=objectives)
        .order_by("objective__team__name", "objective__title", "objective_id", "created_at")
        .values_list(
            "objective_id",
            "objective__title",
            "objective__status",
            "objective__team__name",
            _name("objective__owner__"),
            "id",
            "title",
            "approval_state",
            "baseline",
            "current_value",
            "target",
            "unit",
            "deadline",
            "last_measured_on",
            "recent_values",
            *extra,
        )
    )


@login_required
def my_okrs(request: HttpRequest) -> HttpResponse:
    """The key results of the objectives My OKRs lists, with their objective's fields."""
    user = request.user
    objectives = Objective.objects.filter(
        period=Period.objects.current(),
        team_id=user.team_id,  # type: ignore[union-attr]
    ).values("pk")
    return _page(request, "My OKRs", _key_results(objectives, ACTIONS))


@login_required
def objective(request: HttpRequest, pk: int) -> HttpResponse:
    """An objective's key results with the objective's fields."""
    return _page(request, "Objective", _key_results(Objective.objects.filter(pk=pk).values("pk")))


@login_required
def key_result(request: HttpRequest, pk: int) -> HttpResponse:
    """A page of a key result's measurements, with its own fields."""
    rows = (
        Update.objects.filter(key_result_id=pk, value_after__isnull=False)
        .order_by("-happened_on", "-id")
        .values_list(
            "key_result_id",
            "key_result__title",
            "key_result__baseline",
            "key_result__target",
            "key_result__current_value",
            "key_result__unit",
            "key_result__deadline",
            "key_result__measurement_plan",
            "happened_on",
            "value_after",
            _name("author__"),
            "text",
        )[:25]
    )
    return _page(request, "Key result", rows)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The key results waiting for the reader's decision."""
    rows = (
        KeyResult.objects.filter(approval_state="pending", approver=request.user)
        .order_by("updated_at")
        .values_list(
            "id",
            "title",
            "objective__title",
            "objective__team__name",
            _name("owner__"),
            "action__title",
            "baseline",
            "target",
            "unit",
            "deadline",
            "measurement_plan",
        )
    )
    return _page(request, "Approvals", rows)


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    """Every team with its leader's name and size."""
    rows = (
        Team.objects.annotate(size=Count("members"))
        .order_by("name")
        .values_list("id", "name", "parent_id", _name("leader__"), "size")
    )
    return _page(request, "Teams", rows)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every key result of the period with its objective's fields (the alignment tree)."""
    objectives = Objective.objects.filter(period=Period.objects.current()).values("pk")
    return _page(request, "Alignment", _key_results(objectives))


@login_required
def leader(request: HttpRequest) -> HttpResponse:
    """The key results of the period in the teams the reader leads."""
    led = team_tree().led_by(request.user.pk)
    objectives = Objective.objects.filter(period=Period.objects.current(), team_id__in=led)
    return _page(request, "Teams I lead", _key_results(objectives.values("pk")))


# The quarter review: its sections one after the other, each a list of rows.
SECTIONS = ENGINE.from_string(
    PAGE.replace(
        "{% block rows %}{% endblock %}",
        """{% for name, rows in sections %}<h2>{{ name }}</h2><ul>{% for r in rows %}<li>
{% for value in r %}<span>{{ value }}</span> {% endfor %}<a href="/x/{{ r.0 }}/">{{ r.1 }}</a></li>
{% endfor %}</ul>{% endfor %}""",
    )
)
# An objective's proposed and adjusted scores, how many key results are scored and counted: an
# approved key result proposes its proposed score, else its share of the way to its target.
SCORES = RawSQL(
    """SELECT json_build_array(round(sum(weight * p) / sum(weight), 2),
        round(sum(weight * coalesce(score, p)) / sum(weight), 2), count(score), count(*))
    FROM (SELECT kr.weight, kr.score, coalesce(kr.proposed_score, round(least(1, greatest(0,
            (kr.current_value - kr.baseline) / nullif(kr.target - kr.baseline, 0))), 2)) AS p
        FROM key_results_keyresult kr
        WHERE kr.objective_id = objectives_objective.id AND kr.approval_state = 'approved'
        AND kr.weight > 0) counted""",
    [],
)
# A team's review shows each approved key result's score, proposal and reason too.
SCORED_KEY_RESULTS = RawSQL(
    """SELECT coalesce(json_agg(json_build_array(kr.id, kr.title, kr.score,
        coalesce(kr.proposed_score, round(least(1, greatest(0,
            (kr.current_value - kr.baseline) / nullif(kr.target - kr.baseline, 0))), 2)),
        kr.score_reason) ORDER BY kr.created_at, kr.id), '[]')
    FROM key_results_keyresult kr
    WHERE kr.objective_id = objectives_objective.id AND kr.approval_state = 'approved'""",
    [],
)
# Each key result of an action done: its last value measured 4 weeks before the day, on the day
# and 4 weeks after (its baseline before any).
EFFECTS = RawSQL(
    """SELECT coalesce(json_agg(json_build_array(kr.id, kr.title, kr.unit,
        coalesce((SELECT u.value_after FROM progress_update u
            WHERE u.key_result_id = kr.id AND u.value_after IS NOT NULL
            AND u.happened_on <= done.day - 28
            ORDER BY u.happened_on DESC, u.id DESC LIMIT 1), kr.baseline),
        coalesce((SELECT u.value_after FROM progress_update u
            WHERE u.key_result_id = kr.id AND u.value_after IS NOT NULL
            AND u.happened_on <= done.day
            ORDER BY u.happened_on DESC, u.id DESC LIMIT 1), kr.baseline),
        coalesce((SELECT u.value_after FROM progress_update u
            WHERE u.key_result_id = kr.id AND u.value_after IS NOT NULL
            AND u.happened_on <= done.day + 28
            ORDER BY u.happened_on DESC, u.id DESC LIMIT 1), kr.baseline)
        ) ORDER BY kr.created_at), '[]')
    FROM key_results_keyresult kr,
        (SELECT (objectives_action.done_at AT TIME ZONE %s)::date AS day) done
    WHERE kr.action_id = objectives_action.id AND kr.approval_state = 'approved'""",
    [settings.TIME_ZONE],
)


@login_required
def review(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The period's shared objectives with their scores (a team's with its key results' too),
    the latest 20 setbacks with how many there were, the actions done with their key results'
    values 4 weeks before, on and after the day, and the retrospectives; a query each (two for
    the setbacks: the latest and how many)."""
    period = Period.objects.current()
    objectives = Objective.objects.filter(period=period, status__in=Objective.LIVE)
    if pk is not None:
        objectives = objectives.filter(team_id__in=team_tree().subtree_ids([pk]))
    ids = objectives.values("pk")
    scores = objectives.order_by("team__name", "title", "pk").values_list(
        "id",
        "title",
        "status",
        "team__name",
        _name("owner__"),
        SCORES,
        *([SCORED_KEY_RESULTS] if pk is not None else []),
    )
    shared = Update.objects.filter(
        objective__in=ids, kind="setback", happened_on__range=(period.start, period.end)
    )
    setbacks = [
        (shared.count(), "setbacks shared"),
        *shared.order_by("-happened_on", "-id").values_list(
            "id",
            "objective__title",
            _name("author__"),
            "happened_on",
            "key_result__title",
            "text",
            "learning",
        )[:20],
    ]
    actions = (
        Action.objects.filter(
            objective__in=ids, status="done", done_at__date__range=(period.start, period.end)
        )
        .order_by("done_at", "pk")
        .values_list("id", "title", "objective__title", "done_at", EFFECTS)
    )
    learnings = (
        Retrospective.objects.filter(objective__in=ids)
        .order_by("objective__team__name", "objective__title", "objective_id")
        .values_list(
            "objective_id",
            "objective__title",
            _name("author__"),
            "updated_at",
            "worked",
            "did_not_work",
            "carry_on",
        )
    )
    sections = [
        ("Objectives", scores),
        ("Setbacks", setbacks),
        ("Actions done", actions),
        ("Learnings", learnings),
    ]
    return HttpResponse(SECTIONS.render({"title": "Quarter review", "sections": sections}, request))


@login_required
def with_header(request: HttpRequest) -> HttpResponse:
    return HttpResponse(WITH_HEADER.render({}, request))


@login_required
def without_header(request: HttpRequest) -> HttpResponse:
    return HttpResponse(WITHOUT_HEADER.render({"title": "Hello"}, request))
