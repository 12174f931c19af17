"""How a key result is shown at a glance: where it stands, its recent values as a line, its
approval and its numbers.

Filters rather than included templates: they appear beside every key result of a list."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from key_results.charts import period_name as name_of_period
from key_results.charts import period_outcome as outcome_of_period
from key_results.charts import sparkline as draw
from key_results.models import KeyResult
from key_results.numbers import display_number, display_numbers
from key_results.rates import RatePeriod

register = template.Library()


@register.filter
def standing_badge(key_result: KeyResult) -> SafeString:
    """{{ kr|standing_badge }}: where it stands, in words and colour; and, when the owner's own
    confidence differs from the numbers, what the owner says. A dropped one stands nowhere."""
    if key_result.is_dropped:
        return mark_safe("")  # noqa: S308 - empty
    standing = key_result.standing()
    badge = format_html('<span class="badge {}">{}</span>', standing.css_class, standing.label)
    if key_result.confidence and key_result.confidence_disagrees:
        badge += format_html(
            ' <span class="badge confidence-differs">{}</span>',
            _("Owner says: %(said)s") % {"said": key_result.get_confidence_display()},
        )
    return badge


@register.filter
def sparkline(key_result: KeyResult) -> SafeString:
    """{{ kr|sparkline }}: a tiny line of its latest values, labelled for screen readers."""
    values = key_result.sparkline_values()
    if values:
        label = _("Recent values of %(title)s: %(values)s") % {
            "title": key_result.title,
            "values": ", ".join(display_numbers(values)),
        }
    else:
        label = _("Nothing measured yet for %(title)s") % {"title": key_result.title}
    return draw(values, label=label)


@register.filter
def approval_badge(key_result: KeyResult) -> SafeString:
    """{{ kr|approval_badge }}: how far its approval has come."""
    return format_html(
        '<span class="badge state-{}">{}</span>',
        key_result.approval_state,
        key_result.get_approval_state_display(),
    )


@register.filter
def kr_numbers(key_result: KeyResult) -> SafeString:
    """{{ kr|kr_numbers }}: its numbers as its kind reads them (a rate: how many per week or
    month; a count: how many of how many; a change: from, to and now) and its deadline."""
    unit = format_html(" {}", key_result.unit) if key_result.unit else ""
    if key_result.is_rate:
        numbers = format_html(
            '<span class="numbers">{}{} {}</span>',
            display_number(key_result.target),
            unit,
            key_result.get_per_display(),
        )
    elif key_result.is_count:
        numbers = format_html(
            '<span class="numbers">{} / {}{}</span>',
            display_number(key_result.current_value),
            display_number(key_result.target),
            unit,
        )
    else:
        numbers = format_html(
            '<span class="numbers">{} → {}{}</span> · {} <strong>{}</strong>',
            display_number(key_result.baseline),
            display_number(key_result.target),
            unit,
            _("now"),
            display_number(key_result.current_value),
        )
    return format_html(
        "{} · {} {}", numbers, _("deadline"), date(key_result.deadline, "SHORT_DATE_FORMAT")
    )


@register.filter
def period_name(period: RatePeriod, per: str) -> str:
    """{{ period|period_name:kr.per }}: "Week 7", or "February 2027"."""
    return name_of_period(period, per)


@register.filter
def period_outcome(period: RatePeriod) -> str:
    """{{ period|period_outcome }}: met, not met, under way, too short to count or to come."""
    return outcome_of_period(period)
