"""Project-wide middleware: the health probe, the Permissions-Policy header, the layout's 404."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.defaults import page_not_found

from .health import healthz

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
