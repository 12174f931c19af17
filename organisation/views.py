from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from okr_site.http import SignedInRequest

from .models import Team


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


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the person too so their emails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
