"""The request that views behind @login_required receive (for type checkers), and the address
it came from behind reverse proxies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from organisation.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(HtmxRequest):
    user: User


def client_address(request: HttpRequest) -> str:
    """The address of the person's browser, as the trusted reverse proxies in front saw it.

    Each of the settings.TRUSTED_PROXY_COUNT proxies appends the address it was reached from to
    X-Forwarded-For, so the entry that many places from the end was written by our own first
    proxy; anything left of it came from the client and may be forged."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
    ]
    if not forwarded:
        return remote
    return forwarded[-hops] if len(forwarded) >= hops else forwarded[0]
