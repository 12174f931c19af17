"""Progress updates (measurements, logged events, notes, setbacks), the shared feed built from
them, reactions and comments, and the reminders that ask people to measure."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from key_results.rates import RatePeriod
from key_results.status import Confidence
from objectives.models import Objective

if TYPE_CHECKING:
    from organisation.models import User


class UpdateQuerySet(models.QuerySet["Update"]):
    def visible_to(self, user: User) -> UpdateQuerySet:
        """Entries `user` may read: all but those of drafts hidden from them (objectives' rule)."""
        if not user.is_authenticated:
            return self.none()
        return self.exclude(objective__in=Objective.objects.hidden_from(user))

    def for_feed(self) -> UpdateQuerySet:
        """Newest first, with everything an entry shows fetched in a fixed number of queries.

        Joins stop at two tables: with seven, PostgreSQL spent ten times longer planning the
        query than running it; each prefetch is a quick primary-key lookup instead."""
        return (
            self.select_related("author", "key_result")
            .prefetch_related(
                models.Prefetch("objective", queryset=Objective.objects.select_related("period")),
                # The team comes from the cached team tree (progress.views._prepare): no query.
                "action",
                "approval_event",
                "retrospective",
                models.Prefetch(
                    "comments",
                    queryset=Comment.objects.select_related("author").order_by("created_at"),
                ),
                "reactions",
            )
            .order_by("-id")
        )

    def with_fingerprint(self, viewer: User) -> UpdateQuerySet:
        """Each entry with `fingerprint`: a digest, made by PostgreSQL, of every row the feed
        shows of it (the entry, its objective and period, key result, action, retrospective and
        decision whole; its author's and team's names; its comments with their authors; its
        reactions, with which are the viewer's).

        Each row goes in with its version (`xmin`, the transaction that wrote it), so a
        fingerprint, once any of those rows changes, is never made again, even if the change is
        undone: whatever was drawn while reading under it can never be shown in place of later
        rows. The feed keys its page of entries on these (progress.views._entries_html)."""
        from approvals.models import ApprovalEvent
        from key_results.models import KeyResult
        from objectives.models import Action, Period, Retrospective
        from organisation.models import Team
        from organisation.models import User as Person

        update = Update._meta.db_table

        def whole(model: type[models.Model], column: str) -> str:
            table = model._meta.db_table
            return f"(SELECT ROW(x.xmin, x) FROM {table} x WHERE x.id = {update}.{column})"  # noqa: S608 - tables and columns of our models

        def name(alias: str) -> str:
            return f"{alias}.xmin, {alias}.first_name, {alias}.last_name, {alias}.username"

        people = Person._meta.db_table
        # Only our models' table names are put in; the viewer is a parameter.
        sql = f"""md5(ROW(
            {update}.xmin, {update},
            (SELECT ROW({name("a")}) FROM {people} a WHERE a.id = {update}.author_id),
            (SELECT ROW(o.xmin, o, p.xmin, p) FROM {Objective._meta.db_table} o
                JOIN {Period._meta.db_table} p ON p.id = o.period_id
                WHERE o.id = {update}.objective_id),
            (SELECT ROW(t.xmin, t.name) FROM {Team._meta.db_table} t
                WHERE t.id = {update}.team_id),
            {whole(KeyResult, "key_result_id")},
            {whole(Action, "action_id")},
            {whole(Retrospective, "retrospective_id")},
            {whole(ApprovalEvent, "approval_event_id")},
            (SELECT array_agg(ROW(c.xmin, c, {name("ca")}) ORDER BY c.created_at, c.id)
                FROM {Comment._meta.db_table} c JOIN {people} ca ON ca.id = c.author_id
                WHERE c.update_id = {update}.id),
            (SELECT array_agg(ROW(r.xmin, r, r.person_id = %s) ORDER BY r.id)
                FROM {Reaction._meta.db_table} r WHERE r.update_id = {update}.id)
        )::text)"""  # noqa: S608
        return self.annotate(fingerprint=models.expressions.RawSQL(sql, [viewer.pk]))  # noqa: S611

    def filtered(self, *, team: int | None = None, person: int | None = None, kind: str = ""):
        updates = self
        if team:
            updates = updates.filter(team_id=team)
        if person:
            updates = updates.filter(author_id=person)
        if kind == Update.LEARNING:
            updates = updates.exclude(learning="")
        elif kind in Update.Kind.values:
            updates = updates.filter(kind=kind)
        return updates

    def measurements(self) -> UpdateQuerySet:
        return self.filter(key_result__isnull=False, value_after__isnull=False)


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Progress")
    SETBACK = "setback", _("Setback")
    APPROVAL = "approval", _("Approval")
    ACTION_DONE = "action_done", _("Action done")
    RETROSPECTIVE = "retrospective", _("Retrospective")
    # A key result given up, with the reason as the entry's text.
    DROPPED = "dropped", _("Dropped")


class Update(models.Model):
    """One entry of the shared feed; with a key result and a value, also one measurement."""

    Kind = UpdateKind
    # What people write themselves; the other kinds are posted by the product.
    SHARED_KINDS = (UpdateKind.PROGRESS, UpdateKind.SETBACK)
    # Not a kind of its own: any update may carry a learning; the feed filters on it.
    LEARNING = "learning"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PROGRESS)
    # History is never deleted with what it is about: an objective or key result with history
    # stays (and is archived or dropped instead).
    objective = models.ForeignKey(
        "objectives.Objective",
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="updates",
    )
    # Copied from the objective, so the feed filters by team without a join.
    team = models.ForeignKey(
        "organisation.Team", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.ForeignKey(
        "objectives.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="updates",
    )
    key_result = models.ForeignKey(
        "key_results.KeyResult",
        verbose_name=_("key result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    # An objective's retrospective, shared when it was closed (kind RETROSPECTIVE).
    retrospective = models.ForeignKey(
        "objectives.Retrospective",
        verbose_name=_("retrospective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feed_entries",
    )
    approval_event = models.OneToOneField(
        "approvals.ApprovalEvent",
        verbose_name=_("approval decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feed_entry",
    )
    value_before = models.DecimalField(
        _("value before"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_after = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    events = models.PositiveIntegerField(
        _("events"), null=True, blank=True, help_text=_("For a count: how many events this adds.")
    )
    happened_on = models.DateField(_("when"))
    text = models.TextField(_("what happened"), max_length=4000, blank=True)
    learning = models.TextField(
        _("learning"),
        blank=True,
        max_length=4000,
        help_text=_("What worked, or what did not work at all, so others can learn."),
    )
    # How sure the person recording is of reaching the target, beside the computed standing.
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, blank=True
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    objects = UpdateQuerySet.as_manager()

    # Set per request by the feed (progress.views._prepare) for its templates.
    viewer_id: int | None = None
    comment_form: Any = None
    log_form: Any = None
    html: Any = None  # the entry drawn, or read from the cache

    class Meta:
        ordering = ["-id"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        indexes = [
            # The feed filtered by team, by person, by kind, and to learnings only; each newest
            # first, so a page is an index range scan whatever the table's size.
            models.Index(fields=["team", "-id"], name="update_team_feed"),
            models.Index(fields=["author", "-id"], name="update_author_feed"),
            models.Index(fields=["kind", "-id"], name="update_kind_feed"),
            models.Index(fields=["-id"], condition=~Q(learning=""), name="update_learning_feed"),
            # An objective's latest entries, newest first (its page).
            models.Index(fields=["objective", "-id"], name="update_objective_latest"),
            # A key result's measurements by date (its history, its current value).
            models.Index(fields=["key_result", "-happened_on", "-id"], name="update_kr_history"),
        ]
        constraints = [
            models.CheckConstraint(
                # Progress and setbacks say what happened; decisions, done actions and
                # retrospectives speak for themselves (a decision's comment is its text).
                condition=Q(
                    kind__in=[UpdateKind.APPROVAL, UpdateKind.ACTION_DONE, UpdateKind.RETROSPECTIVE]
                )
                | ~Q(text=""),
                name="update_has_text",
            ),
            models.CheckConstraint(
                condition=Q(value_after__isnull=True) | Q(key_result__isnull=False),
                name="update_value_needs_key_result",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UpdateKind.values), name="update_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(events__isnull=True) | Q(events__gte=1),
                name="update_counts_at_least_one_event",
            ),
        ]
        triggers = [
            # What the database holds of the rules Update.clean() and the services explain.
            pgtrigger.Trigger(
                name="update_fits_its_objective",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                IF NEW.action_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM objectives_action a
                    WHERE a.id = NEW.action_id AND a.objective_id = NEW.objective_id
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'update_action_of_its_objective',
                        MESSAGE = 'An update is about an action of its own objective.';
                END IF;
                IF NEW.key_result_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM key_results_keyresult k
                    WHERE k.id = NEW.key_result_id AND k.objective_id = NEW.objective_id
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'update_key_result_of_its_objective',
                        MESSAGE = 'An update is about a key result of its own objective.';
                END IF;
                IF TG_OP = 'INSERT' AND NEW.value_after IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM key_results_keyresult k
                    WHERE k.id = NEW.key_result_id AND k.approval_state = 'approved'
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'update_measures_an_approved_key_result',
                        MESSAGE = 'Only an approved key result is measured.';
                END IF;
                -- A day's slack: "today" is the organisation's, the clock here may be UTC.
                IF NEW.happened_on > (NEW.created_at AT TIME ZONE 'UTC')::date + 1 THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'update_not_in_the_future',
                        MESSAGE = 'An update is not dated in the future.';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def clean(self) -> None:
        if self.happened_on is not None and self.happened_on > timezone.localdate():
            raise ValidationError({"happened_on": _("That date is in the future.")})
        if self.action is not None and self.action.objective_id != self.objective_id:
            raise ValidationError({"action": _("Choose an action of this objective.")})
        if self.confidence and self.confidence not in Confidence.values:
            raise ValidationError({"confidence": _("Choose on track, at risk or off track.")})

    @property
    def is_approval(self) -> bool:
        return self.kind == UpdateKind.APPROVAL

    @property
    def is_drop(self) -> bool:
        return self.kind == UpdateKind.DROPPED

    @property
    def is_action_done(self) -> bool:
        return self.kind == UpdateKind.ACTION_DONE

    @property
    def is_retrospective(self) -> bool:
        return self.kind == UpdateKind.RETROSPECTIVE

    @property
    def is_setback(self) -> bool:
        return self.kind == UpdateKind.SETBACK

    def progress_after(self) -> Decimal | None:
        """Progress of the key result at this value (reads key_result: select_related it)."""
        if self.key_result is None or self.value_after is None:
            return None
        return self.key_result.progress_at(self.value_after)

    def rate_period(self) -> RatePeriod | None:
        """For an event on a rate: the week or month it counts in, as that period stands today
        (reads key_result and its objective: the feed sets both)."""
        if self.key_result is None or not self.key_result.is_rate:
            return None
        return self.key_result.rate_period_of(self.happened_on)

    def reaction_counts(self) -> list[ReactionCount]:
        """Every offered reaction with how many gave it and whether the viewer is among them.

        Uses prefetched reactions and `viewer_id`, which the feed view sets."""
        viewer = getattr(self, "viewer_id", None)
        counts = dict.fromkeys(Reaction.EMOJI, 0)
        mine: set[str] = set()
        for reaction in self.reactions.all():
            counts[reaction.emoji] = counts.get(reaction.emoji, 0) + 1
            if reaction.person_id == viewer:
                mine.add(reaction.emoji)
        return [
            ReactionCount(emoji, icon, label, counts[emoji], emoji in mine)
            for emoji, (icon, label) in Reaction.MEANINGS.items()
        ]


class ReactionCount(NamedTuple):
    """One reaction as an entry shows it: its icon, its meaning in words, its count."""

    emoji: str
    icon: str
    label: str | Promise  # translated when shown
    total: int
    mine: bool


class Reaction(models.Model):
    # Stored as the emoji; shown as an icon of static/icons.svg with its meaning in words, so a
    # screen reader says what it means and a machine without an emoji font shows it too.
    MEANINGS = {
        "👍": ("good-work", _("Good work")),
        "🎉": ("congratulations", _("Congratulations")),
        "💡": ("helpful", _("Helpful")),
        "🙏": ("thank-you", _("Thank you")),
        "💪": ("keep-going", _("Keep going")),
    }
    EMOJI = list(MEANINGS)

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    emoji = models.CharField(max_length=8, choices=[(e, e) for e in EMOJI])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "person", "emoji"], name="one_reaction_of_a_kind_per_person"
            ),
        ]

    def __str__(self) -> str:
        return self.emoji


class Comment(models.Model):
    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="feed_comments",
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="comment_has_text")]

    def __str__(self) -> str:
        return self.text[:60]


class ReminderKind(models.TextChoices):
    QUARTER_START = "quarter_start", _("Start of the quarter: time to measure")
    MID_QUARTER = "mid_quarter", _("Mid-quarter nudge")
    AFTER_EFFORT = "after_effort", _("After a special effort")
    END_OF_QUARTER = "end_of_quarter", _("End of the quarter: score and look back")


class Reminder(models.Model):
    """One reminder to one person for one occasion; the unique occasion makes sending idempotent."""

    Kind = ReminderKind

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occasion = models.CharField(_("occasion"), max_length=80)
    key_results = models.ManyToManyField(
        "key_results.KeyResult", verbose_name=_("key results"), related_name="reminders"
    )
    action = models.ForeignKey(
        "objectives.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    created_at = models.DateTimeField(_("planned"), auto_now_add=True)
    # Set by the delivery that won the claim; cleared again if sending failed.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Set when sending kept failing (REMINDERS["MAX_ATTEMPTS"]): nobody tries again.
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    failure = models.CharField(_("last failure"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occasion"], name="one_reminder_per_occasion"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_is_known"
            ),
        ]
        indexes = [
            # The sweep's question: which reminders are not sent and not being sent?
            models.Index(fields=["sent_at", "claimed_at"], name="reminder_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.person}"

    @property
    def is_quarter_start(self) -> bool:
        return self.kind == self.Kind.QUARTER_START

    @property
    def is_mid_quarter(self) -> bool:
        return self.kind == self.Kind.MID_QUARTER

    @property
    def is_end_of_quarter(self) -> bool:
        return self.kind == self.Kind.END_OF_QUARTER


class NotificationKind(models.TextChoices):
    APPROVAL_REQUEST = "approval_request", _("A key result sent to me for approval")
    DECISION = "decision", _("A decision on my key result")
    COMMENT = "comment", _("A comment on my entry, or after mine")
    EVENT_LOGGED = "event_logged", _("Someone logged an event on my open count")
    REMINDER = "reminder", _("Reminders to measure")


class EmailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", _("By email right away")
    DAILY = "daily", _("In a daily email digest")
    NEVER = "never", _("Only here, no email")


# What people get when they have not chosen: what needs them soon comes at once.
EMAIL_DEFAULTS = {
    NotificationKind.APPROVAL_REQUEST: EmailChoice.IMMEDIATELY,
    NotificationKind.DECISION: EmailChoice.IMMEDIATELY,
    NotificationKind.COMMENT: EmailChoice.DAILY,
    NotificationKind.EVENT_LOGGED: EmailChoice.DAILY,
    NotificationKind.REMINDER: EmailChoice.IMMEDIATELY,
}


class NotificationSettings(models.Model):
    """How a person wants each kind of notification by email (in the app they always see it),
    and whether they get the weekly digest."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # {kind: choice} for the kinds the person chose; the others follow EMAIL_DEFAULTS.
    email = models.JSONField(_("email"), default=dict, blank=True)
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=False,
        help_text=_(
            "Every Monday: the week's progress, setbacks and learnings of your teams and "
            "the objectives you follow."
        ),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        unknown = sorted(set(self.email) - set(NotificationKind.values))
        if unknown:
            raise ValidationError(
                _("There is no kind of notification called %(kinds)s.")
                % {"kinds": ", ".join(unknown)}
            )
        if any(choice not in EmailChoice.values for choice in self.email.values()):
            raise ValidationError(_("Choose right away, a daily digest, or only here."))

    def choice(self, kind: str) -> str:
        return self.email.get(kind, EMAIL_DEFAULTS[NotificationKind(kind)])


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that concerns one person: always shown in the app (the bell), and emailed
    right away, in a daily digest or not at all, as they chose. One per person and event."""

    Kind = NotificationKind

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    # What it is about, the same for a task that runs twice: e.g. "decision:<approval event>".
    event = models.CharField(_("event"), max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_result = models.ForeignKey(
        "key_results.KeyResult", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    update = models.ForeignKey(
        Update, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_event = models.ForeignKey(
        "approvals.ApprovalEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(_("text"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # How it is emailed, chosen by the person's settings when it was made.
    email = models.CharField(_("email"), max_length=12, choices=EmailChoice.choices)
    # Delivery of its email (progress/outbox.py), or of the digest that carried it.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    failure = models.CharField(_("last failure"), max_length=500, blank=True)
    digest = models.ForeignKey(
        "DailyDigest", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["person", "event"], name="one_notification_per_event"),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(email__in=EmailChoice.values), name="notification_email_is_known"
            ),
        ]
        indexes = [
            # The bell: a person's unread notifications, newest first.
            models.Index(fields=["person", "read_at", "-created_at"], name="notification_bell"),
            # The sweep and the digests: emails not sent yet.
            models.Index(fields=["email", "sent_at"], name="notification_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.person}"

    def get_absolute_url(self) -> str:
        """Where it points: the entry commented on, or the key result it is about."""
        if self.kind == NotificationKind.COMMENT and self.update_id:
            return f"{reverse('progress:feed')}#update-{self.update_id}"
        if self.key_result_id:
            return reverse("progress:key_result", args=[self.key_result_id])
        return reverse("progress:me")

    @property
    def is_approval_request(self) -> bool:
        return self.kind == NotificationKind.APPROVAL_REQUEST

    @property
    def is_decision(self) -> bool:
        return self.kind == NotificationKind.DECISION

    @property
    def is_comment(self) -> bool:
        return self.kind == NotificationKind.COMMENT

    @property
    def is_event_logged(self) -> bool:
        return self.kind == NotificationKind.EVENT_LOGGED

    @property
    def is_approval(self) -> bool:
        """A decision that approved (reads approval_event: select_related it in lists)."""
        return self.approval_event is not None and self.approval_event.is_approval


class DailyDigest(models.Model):
    """One email a day per person, carrying their notifications chosen for the digest."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_digests"
    )
    day = models.DateField(_("day"))
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    failure = models.CharField(_("last failure"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="one_daily_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} → {self.person}"


class WeeklyDigest(models.Model):
    """One email a week per person who asked for it: the week's news of their teams and the
    objectives they follow."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_digests"
    )
    week = models.DateField(_("week starting"))
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    failure = models.CharField(_("last failure"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="one_weekly_digest_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.week} → {self.person}"


class Follow(models.Model):
    """A person follows an objective: its news comes in their weekly digest."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    objective = models.ForeignKey(
        "objectives.Objective", on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed objective")
        verbose_name_plural = _("followed objectives")
        constraints = [models.UniqueConstraint(fields=["person", "objective"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.person} → {self.objective_id}"
