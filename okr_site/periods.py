"""The period a page shows: the one asked for with ?period=, or the current quarter."""

from django.http import Http404
from django.utils import timezone

from objectives.models import Period

from .http import HtmxRequest


def chosen_period(request: HtmxRequest) -> tuple[Period, list[Period]]:
    """The period asked for with ?period=, or the current one, and every period for the page's
    choice, in one query; an unknown period is a 404."""
    periods = list(Period.objects.all())
    period_id = request.GET.get("period", "")
    if period_id.isdecimal():
        chosen = next((p for p in periods if p.pk == int(period_id)), None)
        if chosen is None:
            raise Http404
        return chosen, periods
    today = timezone.localdate()
    current = max((p for p in periods if p.contains(today)), key=lambda p: p.start, default=None)
    if current is None:  # the first visit of a new quarter makes it
        current = Period.objects.current()
        periods = list(Period.objects.all())
    return current, periods
