from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods


@login_required
@require_http_methods(["GET"])
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "organisation/me.html",
        {"person": user, "team": user.team, "leader": user.nearest_leader()},
    )
