"""Changing actions and closing objectives: a finished action and a retrospective are news
for the whole organisation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisation.models import User

from .models import Action, Objective, Retrospective
from .signals import action_done, objective_closed


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
