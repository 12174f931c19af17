"""People and teams: who belongs where, and who is whose nearest leader."""

from __future__ import annotations

from typing import ClassVar

import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .tree import organisation_changed, team_tree


class ChangesTheOrganisation(models.QuerySet):
    """Bulk writes that skip the model's signals still make the cached team tree (tree.py) new."""

    def update(self, **kwargs):
        organisation_changed()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        organisation_changed()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        organisation_changed()
        return super().bulk_create(objs, *args, **kwargs)


class TeamQuerySet(ChangesTheOrganisation):
    pass


class PersonManager(UserManager.from_queryset(ChangesTheOrganisation)):  # type: ignore[misc]
    pass


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    leader = models.ForeignKey(
        "organisation.User",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="team_not_its_own_parent"
            ),
        ]
        triggers = [
            # A team is never below itself, however far up (PostgreSQL; clean() says it too).
            pgtrigger.Trigger(
                name="team_tree_has_no_cycle",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                condition=pgtrigger.Q(new__parent_id__isnull=False),
                func="""
                IF EXISTS (
                    WITH RECURSIVE up(id, parent_id, depth) AS (
                        SELECT id, parent_id, 1 FROM organisation_team WHERE id = NEW.parent_id
                        UNION ALL
                        SELECT t.id, t.parent_id, up.depth + 1
                        FROM organisation_team t JOIN up ON t.id = up.parent_id
                        WHERE up.depth < 1000
                    )
                    SELECT 1 FROM up WHERE id = NEW.id
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'team_tree_has_no_cycle',
                        MESSAGE = 'A team cannot be below itself.';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A team cannot be below itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class User(AbstractUser):
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("For emails; the pages follow the browser or the switcher."),
    )

    objects: ClassVar[PersonManager] = PersonManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def nearest_leader(self) -> User | None:
        """The leader of this person's team, or, for that team's own leader, the parent's leader."""
        team = self.team
        seen: set[int] = set()
        while team is not None and team.pk not in seen:
            seen.add(team.pk)
            if team.leader_id is not None and team.leader_id != self.pk:
                return team.leader
            team = team.parent
        return None

    @cached_property
    def led_team_ids(self) -> set[int]:
        """Teams this person leads, with every team below them (from the cached team tree)."""
        return team_tree().led_by(self.pk)

    @property
    def reading_rights(self) -> tuple[int, bool, tuple[int, ...]]:
        """What decides what this person may read and do: who they are, whether they see
        everything, and the teams they lead. What is drawn for one reader is kept under it."""
        return (self.pk, self.sees_everything, tuple(sorted(self.led_team_ids)))

    @property
    def sees_everything(self) -> bool:
        """Superusers read and act on everything, whatever their place in the team tree.

        Staff (is_staff) only may use the Django admin, within its model permissions."""
        return self.is_superuser
