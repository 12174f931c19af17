"""Answers to htmx requests that would otherwise land in the wrong place."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseClientRedirect

from .http import HtmxRequest


class HtmxAnswersMiddleware:
    """A signed-out htmx request (the feed's poller after the session expired) is sent to the
    sign-in page as a whole page, instead of the sign-in page inside a fragment; a 403 or 404
    answer to an htmx request shows a short message in place."""

    def __init__(self, get_response: Callable[[HtmxRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, "htmx", False):
            return response
        if response.status_code == 302 and self._to_sign_in(response):
            # Back to the page the person was on, not to the fragment's address.
            page = urlsplit(request.htmx.current_url or "/")
            back = page.path + (f"?{page.query}" if page.query else "")
            return HttpResponseClientRedirect(redirect_to_login(back).url)
        if response.status_code in (403, 404):
            message = render_to_string(
                "includes/htmx_refusal.html", {"status": response.status_code}, request
            )
            return HttpResponse(message, status=response.status_code)
        return response

    @staticmethod
    def _to_sign_in(response: HttpResponse) -> bool:
        return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
