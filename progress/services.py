"""Recording progress and sharing it: measurements, logged events, notes, reactions, comments."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalEvent
from key_results.forecast import cumulative
from key_results.models import KeyResult
from objectives.models import Action, Objective, Retrospective
from organisation.models import User

from . import notifications
from .models import Comment, Reaction, Update


def _locked(key_result: KeyResult) -> KeyResult:
    # Two people recording at once: the second waits, then builds on the first one's value.
    return (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective", "action")
        .prefetch_related("reporters")
        .get(pk=key_result.pk)
    )


def _check_shared_kind(kind: str) -> None:
    if kind not in Update.SHARED_KINDS:
        raise ValidationError({"kind": _("Choose progress or setback.")})


def _entry(*, objective: Objective, **fields) -> Update:
    """A new feed entry, checked (not in the future, an action of its objective); its team is
    copied from the objective, so the feed filters by it alone."""
    fields.setdefault("happened_on", timezone.localdate())
    update = Update(objective=objective, team_id=objective.team_id, **fields)
    update.clean()
    update.save()
    return update


# How many of its latest values a key result keeps for its sparkline in lists.
SPARKLINE_POINTS = 20


def _now_stands_at(
    key_result: KeyResult, value: Decimal, *, measured_on: datetime.date, confidence: str = ""
) -> None:
    """Save where the key result stands now: its current value, when it was last measured, its
    latest values for lists, and the owner's confidence when they gave one (only those fields)."""
    key_result.current_value = value
    key_result.last_measured_on = max(key_result.last_measured_on or measured_on, measured_on)
    key_result.recent_values = _recent_values(key_result)
    fields = ["current_value", "last_measured_on", "recent_values", "updated_at"]
    if confidence:
        key_result.confidence = confidence
        fields.append("confidence")
    key_result.save(update_fields=fields)


def _recent_values(key_result: KeyResult) -> list[list[str]]:
    """Its latest values by day, oldest first: measurements, or a count's running total."""
    measured = key_result.updates.measurements()
    points: list[tuple[datetime.date, Decimal]]
    if key_result.is_count:
        points = cumulative(
            [(day, n or 0) for day, n in measured.values_list("happened_on", "events")]
        )
    else:
        points = [
            (day, value)
            for day, value in measured.order_by("-happened_on", "-id").values_list(
                "happened_on", "value_after"
            )[:SPARKLINE_POINTS]
            if value is not None
        ][::-1]
    return [[day.isoformat(), str(value)] for day, value in points[-SPARKLINE_POINTS:]]


@transaction.atomic
def record_measurement(
    *,
    key_result: KeyResult,
    by: User,
    value: Decimal,
    text: str,
    kind: str = Update.Kind.PROGRESS,
    learning: str = "",
    happened_on: datetime.date | None = None,
    confidence: str = "",
) -> Update:
    """Add a measured value to the key result's history; the newest measurement is current."""
    key_result = _locked(key_result)
    if not key_result.can_record(by):
        raise PermissionDenied
    if key_result.is_count:
        raise ValidationError(_("A count grows by logging each event, not by typing a total."))
    _check_shared_kind(kind)
    happened_on = happened_on or timezone.localdate()
    # A back-dated value follows what was measured by its own day, not today's value.
    history = key_result.updates.measurements().order_by("-happened_on", "-id")
    previous = history.filter(happened_on__lte=happened_on).first()
    if previous is not None:
        value_before = previous.value_after
    else:
        first = history.last()
        value_before = first.value_before if first is not None else key_result.current_value
    update = _entry(
        objective=key_result.objective,
        author=by,
        kind=kind,
        action=key_result.action,
        key_result=key_result,
        value_before=value_before,
        value_after=value,
        happened_on=happened_on,
        text=text,
        learning=learning,
        confidence=confidence,
    )
    latest = history.first()
    assert latest is not None and latest.value_after is not None  # the one just recorded
    _now_stands_at(key_result, latest.value_after, measured_on=happened_on, confidence=confidence)
    return update


