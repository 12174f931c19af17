"""How a key result is shown at a glance: where it stands, and its recent values as a line.

Filters rather than included templates: they appear beside every key result of a list."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from key_results.charts import sparkline as draw
from key_results.models import KeyResult
from key_results.numbers import display_number

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
            "values": ", ".join(display_number(value) for value in values),
        }
    else:
        label = _("Nothing measured yet for %(title)s") % {"title": key_result.title}
    return draw(values, label=label)
