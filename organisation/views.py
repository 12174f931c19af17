from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language


@login_required
@require_http_methods(["GET"])
def me(request: HttpRequest) -> HttpResponse:
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


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the person too so their emails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
