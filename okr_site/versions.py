"""A version kept in the cache, renewed whenever what it covers changes: what is computed from
many rows at once (the team tree, progress rolled up a tree, a drawn alignment tree) is kept
under the version current when its reading began.

A change renews the version at once, so its own transaction reads the change, and again when it
commits, so a result another connection read before the commit is stored under a version nobody
asks for any more. A stale result is never served, even when the cache forgets the version."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction


class Version:
    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> str:
        """The current version, made up if the cache has none."""
        current = cache.get(self.key)
        if current is None:
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            current = cache.get(self.key)
        return current

    def renew(self) -> None:
        """Renew it now and once the transaction commits."""
        self._set()
        transaction.on_commit(self._set)

    def _set(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, timeout=None)
