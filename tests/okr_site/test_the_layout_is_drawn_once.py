"""The layout's links and labels are drawn once per language (okr_site/templatetags/layout.py),
yet every reader sees them in their own language, and with their own name, search and tokens."""

import re

from django.template import engines
from django.urls import reverse


def test_the_layout_follows_each_readers_language(client, org):
    client.force_login(org.member)
    english = client.get(reverse("progress:feed")).content.decode()
    assert "Skip to content" in english
    assert "Sign out" in english
    client.cookies["django_language"] = "da"
    danish = client.get(reverse("progress:feed")).content.decode()
    assert "Spring til indhold" in danish
    assert "Log ud" in danish
    assert "Skip to content" not in danish


def test_each_reader_has_their_own_name_search_and_tokens_in_the_layout(client, org):
    readers = ((org.member, "Mette Member", "callbacks"), (org.outsider, "Otto Outsider", "shops"))
    tokens = []
    for person, name, words in readers:
        client.force_login(person)
        page = client.get(reverse("progress:feed"), {"q": words}).content.decode()
        assert f">{name}</a>" in page
        assert f'id="search-q" value="{words}"' in page
        assert f'name="next" type="hidden" value="/feed/?q={words}"' in page
        tokens.append(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)))
    assert tokens[0] and tokens[1] and tokens[0].isdisjoint(tokens[1])


def test_what_is_drawn_once_shows_nothing_of_the_page_it_was_first_drawn_for(rf, org):
    template = engines["django"].from_string(
        "{% load layout %}{% drawn_once %}[{{ user }}]{% enddrawn_once %} {{ user }}"
    )
    request = rf.get("/")
    assert template.render({"user": org.member}, request) == "[] Mette Member"
    assert template.render({"user": org.outsider}, request) == "[] Otto Outsider"
