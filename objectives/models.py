"""Periods, objectives and the actions that move them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .changes import ChangesTheObjectives
from .validators import DIGITS_SQL, validate_no_numbers, validate_single_line

if TYPE_CHECKING:
    from organisation.models import User


def quarter_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date, int]:
    """First and last day of the quarter holding `day`, and its number (1-4)."""
    quarter = (day.month - 1) // 3 + 1
    start = datetime.date(day.year, 3 * quarter - 2, 1)
    next_start = (
        datetime.date(day.year + 1, 1, 1)
        if quarter == 4
        else datetime.date(day.year, 3 * quarter + 1, 1)
    )
    return start, next_start - datetime.timedelta(days=1), quarter


class PeriodQuerySet(ChangesTheObjectives, models.QuerySet["Period"]):
    def containing(self, day: datetime.date) -> Period:
        """The period holding `day`; the quarter is created when nobody has made it yet."""
        period = self.filter(start__lte=day, end__gte=day).order_by("-start").first()
        if period is not None:
            return period
        start, end, quarter = quarter_bounds(day)
        # Periods never overlap: a quarter made around a period someone set up stops short of it.
        before = self.filter(end__lt=day, end__gte=start).order_by("-end").first()
        after = self.filter(start__gt=day, start__lte=end).order_by("start").first()
        if before is not None:
            start = before.end + datetime.timedelta(days=1)
        if after is not None:
            end = after.start - datetime.timedelta(days=1)
        period, _created = self.get_or_create(
            name=f"{quarter_bounds(day)[0].year} Q{quarter}", defaults={"start": start, "end": end}
        )
        return period

    def current(self) -> Period:
        return self.containing(timezone.localdate())

    def to_carry_into(self, period: Period) -> PeriodQuerySet:
        """The periods after `period` that have not ended, soonest first (the next quarter is
        made when nobody has made it yet)."""
        today = timezone.localdate()
        Period.objects.containing(max(period.end + datetime.timedelta(days=1), today))
        return self.filter(start__gt=period.end, end__gte=today).order_by("start")


class Period(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="period_ends_after_it_starts",
                violation_error_message=_("A period must end after it starts."),
            ),
        ]
        triggers = [
            # Periods never overlap, so a day belongs to one period (PostgreSQL; clean() too).
            pgtrigger.Trigger(
                name="periods_do_not_overlap",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                IF EXISTS (
                    SELECT 1 FROM objectives_period p
                    WHERE p.id <> NEW.id AND p.start <= NEW."end" AND NEW.start <= p."end"
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'periods_do_not_overlap',
                        MESSAGE = 'Periods do not overlap.';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start is None or self.end is None:
            return
        overlapping = Period.objects.exclude(pk=self.pk).filter(
            start__lte=self.end, end__gte=self.start
        )
        if clash := overlapping.first():
            raise ValidationError(
                _("It overlaps %(period)s (%(start)s – %(end)s): a day belongs to one period.")
                % {
                    "period": clash,
                    "start": date_format(clash.start, "SHORT_DATE_FORMAT"),
                    "end": date_format(clash.end, "SHORT_DATE_FORMAT"),
                }
            )

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_past(self) -> bool:
        return self.end < timezone.localdate()

    def same_place_in(self, other: Period, day: datetime.date) -> datetime.date:
        """The day of `other` at the place `day` has in this period: its end stays the end,
        any other day keeps its distance from the start (within `other`)."""
        if day >= self.end:
            return other.end
        moved = other.start + (max(day, self.start) - self.start)
        return min(moved, other.end)


class ObjectiveQuerySet(ChangesTheObjectives, models.QuerySet["Objective"]):
    # The one reading rule of the organisation: everything of an objective that is no longer a
    # draft is open to everyone signed in; a draft stays with its owner, the leaders of its team
    # and the teams above, and superusers. Every other app asks these two methods.

    def visible_to(self, user: User) -> ObjectiveQuerySet:
        """What `user` may read: every shared objective, and the drafts that are theirs to see."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        return self.filter(~Q(status=Objective.Status.DRAFT) | _drafts_readable_by(user))

    def hidden_from(self, user: User) -> ObjectiveQuerySet:
        """The drafts `user` may not read: everything of them stays out of their sight."""
        if user.is_authenticated and user.sees_everything:
            return self.none()
        drafts = self.filter(status=Objective.Status.DRAFT)
        if not user.is_authenticated:
            return drafts
        return drafts.exclude(_drafts_readable_by(user))

    def for_period(self, period: Period) -> ObjectiveQuerySet:
        return self.filter(period=period)

    def live(self) -> ObjectiveQuerySet:
        """Objectives being worked on or just finished: where measuring and sharing happen."""
        return self.filter(status__in=Objective.LIVE)

    def not_archived(self) -> ObjectiveQuerySet:
        return self.exclude(status=Objective.Status.ARCHIVED)

    def with_details(self) -> ObjectiveQuerySet:
        """What an objective's card shows of this app (owner, team, period, parent, actions)."""
        return self.select_related("owner", "team", "period", "parent").prefetch_related(
            models.Prefetch(
                "actions", queryset=Action.objects.select_related("owner").order_by("created_at")
            )
        )


