"""Rendered pieces of a page (a feed entry, an objective's card) kept in the cache.

A fragment's key is a digest of everything it shows, taken from the rows this request read
anyway: the rows themselves, the names beside them, the viewer's own part (their reactions, what
they may do), the language, the time zone, the day, and the templates and settings that draw it.
A change to anything shown is a new key, so a stale fragment cannot be served and nothing needs
to be invalidated; old keys simply age out.

Secrets of one request are never cached: a fragment is drawn with placeholders for the CSRF token
and for each form's one-time submission token (okr_site.htmx_forms.SubmittedOnce), and fresh ones
are put in every time it is served."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Sequence
from functools import cache as once
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")

CSRF_PLACEHOLDER = "csrf-token-drawn-per-request"
SUBMISSION_PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
TIMEOUT = 7 * 24 * 60 * 60


def row(instance: Model | None) -> tuple[Any, ...]:
    """Every column of a fetched row, as it was read: a changed value is a different key."""
    if instance is None:
        return ()
    return tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)


def digest(*parts: Any) -> str:
    """A short, stable name for these values."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@once
def release() -> str:
    """What draws every fragment: the code, templates and translations, and the settings that
    change how a key result stands. A deployment that changes any of them starts afresh."""
    base = Path(settings.BASE_DIR)
    folders = ["templates", "locale", *(name.split(".")[0] for name in settings.INSTALLED_APPS)]
    sources = sorted(
        path
        for folder in dict.fromkeys(folders)
        if (base / folder).is_dir()
        for path in (base / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".mo"}
    )
    texts = [path.read_bytes() for path in sources]
    return digest(texts, sorted(settings.KEY_RESULT_STANDING.items()), settings.REMINDERS)


def surroundings() -> tuple[str, ...]:
    """What every fragment depends on besides its rows: language, time zone, day, release."""
    return (
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        release(),
    )


def with_placeholders(form: Any) -> Any:
    """`form` drawn with the submission placeholder instead of its token (see fill_in)."""
    if "submission" in form.fields:
        form.initial["submission"] = SUBMISSION_PLACEHOLDER
    return form


def fill_in(html: str, request: HttpRequest, token: str | None = None) -> SafeString:
    """A cached fragment with this request's CSRF token (`token`, masked once for the page, or
    a newly masked one) and a fresh one-time token per form."""
    html = html.replace(CSRF_PLACEHOLDER, token or get_token(request))
    if SUBMISSION_PLACEHOLDER in html:
        html = re.sub(SUBMISSION_PLACEHOLDER, lambda _match: str(uuid.uuid4()), html)
    return mark_safe(html)  # noqa: S308 - drawn by our templates, which escape what they show


def cached(
    request: HttpRequest,
    items: Sequence[T],
    key: Callable[[T], Any],
    draw: Callable[[T], str],
    *,
    name: str,
    timeout: int = TIMEOUT,
) -> list[SafeString]:
    """Each item's fragment, from the cache when it holds one under `key(item)` (one round
    trip for them all), otherwise drawn by `draw` (with CSRF_PLACEHOLDER as the CSRF token and
    with_placeholders forms) and kept for `timeout` seconds."""
    token = get_token(request)  # masking it costs more than the rest of filling in
    drawn = unfilled(items, key, draw, name=name, timeout=timeout)
    return [fill_in(html, request, token) for html in drawn]


def unfilled(
    items: Sequence[T],
    key: Callable[[T], Any],
    draw: Callable[[T], str],
    *,
    name: str,
    timeout: int = TIMEOUT,
) -> list[str]:
    """As cached(), with the placeholders still in: for a piece made of several fragments,
    itself kept in the cache and filled in when served."""
    around = surroundings()
    keys = [f"fragment:{name}:{digest(key(item), around)}" for item in items]
    found = cache.get_many(keys)
    drawn = {k: draw(item) for k, item in zip(keys, items, strict=True) if k not in found}
    if drawn:
        cache.set_many(drawn, timeout)
    return [found[k] if k in found else drawn[k] for k in keys]  # an empty one is one too
