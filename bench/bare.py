"""Bare pages: the floor each app page is measured against.

Each is a plain Django view, signed in like the app's, that reads the same rows with their
visible fields in one query and writes them with one Django template: no header, no include,
no `{% url %}`, no translation, no cache. What an app page costs beyond its bare page is the
price of its header, its rules and its presentation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.template import engines

from key_results.models import KeyResult
from objectives.models import Objective, Period
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


@login_required
def review(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The period's shared objectives with their scores; a team's with its key results' too."""
    objectives = Objective.objects.filter(period=Period.objects.current()).exclude(status="draft")
    if pk is None:
        rows = objectives.order_by("team__name", "title").values_list(
            "id", "title", "team__name", _name("owner__"), "status"
        )
        return _page(request, "Quarter review", rows)
    objectives = objectives.filter(team_id__in=team_tree().subtree_ids([pk]))
    rows = _key_results(objectives.values("pk"), "score", "proposed_score", "score_reason")
    return _page(request, "Quarter review", rows)


@login_required
def with_header(request: HttpRequest) -> HttpResponse:
    return HttpResponse(WITH_HEADER.render({}, request))


@login_required
def without_header(request: HttpRequest) -> HttpResponse:
    return HttpResponse(WITHOUT_HEADER.render({"title": "Hello"}, request))
