"""What the feed's filter form writes out in Python rather than in a template loop."""

from functools import lru_cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SELECTED = " selected"


@register.simple_tag
def team_options(teams: list[tuple[int, str]], chosen: int | None) -> SafeString:
    """{% team_options teams chosen_team %}: an option per team, the chosen one selected; hundreds
    of teams written by a template loop cost more than the rest of the page's form."""
    options = _options(tuple(teams))
    if chosen is None:
        return options
    unselected = f'<option value="{chosen}">'
    return mark_safe(options.replace(unselected, unselected[:-1] + SELECTED + ">", 1))  # noqa: S308 - escaped in _options


@lru_cache(maxsize=16)
def _options(teams: tuple[tuple[int, str], ...]) -> SafeString:
    """The options written once for each team tree (the tree changes rarely)."""
    return format_html_join("", '<option value="{}">{}</option>', teams)