@transaction.atomic
def log_event(
    *,
    key_result: KeyResult,
    by: User,
    text: str,
    events: int = 1,
    kind: str = Update.Kind.PROGRESS,
    learning: str = "",
    happened_on: datetime.date | None = None,
    confidence: str = "",
) -> Update:
    """Log events that count toward a count key result; the count is the sum of all logged."""
    key_result = _locked(key_result)
    if not key_result.can_record(by):
        raise PermissionDenied
    if not key_result.is_count:
        raise ValidationError(_("Only a count key result takes logged events."))
    if events < 1:
        raise ValidationError({"events": _("Log at least one event.")})
    _check_shared_kind(kind)
    happened_on = happened_on or timezone.localdate()
    update = _entry(
        objective=key_result.objective,
        author=by,
        kind=kind,
        action=key_result.action,
        key_result=key_result,
        value_before=key_result.current_value,
        value_after=key_result.current_value + events,
        events=events,
        happened_on=happened_on,
        text=text,
        learning=learning,
        confidence=confidence,
    )
    total = key_result.updates.aggregate(total=Sum("events"))["total"] or 0
    _now_stands_at(key_result, Decimal(total), measured_on=happened_on, confidence=confidence)
    notifications.on_event_logged(update)
    return update


@transaction.atomic
def share_update(
    *,
    objective: Objective,
    by: User,
    text: str,
    kind: str = Update.Kind.PROGRESS,
    learning: str = "",
    action: Action | None = None,
    happened_on: datetime.date | None = None,
) -> Update:
    """A note on an objective or an action without a value ("we tried X; it did nothing")."""
    if not objective.can_share_on(by):
        raise PermissionDenied
    _check_shared_kind(kind)
    return _entry(
        objective=objective,
        author=by,
        kind=kind,
        action=action,
        happened_on=happened_on or timezone.localdate(),
        text=text,
        learning=learning,
    )


def post_approval_decision(*, event: ApprovalEvent, **_signal) -> Update:
    """Put a leader's decision on a key result in the feed (approvals.signals.decided)."""
    key_result = event.key_result
    return _entry(
        objective=key_result.objective,
        author=event.actor,
        kind=Update.Kind.APPROVAL,
        action=key_result.action,
        key_result=key_result,
        approval_event=event,
        text=event.comment,
    )


def post_action_done(*, action: Action, by: User, **_signal) -> Update | None:
    """Put a finished action in the feed, once (objectives.signals.action_done)."""
    if action.updates.filter(kind=Update.Kind.ACTION_DONE).exists():
        return None  # reopened and finished again is not news twice
    return _entry(
        objective=action.objective, author=by, kind=Update.Kind.ACTION_DONE, action=action
    )


def post_retrospective(
    *, objective: Objective, retrospective: Retrospective, by: User, **_signal
) -> Update:
    """Share a closed objective's retrospective in the feed as a learning
    (objectives.signals.objective_closed): its three answers are the learning, so the feed's
    learnings, search and digests find it; the entry shows them under their questions."""
    return _entry(
        objective=objective,
        author=by,
        kind=Update.Kind.RETROSPECTIVE,
        retrospective=retrospective,
        learning=retrospective.as_text(),
    )


def post_dropped(*, key_result: KeyResult, by: User, **_signal) -> Update:
    """Put a dropped key result in the feed, with why (key_results.signals.dropped)."""
    return _entry(
        objective=key_result.objective,
        author=by,
        kind=Update.Kind.DROPPED,
        action=key_result.action,
        key_result=key_result,
        text=key_result.drop_reason,
    )


def toggle_reaction(*, update: Update, by: User, emoji: str) -> bool:
    """React to an entry, or take the reaction back; True when the reaction is now there."""
    if emoji not in Reaction.EMOJI:
        raise ValidationError(_("Choose one of the offered reactions."))
    deleted, _rows = Reaction.objects.filter(update=update, person=by, emoji=emoji).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(update=update, person=by, emoji=emoji)
    except IntegrityError:
        pass  # a double click raced us: the reaction is there, which is what was asked
    return True


@transaction.atomic
def add_comment(*, update: Update, by: User, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment first.")})
    comment = Comment.objects.create(update=update, author=by, text=text)
    notifications.on_comment(comment)
    return comment