def reads_a_draft_of(user: User, drafts: Iterable[tuple[int, int]]) -> bool:
    """Whether `user` may read one of the drafts given as (owner id, team id): the reading rule
    (ObjectiveQuerySet.visible_to) for drafts whose rows were read before."""
    drafts = list(drafts)
    if not drafts or not user.is_authenticated:
        return False
    if user.sees_everything:
        return True
    led = user.led_team_ids
    return any(owner == user.pk or team in led for owner, team in drafts)


def _drafts_readable_by(user: User) -> Q:
    # Objective.is_readable_by says the same for one objective in hand; keep the two together.
    return Q(owner=user) | Q(team_id__in=user.led_team_ids)


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class Objective(models.Model):
    Status = ObjectiveStatus

    # Being worked on or just finished: measured, shared on, reminded about.
    LIVE = (Status.ACTIVE, Status.COMPLETED)
    # Which status may follow which; anything else is refused.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.DRAFT: (Status.ACTIVE, Status.ARCHIVED),
        Status.ACTIVE: (Status.COMPLETED, Status.ARCHIVED, Status.DRAFT),
        Status.COMPLETED: (Status.ACTIVE, Status.ARCHIVED),
        Status.ARCHIVED: (Status.ACTIVE,),
    }

    title = models.CharField(
        _("title"), max_length=200, validators=[validate_no_numbers, validate_single_line]
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    team = models.ForeignKey(
        "organisation.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="objectives"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("A bigger objective this one breaks down."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("How much it counts in the progress of the objective it is part of (0-100)."),
    )
    # The objective of an earlier period this one carries on; one continuation each.
    continues = models.OneToOneField(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="continued_by",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        # No join: pages that list objectives by team say so themselves.
        ordering = ["period_id", "title", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        indexes = [
            # A team's objectives in a period (team pages, My OKRs' team section).
            models.Index(fields=["period", "team", "status"], name="objective_period_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title__regex=DIGITS_SQL) & ~Q(title=""),
                name="objective_title_is_qualitative",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="objective_not_its_own_parent"
            ),
            models.CheckConstraint(
                condition=~Q(continues=models.F("id")), name="objective_not_its_own_continuation"
            ),
            models.CheckConstraint(
                condition=Q(weight__lte=100), name="objective_weight_at_most_hundred"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObjectiveStatus.values), name="objective_status_is_known"
            ),
        ]
        triggers = [
            # An objective is never part of itself, however far up (PostgreSQL; clean() too).
            pgtrigger.Trigger(
                name="objective_tree_has_no_cycle",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                condition=pgtrigger.Q(new__parent_id__isnull=False),
                func="""
                IF EXISTS (
                    WITH RECURSIVE up(id, parent_id, depth) AS (
                        SELECT id, parent_id, 1 FROM objectives_objective WHERE id = NEW.parent_id
                        UNION ALL
                        SELECT o.id, o.parent_id, up.depth + 1
                        FROM objectives_objective o JOIN up ON o.id = up.parent_id
                        WHERE up.depth < 1000
                    )
                    SELECT 1 FROM up WHERE id = NEW.id
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'objective_tree_has_no_cycle',
                        MESSAGE = 'An objective cannot be part of itself.';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("progress:objective", args=[self.pk])

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("An objective cannot be part of itself.")})
        parent = self.parent
        assert parent is not None
        ancestor: Objective | None = parent
        seen: set[int] = set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("That would make the objective part of itself.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if self.period_id is not None and parent.period.start > self.period.start:
            raise ValidationError(
                {
                    "parent": _(
                        "“%(parent)s” belongs to %(period)s, after this objective's period. "
                        "Choose a bigger objective of this period or an earlier one."
                    )
                    % {"parent": parent, "period": parent.period}
                }
            )

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    def is_readable_by(self, user: User) -> bool:
        """The reading rule (ObjectiveQuerySet.visible_to) for this one objective."""
        if not user.is_authenticated:
            return False
        return (
            not self.is_draft
            or user.sees_everything
            or self.owner_id == user.pk
            or self.team_id in user.led_team_ids
        )

    def can_edit(self, user: User) -> bool:
        """Owners edit their own; leaders edit their teams'; admins edit everything."""
        if not user.is_authenticated:
            return False
        return user.sees_everything or self.owner_id == user.pk or self.team_id in user.led_team_ids

    def can_delete(self, user: User) -> bool:
        """A draft is deleted by whoever may edit it (what has history is kept: archive it)."""
        return self.is_draft and self.can_edit(user)

    def can_carry_over(self, user: User) -> bool:
        """A shared objective is continued in a later period by whoever may edit it."""
        return not self.is_draft and self.can_edit(user)

    def can_add_to(self, user: User) -> bool:
        """Its editors, and its team once it is shared, propose actions and key results while it
        is open (draft or active)."""
        return self.status in (self.Status.DRAFT, self.Status.ACTIVE) and (
            self.can_edit(user)
            or (user.team_id == self.team_id and self.status != self.Status.DRAFT)
        )

    def can_share_on(self, user: User) -> bool:
        """Updates (progress, setbacks, learnings) come from the team and its leaders, once live."""
        return self.is_live and (self.can_edit(user) or user.team_id == self.team_id)

    def can_close(self, user: User) -> bool:
        """Its editors close it with a retrospective once it is shared (not a draft)."""
        return self.can_edit(user) and self.status in (self.Status.ACTIVE, self.Status.COMPLETED)

    def check_closing(self) -> None:
        """Raise ValidationError saying why it cannot be closed with a retrospective now."""
        if self.is_draft:
            raise ValidationError(
                _(
                    "A draft objective has no retrospective: nothing was measured yet. "
                    "Activate it first, or archive it."
                )
            )
        if self.status not in (self.Status.ACTIVE, self.Status.COMPLETED):
            raise ValidationError(
                _("An objective that is %(status)s is not closed: activate it first.")
                % {"status": self.get_status_display()}
            )

    def allowed_transitions(self) -> tuple[str, ...]:
        return self.TRANSITIONS.get(self.status, ())

    def change_status(self, new_status: str) -> None:
        if new_status not in self.allowed_transitions():
            raise ValidationError(
                _("An objective cannot go from %(old)s to %(new)s.")
                % {
                    "old": self.get_status_display(),
                    "new": self.Status(new_status).label
                    if new_status in self.Status.values
                    else new_status,
                }
            )
        self.status = new_status
        self.save(update_fields=["status", "updated_at"])


class ActionQuerySet(ChangesTheObjectives, models.QuerySet["Action"]):
    def visible_to(self, user: User) -> ActionQuerySet:
        """Actions of objectives `user` may read, and their own wherever they are."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(~Q(objective__in=Objective.objects.hidden_from(user)) | Q(owner=user))


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    Status = ActionStatus

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True, max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The open action of an earlier period this one carries on; one continuation each.
    continues = models.OneToOneField(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="continued_by",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="action_has_title",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, done_at__isnull=False)
                | (~Q(status=ActionStatus.DONE) & Q(done_at__isnull=True)),
                name="action_done_at_iff_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.objective.get_absolute_url()}#action-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_open(self) -> bool:
        """Still to do: proposed or in progress."""
        return self.status in (self.Status.PROPOSED, self.Status.IN_PROGRESS)

    def can_edit(self, user: User) -> bool:
        """Its owner, and whoever may edit its objective (reads self.objective)."""
        return self.owner_id == user.pk or self.objective.can_edit(user)

    def can_delete(self, user: User) -> bool:
        """A proposed action (its draft) is deleted by whoever may edit it; later, drop it."""
        return self.status == self.Status.PROPOSED and self.can_edit(user)

    def change_status(self, new_status: str) -> None:
        """Move to a new state, stamping (or clearing) when it was done."""
        if new_status == self.Status.DONE:
            self.done_at = self.done_at or timezone.now()
        else:
            self.done_at = None
        self.status = new_status
        self.save(update_fields=["status", "done_at"])


class Retrospective(models.Model):
    """What was learned when an objective was closed (services.close_objective); the progress
    app publishes it to the feed as a learning."""

    objective = models.OneToOneField(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="retrospective",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worked = models.TextField(_("what worked"), max_length=4000)
    did_not_work = models.TextField(_("what did not work at all"), max_length=4000)
    carry_on = models.TextField(_("what we carry on with"), max_length=4000)
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("retrospective")
        verbose_name_plural = _("retrospectives")
        constraints = [
            models.CheckConstraint(
                condition=~Q(worked="") & ~Q(did_not_work="") & ~Q(carry_on=""),
                name="retrospective_answers_all_three",
                violation_error_message=_(
                    "Say what worked, what did not work at all, and what you carry on with."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.objective)

    def as_text(self) -> str:
        """Its three answers as one plain text, for searching and the learnings of the feed."""
        return "\n\n".join([self.worked, self.did_not_work, self.carry_on])
