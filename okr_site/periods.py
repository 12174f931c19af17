"""The period a page shows: the one asked for with ?period=, or the current quarter."""

from django.shortcuts import get_object_or_404

from objectives.models import Period

from .http import HtmxRequest


def chosen_period(request: HtmxRequest) -> Period:
    """The period asked for with ?period=, or the current one; an unknown one is a 404."""
    period_id = request.GET.get("period", "")
    if period_id.isdecimal():
        return get_object_or_404(Period, pk=period_id)
    return Period.objects.current()
