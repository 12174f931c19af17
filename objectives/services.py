"""Changing actions: a finished action is news for the whole organisation."""

from django.db import transaction

from organisation.models import User

from .models import Action
from .signals import action_done


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
