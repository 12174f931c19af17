"""The forms a page shows and the query parameters its links carry, read from its HTML, so the
fuzz tests type into exactly the fields a person would see (and a new field is fuzzed too)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.urls import Resolver404, resolve


@dataclass
class Shape:
    """A form's fields: each name with the values the page offers (shown value, options)."""

    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    multiple: set[str] = field(default_factory=set)

    def add(self, name: str, value: str | None) -> None:
        if name == "csrfmiddlewaretoken":  # the test client does not check it
            return
        values = self.fields[name]
        if value is not None and value not in values and len(values) < 30:
            values.append(value)


class Found:
    """Per route name: the fields of the forms posting to it, the GET parameters it is read with."""

    def __init__(self) -> None:
        self.posts: dict[str, Shape] = defaultdict(Shape)
        self.gets: dict[str, Shape] = defaultdict(Shape)

    def __repr__(self) -> str:  # hypothesis prints a failing example's arguments
        return f"<forms posting to {len(self.posts)} routes>"


class _Parser(HTMLParser):
    def __init__(self, page_url: str, found: Found) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.found = found
        self.form: Shape | None = None
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def _route(self, url: str | None) -> tuple[str | None, list[tuple[str, str]]]:
        parts = urlsplit(url or self.page_url)
        if parts.netloc or parts.scheme not in ("", "http", "https"):
            return None, []
        path = parts.path or urlsplit(self.page_url).path
        try:
            match = resolve(path)
        except Resolver404:
            return None, []
        return match.view_name, parse_qsl(parts.query, keep_blank_values=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") and "?" in (a["href"] or ""):
            name, query = self._route(a["href"])
            if name:
                for key, value in query:
                    self.found.gets[name].add(key, value)
        elif tag == "form":
            name, query = self._route(a.get("action") or a.get("hx-post") or a.get("hx-get"))
            method = (a.get("method") or ("post" if a.get("hx-post") else "get")).lower()
            if name is None:
                self.form = Shape()  # read, and dropped
                return
            self.form = (self.found.posts if method == "post" else self.found.gets)[name]
            for key, value in query:
                self.found.gets[name].add(key, value)
        elif tag == "option":
            if self.select and self.form is not None:
                self.form.add(self.select, a.get("value") or "")
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset") and not a.get("value"):
                return
            self.form.add(a["name"], a.get("value") or ("" if kind != "checkbox" else "on"))
            if kind == "checkbox":
                self.form.multiple.add(a["name"])
        elif tag == "button":
            self.form.add(a["name"], a.get("value") or "")
        elif tag == "select":
            self.select = a["name"]
            self.form.add(a["name"], None)
            if "multiple" in a:
                self.form.multiple.add(a["name"])
        elif tag == "textarea":
            self.textarea = a["name"]
            self.text = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self.form.add(self.textarea, "".join(self.text).strip("\n"))
            self.textarea = None


def read(page_url: str, html: str, found: Found) -> None:
    """Add the forms and link parameters of one page to `found`."""
    parser = _Parser(page_url, found)
    parser.feed(html)
    parser.close()
