"""Changing objectives and actions: a finished action and a retrospective are news for the
whole organisation, an objective moved to another period takes its key results along, and a draft
may be deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from organisation.models import User

from .models import Action, Objective, Retrospective
from .signals import action_done, moved, moving, objective_closed


@transaction.atomic
def save_objective(*, objective: Objective, by: User) -> Objective:
    """Save an edited objective; moved to another period, its key results follow it there (the
    apps above hear of it in this transaction, so a refusal there saves nothing here)."""
    # Moving: what hangs on it is locked first (the key results, through `moving`), in the
    # order a measurement takes its rows, so a measurement and a move wait for each other
    # instead of deadlocking, and two moves at once queue there: the second reads where the
    # first left the objective, and moves the deadlines from there.
    stored = Objective.objects.filter(pk=objective.pk).values_list("period_id", flat=True)
    if stored.first() != objective.period_id:
        moving.send(sender=Objective, objective=objective)
    previous = Objective.objects.select_related("period").get(pk=objective.pk)
    objective.save()
    if previous.period_id != objective.period_id:
        moved.send(sender=Objective, objective=objective, previous=previous.period, by=by)
    return objective


def _delete(thing: Objective | Action) -> None:
    try:
        with transaction.atomic():
            thing.delete()
    except ProtectedError:
        # Something with history hangs on it (the database keeps history): keep it.
        raise ValidationError(
            _("It has a history (measurements, decisions or feed entries), so it stays.")
        ) from None


@transaction.atomic
def delete_objective(*, objective: Objective, by: User) -> None:
    """Delete a draft objective with its draft key results and actions; history is kept."""
    # Shared meanwhile: the delete waits, then sees it is no longer a draft.
    locked = Objective.objects.select_for_update().get(pk=objective.pk)
    if not locked.can_delete(by):
        raise PermissionDenied
    _delete(locked)


@transaction.atomic
def delete_action(*, action: Action, by: User) -> None:
    """Delete a proposed action; once it is under way it is dropped instead."""
    # Started meanwhile (or deleted): the delete waits, then sees it is no longer proposed.
    locked = (
        Action.objects.select_for_update(of=("self",)).select_related("objective").get(pk=action.pk)
    )
    if not locked.can_delete(by):
        raise PermissionDenied
    _delete(locked)


@transaction.atomic
def change_action_status(*, action: Action, by: User, status: str) -> Action:
    """Move an action to a new state; when it becomes done, the apps above hear of it."""
    # Two clicks at once: the second waits here, then sees the action already done.
    locked = Action.objects.select_for_update().select_related("objective").get(pk=action.pk)
    newly_done = status == Action.Status.DONE and not locked.is_done
    locked.change_status(status)
    if newly_done:
        action_done.send(sender=Action, action=locked, by=by)
    action.status, action.done_at = locked.status, locked.done_at
    return locked


@transaction.atomic
def close_objective(
    *, objective: Objective, by: User, worked: str, did_not_work: str, carry_on: str
) -> Retrospective:
    """Close an objective (completed) with what worked, what did not work at all and what is
    carried on; kept on the objective and, through objective_closed, shared in the feed.
    Closing again after reopening rewrites it. Raises ValidationError, nothing saved."""
    # Locked: two editors closing at once write one retrospective, the second over the first.
    locked = Objective.objects.select_for_update().get(pk=objective.pk)
    if not locked.can_edit(by):
        raise PermissionDenied
    locked.check_closing()
    answers = {
        "worked": worked.strip(),
        "did_not_work": did_not_work.strip(),
        "carry_on": carry_on.strip(),
    }
    missing = {name: _("Write a few words here.") for name, text in answers.items() if not text}
    if missing:
        raise ValidationError(missing)
    retrospective, _created = Retrospective.objects.update_or_create(
        objective=locked, defaults={**answers, "author": by}
    )
    if locked.status != Objective.Status.COMPLETED:
        locked.change_status(Objective.Status.COMPLETED)
    objective.status = locked.status
    objective_closed.send(sender=Objective, objective=locked, retrospective=retrospective, by=by)
    return retrospective
