"""Writing key results: edits of approved numbers go back to the leader; a draft is deleted, a
key result sent for approval is dropped with a reason, and an unfinished one is carried over
into a later period."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from objectives.models import Action, Objective, Period
from organisation.models import User

from .models import EDITABLE_FIELDS, KeyResult
from .signals import carried_over, dropped, sent_back


@transaction.atomic
def save_key_result(
    *, key_result: KeyResult, by: User, fields: Iterable[str] = EDITABLE_FIELDS
) -> KeyResult:
    """Save a new key result, or the `fields` edited on an existing one; returns it as saved.

    An edit locks the row and compares with it as it is now, not as the editor loaded it, then
    saves only what changed: an approval or a measurement that lands meanwhile is kept. A change
    to what is measured makes a new version, and an approved or pending key result goes back to
    the leader with each change named. Raises ValidationError when a rule is broken."""
    if key_result.pk is None:
        key_result.full_clean(exclude=["reporters", "current_value"])
        key_result.current_value = key_result.baseline
        key_result.save()
        return key_result
    current = (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__period", "owner")
        .get(pk=key_result.pk)
    )
    changed = [f for f in fields if getattr(key_result, f) != getattr(current, f)]
    changes = current.changes_to(key_result)
    if "kind" in changed and current.has_measurements():
        raise ValidationError(
            {
                "kind": _(
                    "It has been measured, so its kind cannot change: write a new key result "
                    "to measure it another way."
                )
            }
        )
    if "per" in changed and current.has_measurements() and key_result.is_rate:
        raise ValidationError(
            {
                "per": _(
                    "Events have been logged week by week (or month by month), so that cannot "
                    "change: write a new key result to count them another way."
                )
            }
        )
    for field in changed:
        setattr(current, field, getattr(key_result, field))
    current.full_clean(exclude=["reporters", "current_value"])
    saved = set(changed)
    if not current.has_measurements():
        # Nothing measured yet: the current value is still where it started.
        current.current_value = current.baseline
        saved.add("current_value")
    if changes:
        current.version += 1
        saved.add("version")
        if not current.is_being_written:
            current.approval_state = KeyResult.ApprovalState.PENDING
            current.approver = current.owner.nearest_leader()
            saved |= {"approval_state", "approver"}
    if saved:
        current.save(update_fields=[*saved, "updated_at"])
    if changes and current.is_pending:
        sent_back.send(sender=KeyResult, key_result=current, by=by, changes=changes)
    return current


@transaction.atomic
def name_reporters(
    *, key_result: KeyResult, by: User, reporters: Iterable[User], open_to_everyone: bool
) -> KeyResult:
    """The owner says who else records values, and may open a count to everyone."""
    if not key_result.can_name_reporters(by):
        raise PermissionDenied
    if open_to_everyone and not key_result.takes_events:
        raise ValidationError(
            {"open_to_everyone": _("Only a count or a rate can be open to everyone.")}
        )
    key_result.open_to_everyone = open_to_everyone
    key_result.save(update_fields=["open_to_everyone", "updated_at"])
    key_result.reporters.set(reporters)
    return key_result


@transaction.atomic
def set_weights(
    *, objective: Objective, by: User, key_results: dict[int, int], children: dict[int, int]
) -> None:
    """How much each of its key results and smaller objectives counts in its progress."""
    if not objective.can_edit(by):
        raise PermissionDenied
    for weight in [*key_results.values(), *children.values()]:
        if not 0 <= weight <= 100:
            raise ValidationError(_("A weight is a whole number from 0 to 100."))
    for pk, weight in key_results.items():
        KeyResult.objects.filter(pk=pk, objective=objective).update(weight=weight)
    for pk, weight in children.items():
        Objective.objects.filter(pk=pk, parent=objective).update(weight=weight)


@transaction.atomic
def score_key_result(*, key_result: KeyResult, by: User, score: Decimal, reason: str) -> KeyResult:
    """Score it at the end: its progress proposes a score, which `by` keeps or adjusts with a
    reason (KeyResult.check_score says when and how). Raises ValidationError, nothing saved."""
    # Locked: a measurement landing meanwhile changes the proposal the score is checked against.
    current = (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__period")
        .get(pk=key_result.pk)
    )
    if not current.can_score(by):
        raise PermissionDenied
    reason = reason.strip()
    current.check_score(score, reason, timezone.localdate())
    current.proposed_score = current.suggested_score()
    current.score = score
    current.score_reason = reason if score != current.proposed_score else ""
    current.scored_at = timezone.now()
    current.scored_by = by
    current.save(
        update_fields=[
            "score",
            "proposed_score",
            "score_reason",
            "scored_at",
            "scored_by",
            "updated_at",
        ]
    )
    return current


def lock_before_move(*, objective: Objective, **_signal) -> None:
    """Lock an objective's key results before it moves (objectives.signals.moving): an edit or a
    measurement landing meanwhile waits, and is not undone by the deadlines moved after."""
    list(
        KeyResult.objects.select_for_update(of=("self",))
        .filter(objective_id=objective.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def follow_objective(*, objective: Objective, previous: Period, by: User, **_signal) -> None:
    """An objective moved to another period: each key result's deadline moves to the same place
    in it (objectives.signals.moved). An edit like any other: an approved one goes back to the
    leader; a dropped one keeps its state and only its date follows, so it stays consistent."""
    # Locked before the move (lock_before_move), so read as they stand now.
    for key_result in objective.key_results.order_by("pk"):
        deadline = previous.same_place_in(objective.period, key_result.deadline)
        if key_result.is_dropped:
            KeyResult.objects.filter(pk=key_result.pk).update(deadline=deadline)
            continue
        key_result.deadline = deadline
        save_key_result(key_result=key_result, by=by, fields=["deadline"])


def _locked(key_result: KeyResult) -> KeyResult:
    # Joined only along what never changes on a key result (its objective, its owner): a row
    # changed meanwhile is re-read, the rows joined to it are not.
    return (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__period", "owner")
        .get(pk=key_result.pk)
    )


@transaction.atomic
def delete_key_result(*, key_result: KeyResult, by: User) -> None:
    """Delete a draft that was never sent nor measured; anything with history is kept."""
    current = _locked(key_result)
    if not current.can_delete(by):
        raise PermissionDenied
    try:
        with transaction.atomic():
            current.delete()
    except ProtectedError:
        raise ValidationError(_("It has a history, so it stays: drop it instead.")) from None


@transaction.atomic
def drop_key_result(*, key_result: KeyResult, by: User, reason: str) -> KeyResult:
    """Give up a key result that was sent for approval: it stays, with the reason, counted
    nowhere; the approval history and the feed hear of it (signals.dropped)."""
    current = _locked(key_result)
    if not current.can_drop(by):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is dropped, so the history tells.")})
    current.approval_state = KeyResult.ApprovalState.DROPPED
    current.drop_reason = reason
    current.save(update_fields=["approval_state", "drop_reason", "updated_at"])
    dropped.send(sender=KeyResult, key_result=current, by=by)
    return current


def _check_target(source: Period, target: Period) -> None:
    if target.start <= source.end:
        raise ValidationError(
            {"period": _("Carry it into a period after %(period)s.") % {"period": source}}
        )
    if target.is_past:
        raise ValidationError(
            {
                "period": _("%(period)s is over: carry it into a period that has not ended.")
                % {"period": target}
            }
        )


def _lock_objective(objective_id: int) -> Objective:
    # Everything carried from one objective waits here in turn (a key result and its objective
    # carried at once), so its continuation is made once and nothing is carried twice.
    # No join in the locking query: a row moved meanwhile is re-read, the joined period is not.
    # No key update: a value recorded meanwhile (its feed entry points at the objective, which
    # takes a key share lock) goes on instead of deadlocking with the key results locked here.
    objective = Objective.objects.select_for_update(no_key=True).get(pk=objective_id)
    objective.period  # noqa: B018 - read once the lock is held, as it is now
    return objective


def _continuation(objective: Objective, period: Period) -> tuple[Objective, bool]:
    """The objective that carries `objective` on in `period`, made now if needed; and whether
    it is new."""
    existing = Objective.objects.filter(continues=objective).select_related("period").first()
    if existing is not None:
        if existing.period_id != period.pk:
            raise ValidationError(
                {
                    "period": _("“%(objective)s” already continues in %(period)s: carry it there.")
                    % {"objective": objective, "period": existing.period}
                }
            )
        return existing, False
    parent = objective.parent
    if parent is not None:
        # Under the bigger objective's own continuation in that period, if it has one.
        parent = Objective.objects.filter(continues=parent, period=period).first() or parent
    continued = Objective(
        title=objective.title,
        description=objective.description,
        owner=objective.owner,
        team=objective.team,
        period=period,
        parent=parent,
        weight=objective.weight,
        status=Objective.Status.ACTIVE if objective.is_live else Objective.Status.DRAFT,
        continues=objective,
    )
    continued.full_clean(exclude=["continues"])
    continued.save()
    return continued, True


def _carry(key_result: KeyResult, objective: Objective, by: User) -> KeyResult:
    """A new key result in `objective` that carries `key_result` on from where it stands."""
    if key_result.is_count:
        # A count starts at zero again: what is left to count is the new target.
        baseline, target = Decimal(0), key_result.target - key_result.current_value
    elif key_result.is_rate:
        # A rate asks the same every week or month of the new period.
        baseline, target = Decimal(0), key_result.target
    else:
        baseline, target = key_result.current_value, key_result.target
    source = key_result.objective.period
    sent = key_result.is_sent and bool(key_result.measurement_plan.strip())
    action = (
        Action.objects.filter(continues=key_result.action_id, objective=objective).first()
        if key_result.action_id is not None
        else None
    )
    carried = KeyResult(
        objective=objective,
        action=action,
        owner=key_result.owner,
        title=key_result.title,
        kind=key_result.kind,
        per=key_result.per,
        unit=key_result.unit,
        baseline=baseline,
        target=target,
        current_value=baseline,
        deadline=source.same_place_in(objective.period, key_result.deadline),
        measurement_plan=key_result.measurement_plan,
        open_to_everyone=key_result.open_to_everyone,
        weight=key_result.weight,
        continues=key_result,
        approval_state=KeyResult.ApprovalState.PENDING if sent else KeyResult.ApprovalState.DRAFT,
        approver=key_result.owner.nearest_leader() if sent else None,
    )
    carried.full_clean(exclude=["reporters", "continues"])
    carried.save()
    carried.reporters.set(key_result.reporters.all())
    if sent:
        carried_over.send(sender=KeyResult, key_result=carried, by=by)
    return carried


def _carry_refusal(key_result: KeyResult) -> str | None:
    """Why it cannot be carried over, or None."""
    if hasattr(key_result, "continued_by"):
        following = key_result.continued_by
        return _("It is already carried over into %(period)s: “%(title)s”.") % {
            "period": following.objective.period,
            "title": following,
        }
    if key_result.is_finished:
        return _("Its target is reached, so there is nothing left to carry over.")
    return None


@transaction.atomic
def carry_over(*, key_result: KeyResult, by: User, period: Period) -> KeyResult:
    """Carry an unfinished key result into a later period as a new one, linked to it: it starts
    where this one stands, and goes to the leader for approval again. Its objective is carried
    on there too (once); returns the new key result."""
    objective = _lock_objective(key_result.objective_id)
    current = _locked(key_result)
    if not current.can_edit(by):
        raise PermissionDenied
    if refusal := _carry_refusal(current):
        raise ValidationError(refusal)
    _check_target(objective.period, period)
    continued, _new = _continuation(objective, period)
    return _carry(current, continued, by)


@transaction.atomic
def carry_over_objective(*, objective: Objective, by: User, period: Period) -> Objective:
    """Carry an objective into a later period with its open actions and unfinished key results
    (those not carried yet); returns the objective that carries it on."""
    locked = _lock_objective(objective.pk)
    if not locked.can_carry_over(by):
        raise PermissionDenied
    _check_target(locked.period, period)
    continued, new = _continuation(locked, period)
    carried = 0
    for action in locked.actions.filter(
        status__in=[Action.Status.PROPOSED, Action.Status.IN_PROGRESS], continued_by__isnull=True
    ).order_by("created_at"):
        Action.objects.create(
            objective=continued,
            title=action.title,
            description=action.description,
            owner=action.owner,
            status=action.status,
            continues=action,
        )
        carried += 1
    for key_result in (
        KeyResult.objects.select_for_update(of=("self",))
        .filter(objective=locked, continued_by__isnull=True)
        .exclude(approval_state=KeyResult.ApprovalState.DROPPED)
        .select_related("owner", "action")
        .prefetch_related("reporters")
        .order_by("created_at")
    ):
        key_result.objective = locked
        if not key_result.is_finished:
            _carry(key_result, continued, by)
            carried += 1
    if not new and not carried:
        raise ValidationError(
            _("Everything unfinished of it is already carried over into %(period)s.")
            % {"period": period}
        )
    return continued
