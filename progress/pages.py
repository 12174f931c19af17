"""The pages that show objectives and key results with how they are going: My OKRs, an
objective, a key result, the alignment trees of the organisation and of a team, a leader's
overview of the teams they lead, search, and a person's own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from approvals.forms import DecisionForm
from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from key_results.rollup import alignment, progress_of, with_descendants
from objectives.forms import ActionForm
from objectives.models import Objective, ObjectiveQuerySet, Period
from okr_site.http import SignedInRequest
from okr_site.periods import chosen_period
from organisation.models import Team

from .forms import QuickEventForm
from .models import Update
from .search import search as find


def _with_key_results(objectives: ObjectiveQuerySet, key_results=None) -> ObjectiveQuerySet:
    """Objectives with their key results (oldest first) fetched in one more query."""
    key_results = key_results if key_results is not None else KeyResult.objects.all()
    return objectives.prefetch_related(
        Prefetch("key_results", queryset=key_results.order_by("created_at"))
    )


@login_required
@require_http_methods(["GET"])
def my_okrs(request: SignedInRequest) -> HttpResponse:
    period = chosen_period(request)
    user = request.user
    visible = Objective.objects.visible_to(user).for_period(period).not_archived()
    mine = visible.filter(Q(owner=user) | Q(key_results__owner=user) | Q(actions__owner=user))
    # The person's own team and the teams they lead directly; teams further down have their
    # own pages, so a top leader's page does not list the whole company.
    team_scope = Q(team__leader=user)
    if user.team_id is not None:
        team_scope |= Q(team_id=user.team_id)
    teams = visible.filter(team_scope).exclude(pk__in=mine.values("pk"))
    context = {
        "period": period,
        "periods": Period.objects.all(),
        "mine": _with_key_results(mine.distinct().with_details()),
        "teams": _with_key_results(teams.with_details().order_by("team__name", "title")),
        "leads_teams": bool(user.led_team_ids),
    }
    return render(request, "progress/my_okrs.html", context)


@login_required
@require_http_methods(["GET"])
def objective_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    readable = Objective.objects.visible_to(user)
    objective = get_object_or_404(
        _with_key_results(
            readable.with_details(),
            KeyResult.objects.select_related("owner", "action").prefetch_related(
                Prefetch(
                    "approval_events",
                    queryset=ApprovalEvent.objects.select_related("actor", "approver"),
                )
            ),
        ),
        pk=pk,
    )
    context = {
        "objective": objective,
        "progress": progress_of(objective, readable=readable),
        "children": objective.children.visible_to(user).select_related("owner", "team"),
        "can_edit": objective.can_edit(user),
        "can_add": objective.can_add_to(user),
        "can_share": objective.can_share_on(user),
        "editable_actions": {a.pk for a in objective.actions.all() if a.can_edit(user)},
        "action_form": ActionForm(),
        "transitions": [Objective.Status(s) for s in objective.allowed_transitions()],
        "updates": objective.updates.exclude(kind=Update.Kind.APPROVAL)
        .select_related("author", "key_result", "action")
        .order_by("-id")[:10],
    }
    return render(request, "progress/objective_detail.html", context)


@login_required
@require_http_methods(["GET"])
def key_result_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = request.user
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(user)
        .select_related("objective__period", "objective__team", "owner", "action", "approver")
        .prefetch_related("reporters"),
        pk=pk,
    )
    can_decide = key_result.can_be_decided_by(user)
    return render(
        request,
        "progress/key_result_detail.html",
        {
            "key_result": key_result,
            "objective": key_result.objective,
            "history": key_result.approval_events.select_related("actor", "approver"),
            "measurements": key_result.updates.measurements()
            .select_related("author")
            .order_by("-happened_on", "-id"),
            "can_record": key_result.can_record(user),
            "log_form": QuickEventForm() if key_result.takes_events_from_anyone() else None,
            "can_edit": key_result.can_edit(user),
            "can_submit": key_result.can_submit(user),
            "decision_form": DecisionForm(key_result=key_result) if can_decide else None,
        },
    )


def _period_tree(request: SignedInRequest, period: Period):
    """Everything readable in the period, with its key results, in three queries."""
    objectives = list(
        Objective.objects.visible_to(request.user)
        .for_period(period)
        .not_archived()
        .select_related("owner", "team")
        .order_by("team__name", "title")
    )
    key_results = list(
        KeyResult.objects.filter(objective__in=[o.pk for o in objectives])
        .select_related("owner")
        .order_by("created_at")
    )
    return objectives, key_results


@login_required
@require_http_methods(["GET"])
def tree(request: SignedInRequest) -> HttpResponse:
    """The organisation's objectives of a period, each under the bigger one it breaks down."""
    period = chosen_period(request)
    objectives, key_results = _period_tree(request, period)
    return render(
        request,
        "progress/tree.html",
        {
            "period": period,
            "periods": Period.objects.all(),
            "rows": alignment(objectives, key_results),
        },
    )


@login_required
@require_http_methods(["GET"])
def team(request: SignedInRequest, pk: int) -> HttpResponse:
    """A team's people and sub-teams, and its objectives with what breaks them down."""
    team = get_object_or_404(Team.objects.select_related("leader", "parent"), pk=pk)
    period = chosen_period(request)
    objectives, key_results = _period_tree(request, period)
    own = with_descendants(objectives, [o.pk for o in objectives if o.team_id == team.pk])
    return render(
        request,
        "progress/team.html",
        {
            "team": team,
            "members": team.members.order_by("first_name", "last_name"),
            "subteams": team.children.select_related("leader"),
            "period": period,
            "periods": Period.objects.all(),
            "rows": alignment(own, key_results),
        },
    )


@login_required
@require_http_methods(["GET"])
def overview(request: SignedInRequest) -> HttpResponse:
    """A leader's view of the teams they lead and those below: each team's objectives with
    their progress, and the key results that moved or had a setback this period."""
    user = request.user
    period = chosen_period(request)
    teams = list(
        Team.objects.filter(pk__in=user.led_team_ids).select_related("leader").order_by("name")
    )
    objectives, key_results = _period_tree(request, period)
    rows = {row.objective.pk: row for row in alignment(objectives, key_results)}
    setbacks = set(
        Update.objects.filter(
            key_result__in=[kr.pk for kr in key_results],
            kind=Update.Kind.SETBACK,
            happened_on__range=(period.start, period.end),
        ).values_list("key_result_id", flat=True)
    )
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
    return render(
        request,
        "progress/overview.html",
        {"period": period, "periods": Period.objects.all(), "teams": by_team},
    )


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
