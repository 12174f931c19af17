"""The request that views behind @login_required receive, for type checkers."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from organisation.models import User


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(HtmxRequest):
    user: User
