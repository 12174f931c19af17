from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from okr_site.http import SignedInRequest

from .forms import PasswordResetForm
from .tree import team_tree, version


@login_required
@require_http_methods(["GET"])
def teams(request: SignedInRequest) -> HttpResponse:
    """The organisation as a tree of teams, for everyone signed in (drawn once per version)."""
    tree = team_tree()
    return render(request, "organisation/teams.html", {"tree": tree, "version": version()})


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, remembered on the person too so their emails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The page django-axes shows instead of signing in while an account is locked (429)."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "organisation/locked_out.html", context, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an email address and sends a reset link; the answer is the same for unknown ones."""

    form_class = PasswordResetForm
    template_name = "organisation/password_reset.html"
    subject_template_name = "organisation/email/password_reset_subject.txt"
    email_template_name = "organisation/email/password_reset_body.txt"
    success_url = reverse_lazy("password_reset_sent")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password from the emailed link; it also lifts a sign-in lockout."""

    template_name = "organisation/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        reset_sign_in_failures(username=self.user.get_username())
        return response
