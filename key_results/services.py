"""Writing key results: edits of approved numbers go back to the leader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from objectives.models import Objective
from organisation.models import User

from .models import KeyResult
from .signals import sent_back


@transaction.atomic
def save_key_result(
    *, key_result: KeyResult, by: User, before: dict[str, Any] | None = None
) -> KeyResult:
    """Save a new or edited key result; `before` is its measured_snapshot() before the edit.

    Raises ValidationError when a rule of the key result is broken, whoever called."""
    key_result.full_clean(exclude=["reporters", "current_value"])
    if before is not None and before["kind"] != key_result.kind and key_result.has_measurements():
        raise ValidationError(
            {
                "kind": _(
                    "It has been measured, so its kind cannot change: write a new key result "
                    "to measure it another way."
                )
            }
        )
    if key_result.pk is None or not key_result.has_measurements():
        # Nothing measured yet: the current value is still where it started.
        key_result.current_value = key_result.baseline
    changes = key_result.changes_since(before) if before is not None else []
    if changes and not key_result.is_being_written:
        key_result.approval_state = KeyResult.ApprovalState.PENDING
        key_result.approver = key_result.owner.nearest_leader()
    key_result.save()
    if changes and key_result.is_pending:
        sent_back.send(sender=KeyResult, key_result=key_result, by=by, changes=changes)
    return key_result


@transaction.atomic
def name_reporters(
    *, key_result: KeyResult, by: User, reporters: Iterable[User], open_to_everyone: bool
) -> KeyResult:
    """The owner says who else records values, and may open a count to everyone."""
    if not key_result.can_name_reporters(by):
        raise PermissionDenied
    locked = KeyResult.objects.select_for_update().get(pk=key_result.pk)
    locked.open_to_everyone = open_to_everyone
    locked.clean()  # only a count is open to everyone
    locked.save(update_fields=["open_to_everyone", "updated_at"])
    locked.reporters.set(reporters)
    key_result.open_to_everyone = open_to_everyone
    return locked


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
