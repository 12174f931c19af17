"""Key results: a number and a deadline that show whether the actions have an effect."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Floor
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from objectives.changes import ChangesTheObjectives
from objectives.models import Objective
from objectives.validators import validate_single_line

from . import status
from .numbers import display_number
from .rates import Per, RatePeriod, rate_expected, rate_periods, rate_progress
from .status import Confidence, Standing

if TYPE_CHECKING:
    from organisation.models import User

HUNDRED = Decimal(100)
# Scores run from 0.00 to 1.00, in hundredths.
SCORE_STEP = Decimal("0.01")

# What is measured: a change to any of these, once approved, sends it back to the leader.
MEASURED_FIELDS = (
    "title",
    "kind",
    "per",
    "baseline",
    "target",
    "unit",
    "deadline",
    "measurement_plan",
)
# What its owner and leaders edit in the form.
EDITABLE_FIELDS = (*MEASURED_FIELDS, "action")


class Kind(models.TextChoices):
    CHANGE = "change", _("Move a number from a baseline to a target")
    COUNT = "count", _("Count events until the deadline")
    RATE = "rate", _("Reach a number of events every week or month")


# Kinds that grow by logged events rather than typed values.
EVENT_KINDS = (Kind.COUNT, Kind.RATE)


class ApprovalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    # Sent or approved, then given up with a reason: kept with its history, counted nowhere.
    DROPPED = "dropped", _("Dropped")


# States in which the owner is still writing it; every other state has been sent to a leader.
BEING_WRITTEN = (ApprovalState.DRAFT, ApprovalState.CHANGES_REQUESTED)
# States in which it has been sent to a leader at least once, so it is dropped, not deleted.
SENT = (ApprovalState.PENDING, ApprovalState.APPROVED, ApprovalState.CHANGES_REQUESTED)
# The fields KeyResult.progress() reads (with its objective's period, for a rate), and those
# standing() reads: a list of many key results loads only these where it shows no more.
READ_BY_PROGRESS = (
    "objective",
    "kind",
    "per",
    "baseline",
    "target",
    "current_value",
    "events_by_day",
    "approved_on",
    "deadline",
)
READ_BY_STANDING = (*READ_BY_PROGRESS, "last_measured_on")


class KeyResultQuerySet(ChangesTheObjectives, models.QuerySet["KeyResult"]):
    def visible_to(self, user: User) -> KeyResultQuerySet:
        # KeyResult.is_readable_by says the same for one key result in hand; keep them together.
        if not user.is_authenticated:
            return self.none()
        # The leader a key result waits for, and its owner, may always read it, even when its
        # objective went back to draft.
        return self.filter(
            ~Q(objective__in=Objective.objects.hidden_from(user)) | Q(approver=user) | Q(owner=user)
        )

    def awaiting_decision_by(self, user: User) -> KeyResultQuerySet:
        """Submitted key results that `user` is the one to decide on (admins: also the orphans)."""
        pending = self.filter(approval_state=ApprovalState.PENDING).exclude(owner=user)
        if user.sees_everything:
            return pending.filter(Q(approver=user) | Q(approver__isnull=True))
        return pending.filter(approver=user)

    def waiting_for_their_owner(self, today: datetime.date) -> KeyResultQuerySet:
        """Those whose owner has something to do on `today`: changes were asked for, or,
        approved in a live objective, it may stand overdue or not measured lately (past its
        deadline, or not measured for more than STALE_DAYS since its start). A superset of the
        late ones: standing() decides (an achieved one is neither)."""
        stale_since = today - datetime.timedelta(days=status.stale_days())
        maybe_late = Q(deadline__lt=today) | Q(measured_since__lt=stale_since)
        return self.alias(
            measured_since=Coalesce("last_measured_on", "approved_on", "objective__period__start")
        ).filter(
            Q(approval_state=ApprovalState.CHANGES_REQUESTED)
            | (
                Q(approval_state=ApprovalState.APPROVED, objective__status__in=Objective.LIVE)
                & maybe_late
            )
        )


class KeyResult(models.Model):
    Kind = Kind
    ApprovalState = ApprovalState

    objective = models.ForeignKey(
        "objectives.Objective",
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="key_results",
    )
    action = models.ForeignKey(
        "objectives.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_results",
        help_text=_("The action whose effect this measures."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="key_results",
    )
    title = models.CharField(
        _("what is measured"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("E.g. “Customer satisfaction” or “Unsolicited positive comments”."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHANGE)
    per = models.CharField(
        _("per week or month"),
        max_length=5,
        choices=Per.choices,
        blank=True,
        help_text=_("For a rate: is the target reached every week or every month?"),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("E.g. %, points"))
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=12,
        decimal_places=2,
        default=0,
        blank=True,
        help_text=_("Where it stands today. A count starts at zero, so leave it empty."),
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    current_value = models.DecimalField(_("current value"), max_digits=12, decimal_places=2)
    # Kept by the progress app as it records values, so lists and rules here need no history.
    last_measured_on = models.DateField(_("last measured"), null=True, blank=True, editable=False)
    # Goes up with every change to what is measured; a decision names the version it was taken
    # on, so a leader never approves numbers they did not see.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Kept by the apps above as things happen, so a list shows where each key result stands
    # without reading its history: the day it was first approved (its time line starts there),
    # the owner's latest confidence, and its latest values for a sparkline ([iso date, value]).
    approved_on = models.DateField(_("approved"), null=True, blank=True, editable=False)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, blank=True, editable=False
    )
    recent_values = models.JSONField(_("recent values"), default=list, blank=True, editable=False)
    # For a rate: the events logged per local day ([iso date, how many]), kept by the progress
    # app, so its periods and progress are known in lists without reading its history.
    events_by_day = models.JSONField(_("events by day"), default=list, blank=True, editable=False)
    deadline = models.DateField(_("deadline"))
    measurement_plan = models.TextField(
        _("measurement plan"),
        blank=True,
        max_length=2000,
        help_text=_("How and how often it will be measured, and by whom."),
    )
    approval_state = models.CharField(
        _("approval"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.DRAFT
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_results_to_approve",
        help_text=_("The leader who decides on it while it awaits approval."),
    )
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("may also record values"),
        blank=True,
        related_name="reported_key_results",
        help_text=_("People the owner names to record measurements besides themselves."),
    )
    open_to_everyone = models.BooleanField(
        _("anyone may log an event"),
        default=False,
        help_text=_(
            "For a count: anyone in the organisation logs an event in one click, e.g. "
            "“a colleague praised our work unprompted”."
        ),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("How much it counts in its objective's progress (0-100; equal by default)."),
    )
    # Its score at the end (services.score_key_result): what its progress proposed when it was
    # scored, and the owner's score, which differs from the proposal only with a reason.
    score = models.DecimalField(
        _("score"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    proposed_score = models.DecimalField(
        _("proposed score"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    score_reason = models.TextField(
        _("why the score differs"), blank=True, max_length=2000, editable=False
    )
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True, editable=False)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    drop_reason = models.TextField(
        _("why it was dropped"), blank=True, max_length=2000, editable=False
    )
    # The key result of an earlier period this one carries on, from where that one ended. One
    # continuation each: carrying twice (two clicks at once too) is refused by the database.
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

    objects = KeyResultQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        indexes = [
            # A leader's inbox: what waits for their decision.
            models.Index(fields=["approval_state", "approver"], name="key_result_inbox"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="key_result_has_title"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="key_result_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(approval_state__in=ApprovalState.values),
                name="key_result_approval_state_is_known",
            ),
            models.CheckConstraint(
                condition=Q(open_to_everyone=False) | Q(kind__in=EVENT_KINDS),
                name="key_result_only_events_are_open",
                violation_error_message=_("Only a count or a rate can be open to everyone."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=Kind.RATE) & Q(per__in=Per.values))
                | (~Q(kind=Kind.RATE) & Q(per="")),
                name="key_result_rate_has_its_period",
                violation_error_message=_("A rate is reached per week or per month."),
            ),
            models.CheckConstraint(
                condition=Q(weight__lte=100), name="key_result_weight_at_most_hundred"
            ),
            models.CheckConstraint(
                condition=~Q(target=models.F("baseline")),
                name="key_result_target_differs_from_baseline",
                violation_error_message=_("The target must differ from the baseline."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=EVENT_KINDS) | (Q(baseline=0) & Q(target__gt=0)),
                name="key_result_count_starts_at_zero",
                violation_error_message=_("A count starts at zero and needs a target above it."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=EVENT_KINDS) | Q(target=Floor("target")),
                name="key_result_events_are_whole",
                violation_error_message=_("Events are counted in whole numbers."),
            ),
            models.CheckConstraint(
                condition=(Q(approval_state=ApprovalState.DROPPED) & ~Q(drop_reason=""))
                | (~Q(approval_state=ApprovalState.DROPPED) & Q(drop_reason="")),
                name="key_result_dropped_with_a_reason",
                violation_error_message=_("Say why it is dropped."),
            ),
            models.CheckConstraint(
                condition=~Q(continues=models.F("id")), name="key_result_not_its_own_continuation"
            ),
            models.CheckConstraint(
                condition=Q(approval_state__in=[*BEING_WRITTEN, ApprovalState.DROPPED])
                | ~Q(measurement_plan=""),
                name="key_result_plan_before_approval",
                violation_error_message=_(
                    "Describe how it will be measured before sending it for approval."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(score__isnull=True) & Q(proposed_score__isnull=True))
                | (Q(score__gte=0, score__lte=1) & Q(proposed_score__gte=0, proposed_score__lte=1)),
                name="key_result_score_from_zero_to_one",
                violation_error_message=_("A score is a number from 0 to 1, e.g. 0.7."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | Q(score=models.F("proposed_score"))
                | ~Q(score_reason=""),
                name="key_result_adjusted_score_has_reason",
                violation_error_message=_(
                    "Say why the score differs from the one its progress proposes."
                ),
            ),
        ]
        triggers = [
            # What the database holds of the rules KeyResult.clean() explains (PostgreSQL).
            pgtrigger.Trigger(
                name="key_result_fits_its_objective",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                IF NOT EXISTS (
                    SELECT 1 FROM objectives_objective o
                    JOIN objectives_period p ON p.id = o.period_id
                    WHERE o.id = NEW.objective_id AND NEW.deadline BETWEEN p.start AND p."end"
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'key_result_deadline_in_period',
                        MESSAGE = 'A key result''s deadline falls within its objective''s period.';
                END IF;
                IF NEW.action_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM objectives_action a
                    WHERE a.id = NEW.action_id AND a.objective_id = NEW.objective_id
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'key_result_action_of_its_objective',
                        MESSAGE = 'A key result measures an action of its own objective.';
                END IF;
                IF TG_OP = 'UPDATE' AND (NEW.kind <> OLD.kind OR NEW.per <> OLD.per)
                    AND OLD.last_measured_on IS NOT NULL
                THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'key_result_measured_kind_stays',
                        MESSAGE = 'A measured key result keeps its kind.';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("progress:key_result", args=[self.pk])

    @property
    def is_count(self) -> bool:
        return self.kind == Kind.COUNT

    @property
    def is_rate(self) -> bool:
        return self.kind == Kind.RATE

    @property
    def takes_events(self) -> bool:
        """A count or a rate: it grows by logged events, not by typed values."""
        return self.kind in EVENT_KINDS

    @property
    def is_approved(self) -> bool:
        return self.approval_state == ApprovalState.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.approval_state == ApprovalState.PENDING

    @property
    def is_dropped(self) -> bool:
        return self.approval_state == ApprovalState.DROPPED

    @property
    def is_being_written(self) -> bool:
        """Still with its owner: a draft, or sent back with changes requested."""
        return self.approval_state in BEING_WRITTEN

    @property
    def is_sent(self) -> bool:
        """Sent to a leader at least once and not dropped: pending, approved or sent back."""
        return self.approval_state in SENT

    @property
    def is_finished(self) -> bool:
        """Its target is reached: nothing is left to carry on."""
        return self.progress() >= HUNDRED

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.is_rate:
            self.per = ""
        if self.takes_events:
            # A count (or a rate) starts at zero, whatever was typed or left empty.
            self.baseline = Decimal(0)
            if self.target is not None and self.target <= 0:
                errors["target"] = (
                    _("A rate needs at least one event per period.")
                    if self.is_rate
                    else _("A count needs a target above zero.")
                )
            elif self.target is not None and self.target != self.target.to_integral_value():
                errors["target"] = _(
                    "Write a whole number, e.g. 5: events are counted one at a time."
                )
            if self.is_rate and self.per not in Per.values:
                errors["per"] = _("Choose whether the rate is per week or per month.")
        elif self.baseline is None:
            errors["baseline"] = _("Say where it stands today, so progress can be measured.")
        elif self.target is not None and self.target == self.baseline:
            errors["target"] = _("The target must differ from the baseline.")
        if (self.is_pending or self.is_approved) and not self.measurement_plan.strip():
            errors["measurement_plan"] = _(
                "Describe how and how often it will be measured before sending it for approval."
            )
        objective = self.objective if self.objective_id else None
        if (
            objective is not None
            and self.deadline is not None
            and not objective.period.contains(self.deadline)
        ):
            period = objective.period
            errors["deadline"] = _(
                "The deadline must fall within %(period)s (%(start)s – %(end)s)."
            ) % {
                "period": period,
                "start": date_format(period.start, "SHORT_DATE_FORMAT"),
                "end": date_format(period.end, "SHORT_DATE_FORMAT"),
            }
        action = self.action if self.action_id is not None else None
        if objective is not None and action is not None and action.objective_id != objective.pk:
            errors["action"] = _("Choose an action of this objective.")
        if self.open_to_everyone and not self.takes_events:
            errors["open_to_everyone"] = _("Only a count or a rate can be open to everyone.")
        if errors:
            raise ValidationError(errors)

    def is_readable_by(self, user: User) -> bool:
        """The reading rule (KeyResultQuerySet.visible_to) for this one key result (reads its
        objective): its objective's, and always its owner and the leader it waits for."""
        if not user.is_authenticated:
            return False
        return (
            self.owner_id == user.pk
            or self.approver_id == user.pk
            or self.objective.is_readable_by(user)
        )

    def has_measurements(self) -> bool:
        return self.last_measured_on is not None

    @property
    def starts_on(self) -> datetime.date:
        """Where its time line starts: its approval, or its period's start (reads objective)."""
        return self.approved_on or self.objective.period.start

    def standing(self, today: datetime.date | None = None) -> Standing:
        """Where it stands against time (key_results/status.py), today unless told otherwise."""
        today = today or timezone.localdate()
        if self.is_rate:
            periods = self.rate_periods(today)
            return status.standing(
                progress=rate_progress(periods),
                start=self.starts_on,
                deadline=self.deadline,
                today=today,
                last_measured=self.last_measured_on,
                expected=rate_expected(periods),
            )
        return status.standing(
            progress=self.progress(),
            start=self.starts_on,
            deadline=self.deadline,
            today=today,
            last_measured=self.last_measured_on,
        )

    def rate_periods(self, today: datetime.date | None = None) -> list[RatePeriod]:
        """A rate's weeks or months from its start to its deadline, each with its events.

        It starts on its approval day, or on its period's first day when it was approved before
        the period began (no week is judged before events may be logged). Reads
        self.objective.period: select_related it in lists."""
        if not self.is_rate or self.per not in Per.values or self.target < 1:
            return []
        return rate_periods(
            events=[(datetime.date.fromisoformat(day), n) for day, n in self.events_by_day],
            start=max(self.starts_on, self.objective.period.start),
            deadline=self.deadline,
            today=today or timezone.localdate(),
            per=self.per,
            rate=int(self.target),
        )

    def rate_period_of(self, day: datetime.date) -> RatePeriod | None:
        """The rate's week or month that `day` falls in, as it stands today."""
        return next((p for p in self.rate_periods() if p.start <= day <= p.end), None)

    @property
    def confidence_disagrees(self) -> bool:
        """The owner's own confidence differs from where the numbers say it stands."""
        return status.disagrees(self.standing(), self.confidence)

    def sparkline_values(self) -> list[Decimal]:
        return [Decimal(value) for _day, value in self.recent_values]

    def progress(self) -> Decimal:
        """How far the current value has come from baseline to target, 0-100, either direction;
        for a rate, the share of its periods that met it."""
        if self.is_rate:
            return rate_progress(self.rate_periods())
        return self.progress_at(self.current_value)

    def progress_at(self, value: Decimal) -> Decimal:
        """Progress (0-100) the key result would show at `value`."""
        span = self.target - self.baseline
        if span == 0:
            return HUNDRED if value == self.target else Decimal(0)
        share = (value - self.baseline) / span * HUNDRED
        return min(HUNDRED, max(Decimal(0), share)).quantize(Decimal("0.1"))

    def can_edit(self, user: User) -> bool:
        """Its owner and whoever may edit its objective, until it is dropped (reads objective)."""
        if self.is_dropped:
            return False
        return self.owner_id == user.pk or self.objective.can_edit(user)

    # Scoring: the one home of its rules (services.score_key_result applies them).

    @property
    def is_scored(self) -> bool:
        return self.score is not None

    def suggested_score(self) -> Decimal:
        """The score its progress proposes now: the share of the way to the target, 0-1 (for a
        count, the share of the events it asked for)."""
        return (self.progress() / HUNDRED).quantize(SCORE_STEP, rounding=ROUND_HALF_UP)

    @property
    def proposal(self) -> Decimal:
        """The proposed score: the one proposed when it was scored, else what it proposes now."""
        return self.proposed_score if self.proposed_score is not None else self.suggested_score()

    @property
    def final_score(self) -> Decimal:
        """Its score in its objective's: the owner's once scored, until then the proposal."""
        return self.score if self.score is not None else self.proposal

    @property
    def is_adjusted(self) -> bool:
        return self.score is not None and self.score != self.proposed_score

    def scoring_opens_on(self) -> datetime.date:
        """The first day it may be scored: in its period's closing days, or from its deadline
        if that comes earlier (reads objective.period)."""
        period = self.objective.period
        closing = period.end - datetime.timedelta(days=int(settings.CLOSING_DAYS) - 1)
        return min(self.deadline, max(closing, period.start))

    def is_open_for_scoring(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) >= self.scoring_opens_on()

    def can_score(self, user: User) -> bool:
        """Whoever may edit it scores it (the owner, the leaders above, admins)."""
        return user.is_authenticated and self.can_edit(user)

    def may_be_scored_by(self, user: User, today: datetime.date | None = None) -> bool:
        """Whether to offer `user` to score it now (check_score gives the reasons it may not)."""
        return (
            self.can_score(user)
            and self.is_approved
            and not self.objective.is_draft
            and self.is_open_for_scoring(today)
        )

    def check_score(self, score: Decimal | None, reason: str, today: datetime.date) -> None:
        """Raise ValidationError with what is wrong with scoring it `score` for `reason` today."""
        if not self.is_approved:
            raise ValidationError(
                _("Only an approved key result is scored: its measure is agreed.")
            )
        if self.objective.is_draft:
            raise ValidationError(_("A key result of a draft objective is not scored."))
        if not self.is_open_for_scoring(today):
            raise ValidationError(
                _("It can be scored from %(day)s, at the end of %(period)s or after its deadline.")
                % {
                    "day": date_format(self.scoring_opens_on(), "SHORT_DATE_FORMAT"),
                    "period": self.objective.period,
                }
            )
        if score is None or not Decimal(0) <= score <= Decimal(1):
            raise ValidationError({"score": _("A score is a number from 0 to 1, e.g. 0.7.")})
        if score != score.quantize(SCORE_STEP):
            raise ValidationError({"score": _("Use at most two decimals, e.g. 0.75.")})
        proposed = self.suggested_score()
        if score != proposed and not reason.strip():
            raise ValidationError(
                {
                    "reason": _(
                        "Say why the score differs from the %(proposed)s its progress proposes."
                    )
                    % {"proposed": display_number(proposed)}
                }
            )

    def can_delete(self, user: User) -> bool:
        """A draft never sent nor measured is deleted by whoever may edit it; the rest is kept."""
        return (
            self.approval_state == ApprovalState.DRAFT
            and not self.has_measurements()
            and self.can_edit(user)
        )

    def can_drop(self, user: User) -> bool:
        """Once sent to a leader it is dropped with a reason instead, by whoever may edit it;
        one carried on in a later period is dropped there (reads continued_by)."""
        return self.is_sent and self.can_edit(user) and not hasattr(self, "continued_by")

    def can_carry_over(self, user: User) -> bool:
        """Unfinished and not carried on yet: whoever may edit it continues it in a later period.

        Reads continued_by (one query unless fetched with select_related)."""
        return not self.is_finished and self.can_edit(user) and not hasattr(self, "continued_by")

    def can_submit(self, user: User) -> bool:
        return self.is_being_written and self.can_edit(user)

    def can_record(self, user: User) -> bool:
        """The owner, or someone they named, records values once the key result is approved.

        Reads reporters: prefetch it in lists."""
        if not self.is_approved or not user.is_authenticated:
            return False
        return (
            self.owner_id == user.pk
            or any(p.pk == user.pk for p in self.reporters.all())
            or self.takes_events_from_anyone()
        )

    def takes_events_from_anyone(self) -> bool:
        """An approved count its owner opened: anyone logs events while its objective is active.

        Reads self.objective: select_related it in lists."""
        return (
            self.open_to_everyone
            and self.takes_events
            and self.is_approved
            and self.objective.status == self.objective.Status.ACTIVE
        )

    def can_name_reporters(self, user: User) -> bool:
        """Only the owner says who else records values on it, or opens it to everyone."""
        return self.owner_id == user.pk

    def can_be_decided_by(self, user: User) -> bool:
        """Only the leader it waits for (or an admin) decides, and never on their own."""
        if not self.is_pending or self.owner_id == user.pk:
            return False
        return user.pk == self.approver_id or user.sees_everything

    def measured_values(self) -> dict[str, str]:
        """The numbers a decision is taken on, as text for the approval history."""
        return {
            "title": self.title,
            "kind": self.kind,
            "per": self.per,
            "unit": self.unit,
            "baseline": str(self.baseline),
            "target": str(self.target),
            "current_value": str(self.current_value),
            "deadline": self.deadline.isoformat(),
            "measurement_plan": self.measurement_plan,
        }

    def changes_to(self, edited: KeyResult) -> list[dict[str, str]]:
        """What `edited` changes in the measured fields, as data for the history."""
        return [
            {
                "field": field,
                "old": _as_text(getattr(self, field)),
                "new": _as_text(getattr(edited, field)),
            }
            for field in MEASURED_FIELDS
            if getattr(self, field) != getattr(edited, field)
        ]


def _as_text(value: object) -> str:
    """A measured value as language-neutral text (ISO dates, decimals as stored) for JSON."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return "" if value is None else str(value)
