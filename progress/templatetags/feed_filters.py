"""What the feed's filter form writes out in Python rather than in a template loop."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")  # noqa: S308 - a constant


@register.simple_tag
def team_options(teams: list[tuple[int, str]], chosen: int | None) -> SafeString:
    """{% team_options teams chosen_team %}: an option per team, the chosen one selected; hundreds
    of teams written by a template loop cost more than the rest of the page's form."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, SELECTED if pk == chosen else "", name) for pk, name in teams),
    )
