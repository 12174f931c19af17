"""Writing key results: edits of approved numbers go back to the leader."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from objectives.models import Objective
from organisation.models import User

from .models import EDITABLE_FIELDS, KeyResult
from .signals import sent_back


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
