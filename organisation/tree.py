"""The team tree, read from the database once and kept in the cache until the organisation changes.

Every page asks it who leads what (the header, the drafts a leader may read) and lists teams, so it
must cost no query. It is kept under a version: a change to a team, or to a person's name or team,
sets a new random version at once and again when the change is committed (see signals.py), and a
tree is only ever stored under the version current when its reading began. A tree another
connection read before the commit can therefore only be stored under a version nobody asks for
any more: a stale tree is never served, even when the cache forgets the version itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count

from okr_site.versions import Version

VERSION = Version("organisation:version")
VERSION_KEY = VERSION.key
TREE_KEY = "organisation:tree:{version}"
# Plenty for an organisation that rarely changes; the version, not the timeout, keeps it right.
TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True, slots=True)
class TeamNode:
    id: int
    name: str
    parent_id: int | None
    leader_id: int | None
    leader_name: str
    size: int


@dataclass(slots=True)
class TeamTree:
    """All teams, with their leaders' names and sizes, and who is below whom."""

    teams: dict[int, TeamNode]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for team in sorted(self.teams.values(), key=lambda team: team.name):
            self.children.setdefault(team.parent_id, []).append(team.id)

    def subtree_ids(self, roots: Iterable[int]) -> set[int]:
        """Ids of the given teams and every team below them."""
        found: set[int] = set()
        stack = [root for root in roots if root in self.teams]
        while stack:
            team_id = stack.pop()
            if team_id not in found:
                found.add(team_id)
                stack.extend(self.children.get(team_id, []))
        return found

    def led_by(self, person_id: int) -> set[int]:
        """The teams `person_id` leads, and every team below them."""
        return self.subtree_ids(t.id for t in self.teams.values() if t.leader_id == person_id)

    def choices(self) -> list[tuple[int, str]]:
        """(id, name) of every team by name, for a select."""
        return sorted(((t.id, t.name) for t in self.teams.values()), key=lambda pair: pair[1])

    def branch(self, parent_id: int | None = None) -> list[dict]:
        """The teams under `parent_id` (the top ones by default), each with its own branch."""
        return [
            {"team": self.teams[team_id], "below": self.branch(team_id)}
            for team_id in self.children.get(parent_id, [])
        ]


def _read() -> TeamTree:
    from .models import Team  # the models use this module

    teams = Team.objects.select_related("leader").annotate(size=Count("members"))
    return TeamTree(
        {
            team.pk: TeamNode(
                id=team.pk,
                name=team.name,
                parent_id=team.parent_id,
                leader_id=team.leader_id,
                leader_name=str(team.leader) if team.leader else "",
                size=team.size,
            )
            for team in teams
        }
    )


# The tree last read by this process, with its version: most requests skip even the unpickling.
_latest: tuple[str, TeamTree] | None = None


def version() -> str:
    """The organisation's current version, made up if the cache has none."""
    return VERSION.current()


def team_tree() -> TeamTree:
    """The organisation's team tree (no query while nothing changed)."""
    global _latest
    current = version()
    if _latest is not None and _latest[0] == current:
        return _latest[1]
    key = TREE_KEY.format(version=current)
    tree = cache.get(key)
    if tree is None:
        tree = _read()
        cache.set(key, tree, TIMEOUT)
    _latest = (current, tree)
    return tree


def organisation_changed() -> None:
    """Forget the tree now, so this transaction reads its own change, and again once it
    commits, so a tree another connection read before the commit is never served."""
    VERSION.renew()
