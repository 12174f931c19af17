"""Changing actions: a finished action is news for the whole organisation."""

from django.db import transaction

from organisation.models import User
from progress.models import Update
from progress.services import post_action_done

from .models import Action


@transaction.atomic
def change_action_status(*, action: Action, by: User, status: str) -> Action:
    """Move an action to a new state; the first time it is done, it appears in the feed."""
    # Two clicks at once: the second waits here, then sees the first one's entry.
    Action.objects.select_for_update().filter(pk=action.pk).first()
    newly_done = status == Action.Status.DONE and action.status != Action.Status.DONE
    action.change_status(status)
    # Reopened and finished again is not news twice.
    if newly_done and not action.updates.filter(kind=Update.Kind.ACTION_DONE).exists():
        post_action_done(action, by=by)
    return action
