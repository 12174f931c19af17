"""Any change to a team, or to who a person is and where they belong, renews the team tree."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Team, User
from .tree import organisation_changed

# What a person's save may change without touching the tree: signing in, their own settings.
NOT_IN_THE_TREE = frozenset({"last_login", "password", "language"})


@receiver([post_save, post_delete], sender=Team)
def team_changed(**kwargs: Any) -> None:
    organisation_changed()


@receiver([post_save, post_delete], sender=User)
def person_changed(update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
    if update_fields is None or not update_fields <= NOT_IN_THE_TREE:
        organisation_changed()
