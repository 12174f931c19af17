"""The layout's links and labels, drawn once per language instead of on every page.

    {% load layout %}
    {% drawn_once %}<a href="{% url 'progress:feed' %}">{% translate "Feed" %}</a>
    {% enddrawn_once %}

What is inside depends on nothing but the language and the site's address prefix: each process
draws it the first time in each, and from then on writes out what it drew. It is drawn without
the page's variables, so nothing of one request or person (a name, a token, an address) can be
kept and shown to another: a variable inside comes out empty, and a test of the page shows it.
Code and templates change only with a new release, which starts new processes; a setting
changed while running (in tests) starts afresh too."""

from __future__ import annotations

import weakref

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_nodes: weakref.WeakSet[DrawnOnceNode] = weakref.WeakSet()


@receiver(setting_changed)
def _start_afresh(**kwargs: object) -> None:
    """A changed setting (the address prefix, static files, the URLs) may change the drawing."""
    for node in list(_nodes):
        node.drawn.clear()


class DrawnOnceNode(template.Node):
    # Not searched for blocks ({% extends %} walks the whole layout on every page): none may be
    # inside, since what is drawn once cannot be overridden page by page.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.drawn: dict[tuple[str, str], SafeString] = {}
        _nodes.add(self)

    def render(self, context: Context) -> SafeString:
        key = (get_language(), get_script_prefix())
        html = self.drawn.get(key)
        if html is None:
            # context.new(): the same template and escaping, none of the page's variables.
            html = self.drawn[key] = mark_safe(self.nodelist.render(context.new()))  # noqa: S308 - rendered by the template engine, which escapes
        return html


@register.tag
def drawn_once(parser: Parser, token: Token) -> DrawnOnceNode:
    nodelist = parser.parse(("enddrawn_once",))
    parser.delete_first_token()
    return DrawnOnceNode(nodelist)
