"""Project-wide middleware: the health probe, the Permissions-Policy header, the layout's 404,
addresses with a NUL character refused, and answers to htmx requests that would otherwise land
in the wrong place."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.views.defaults import page_not_found
from django_htmx.http import HttpResponseClientRedirect

from .health import healthz
from .http import HtmxRequest

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class HealthCheckMiddleware:
    """Answers /healthz before anything else runs.

    Placed first, so neither the host check (ALLOWED_HOSTS) nor the HTTPS redirect stands between
    a container's own probe on 127.0.0.1 and the answer."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds settings.PERMISSIONS_POLICY to every response that has none."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NotFoundInLayoutMiddleware:
    """With DEBUG on (the demo), shows the layout's 404 page instead of Django's debug page.

    People trying the demo follow stale links too; the console still logs "Not Found: <path>".
    Without DEBUG it does nothing: Django renders templates/404.html itself."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and (request.resolver_match is None or getattr(request, "_raised_404", False))
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Only a 404 raised by a view (or no view at all) is Django's debug page; a view's own
        # 404 response, such as a stale htmx fragment, is left as it is.
        if isinstance(exception, Http404):
            request._raised_404 = True  # type: ignore[attr-defined]


class RefuseNulInAddressMiddleware:
    """An address (path or query) with a NUL character is answered 400 with a page that says so.

    PostgreSQL cannot take a NUL in any text, so a search, filter or lookup carrying one would
    fail in the database (a server error). No link of the product holds one; a form that posts
    one is refused by its own fields ("Null characters are not allowed"), keeping what was typed."""

    def __init__(self, get_response: Callable[[HtmxRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HtmxRequest) -> HttpResponse:
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if getattr(request, "htmx", False):
                message = render_to_string("includes/htmx_refusal.html", {"status": 400}, request)
                return HttpResponse(message, status=400)
            return render(request, "bad_address.html", status=400)
        return self.get_response(request)


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
            return HttpResponseClientRedirect(redirect_to_login(self._page(request)).url)
        if response.status_code in (403, 404):
            message = render_to_string(
                "includes/htmx_refusal.html", {"status": response.status_code}, request
            )
            return HttpResponse(message, status=response.status_code)
        return response

    @staticmethod
    def _page(request: HtmxRequest) -> str:
        """The path and query of the page htmx says the person is on (HX-Current-URL); the start
        page when the header is missing or holds no address a browser would send ("http://[")."""
        try:
            page = urlsplit(request.htmx.current_url or "/")
        except ValueError:
            return "/"
        return page.path + (f"?{page.query}" if page.query else "")

    @staticmethod
    def _to_sign_in(response: HttpResponse) -> bool:
        return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
