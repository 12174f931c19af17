from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from objectives.models import Objective, Period
from objectives.views import chosen_period
from okr_site.http import SignedInRequest

from .models import Team


@login_required
@require_http_methods(["GET"])
def me(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "organisation/me.html",
        {
            "person": user,
            "team": user.team,
            "leader": user.nearest_leader(),
            "reminders": user.reminders.filter(sent_at__isnull=False)
            .select_related("action")
            .prefetch_related("key_results")
            .order_by("-sent_at"),
        },
    )


@login_required
@require_http_methods(["GET"])
def teams(request: SignedInRequest) -> HttpResponse:
    """The organisation as a tree of teams, for everyone signed in."""
    children: dict[int | None, list[Team]] = {}
    for team in Team.objects.select_related("leader").annotate(size=Count("members")):
        children.setdefault(team.parent_id, []).append(team)

    def branch(parent_id: int | None) -> list[dict]:
        return [{"team": team, "below": branch(team.pk)} for team in children.get(parent_id, [])]

    return render(request, "organisation/teams.html", {"tree": branch(None)})


@login_required
@require_http_methods(["GET"])
def team(request: SignedInRequest, pk: int) -> HttpResponse:
    """A team's people and sub-teams, and the objectives of it the viewer may read."""
    team = get_object_or_404(Team.objects.select_related("leader", "parent"), pk=pk)
    period = chosen_period(request)
    objectives = (
        Objective.objects.visible_to(request.user)
        .for_period(period)
        .filter(team=team)
        .exclude(status=Objective.Status.ARCHIVED)
        .with_details()
        .order_by("title")
    )
    return render(
        request,
        "organisation/team.html",
        {
            "team": team,
            "members": team.members.order_by("first_name", "last_name"),
            "subteams": team.children.select_related("leader"),
            "period": period,
            "periods": Period.objects.all(),
            "objectives": objectives,
        },
    )


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the person too so their emails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
