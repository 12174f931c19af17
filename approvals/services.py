"""Sending key results for approval and deciding on them; each step is kept in the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from key_results.models import KeyResult
from organisation.models import User

from .models import ApprovalEvent
from .signals import decided, submitted

State = KeyResult.ApprovalState


def _lock(key_result: KeyResult) -> KeyResult:
    # Two leaders (or a leader and an owner) acting at once: the second waits and sees the first.
    return (
        KeyResult.objects.select_for_update(of=("self",))
        .select_related("objective__period", "owner")
        .get(pk=key_result.pk)
    )


def _record(
    key_result: KeyResult, *, kind: str, actor: User, comment: str = "", changes=None
) -> ApprovalEvent:
    event = ApprovalEvent(
        key_result=key_result,
        kind=kind,
        actor=actor,
        approver=key_result.approver,
        comment=comment,
        changes=changes or [],
        values=key_result.measured_values(),
        version=key_result.version,
    )
    event.clean()  # e.g. "request changes" says what should change
    event.save()
    return event


@transaction.atomic
def submit_for_approval(*, key_result: KeyResult, by: User) -> KeyResult:
    """Send a draft to the owner's nearest leader."""
    key_result = _lock(key_result)
    if not key_result.can_submit(by):
        raise PermissionDenied
    key_result.approval_state = State.PENDING
    key_result.approver = key_result.owner.nearest_leader()
    key_result.full_clean(exclude=["reporters"])  # e.g. no plan yet: it stays a draft
    key_result.save(update_fields=["approval_state", "approver", "updated_at"])
    event = _record(key_result, kind=ApprovalEvent.Kind.SUBMITTED, actor=by)
    submitted.send(sender=ApprovalEvent, event=event)
    return key_result


def record_sent_back(*, key_result: KeyResult, by: User, changes: list[dict], **_kwargs) -> None:
    """The key result's numbers changed after it was sent: the history says what changed."""
    event = _record(key_result, kind=ApprovalEvent.Kind.RESUBMITTED, actor=by, changes=changes)
    submitted.send(sender=ApprovalEvent, event=event)


def record_carried_over(*, key_result: KeyResult, by: User, **_kwargs) -> None:
    """A key result carried into a later period waits for the leader: the history says so."""
    event = _record(key_result, kind=ApprovalEvent.Kind.CARRIED_OVER, actor=by)
    submitted.send(sender=ApprovalEvent, event=event)


def record_dropped(*, key_result: KeyResult, by: User, **_kwargs) -> None:
    """A key result was dropped: the history keeps why (the reason is the event's comment)."""
    _record(key_result, kind=ApprovalEvent.Kind.DROPPED, actor=by, comment=key_result.drop_reason)


class ChangedSinceSeen(Exception):
    """The key result changed after the leader opened it: their decision is not taken."""

    def __init__(self, key_result: KeyResult, changes: list[dict[str, str]]) -> None:
        super().__init__(key_result.pk)
        self.key_result = key_result
        self.changes = changes


def changes_since(key_result: KeyResult, version: int) -> list[dict[str, str]]:
    """What changed in it after `version`: each field once, from what it was to what it is."""
    merged: dict[str, dict[str, str]] = {}
    for event in key_result.approval_events.filter(
        kind=ApprovalEvent.Kind.RESUBMITTED, version__gt=version
    ).order_by("created_at", "id"):
        for change in event.changes:
            merged.setdefault(change["field"], dict(change))["new"] = change["new"]
    return [change for change in merged.values() if change["old"] != change["new"]]


def _decidable(key_result: KeyResult, by: User, seen_version: int | None) -> KeyResult:
    key_result = _lock(key_result)
    if not key_result.can_be_decided_by(by):
        raise PermissionDenied
    if seen_version is not None and seen_version != key_result.version:
        raise ChangedSinceSeen(key_result, changes_since(key_result, seen_version))
    return key_result


@transaction.atomic
def approve(
    *, key_result: KeyResult, by: User, comment: str = "", seen_version: int | None = None
) -> KeyResult:
    """Approve the key result as the leader saw it (`seen_version`, from the decision form)."""
    key_result = _decidable(key_result, by, seen_version)
    key_result.approval_state = State.APPROVED
    # Its time line starts at its first approval (a re-approval after a change keeps it).
    key_result.approved_on = key_result.approved_on or timezone.localdate()
    key_result.save(update_fields=["approval_state", "approved_on", "updated_at"])
    event = _record(key_result, kind=ApprovalEvent.Kind.APPROVED, actor=by, comment=comment)
    decided.send(sender=ApprovalEvent, event=event)
    return key_result


@transaction.atomic
def request_changes(
    *, key_result: KeyResult, by: User, comment: str, seen_version: int | None = None
) -> KeyResult:
    """Send it back to its owner; the comment (required) says what should change."""
    key_result = _decidable(key_result, by, seen_version)
    event = _record(
        key_result, kind=ApprovalEvent.Kind.CHANGES_REQUESTED, actor=by, comment=comment.strip()
    )
    key_result.approval_state = State.CHANGES_REQUESTED
    key_result.save(update_fields=["approval_state", "updated_at"])
    decided.send(sender=ApprovalEvent, event=event)
    return key_result
