"""A version of the objectives, their periods, actions and key results (with the key results'
approval history), renewed by any change to one of them: what is computed from many of them at
once (progress rolled up a tree, a period's alignment tree drawn, an objective's page) is kept
in the cache under it.

It works as the team tree's version does (organisation/tree.py): a change sets a new random
version at once and again when it is committed, and a result is only ever stored under the
version current when its reading began. A result read before another connection's commit is
therefore stored under a version nobody asks for any more; a stale one is never served, even
when the cache forgets the version itself. Saves and deletes renew it through signals
(connected in each app's ready()); bulk writes through the querysets (ChangesTheObjectives)."""

from __future__ import annotations

from typing import Any

from okr_site.versions import Version

VERSION = Version("objectives:version")
VERSION_KEY = VERSION.key


def version() -> str:
    """The objectives' current version, made up if the cache has none."""
    return VERSION.current()


def objectives_changed() -> None:
    """Forget what was computed from the objectives now, so this transaction reads its own
    change, and again once it commits, so a result read meanwhile by another connection is
    never served."""
    VERSION.renew()


def changed(**_signal: Any) -> None:
    """A receiver of post_save and post_delete for the models the version covers."""
    objectives_changed()


class ChangesTheObjectives:
    """Bulk writes, which skip the models' signals, renew the version too (a QuerySet mixin)."""

    def update(self, **kwargs):
        objectives_changed()
        return super().update(**kwargs)  # type: ignore[misc]

    def bulk_update(self, objs, fields, batch_size=None):
        objectives_changed()
        return super().bulk_update(objs, fields, batch_size=batch_size)  # type: ignore[misc]

    def bulk_create(self, objs, *args, **kwargs):
        objectives_changed()
        return super().bulk_create(objs, *args, **kwargs)  # type: ignore[misc]
