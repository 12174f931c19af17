"""Sending key results for approval and deciding on them; each step is kept in the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from key_results.models import KeyResult
from organisation.models import User

from .models import ApprovalEvent
from .signals import decided

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
    _record(key_result, kind=ApprovalEvent.Kind.SUBMITTED, actor=by)
    return key_result


def record_sent_back(*, key_result: KeyResult, by: User, changes: list[dict], **_kwargs) -> None:
    """The key result's numbers changed after it was sent: the history says what changed."""
    _record(key_result, kind=ApprovalEvent.Kind.RESUBMITTED, actor=by, changes=changes)


@transaction.atomic
def approve(*, key_result: KeyResult, by: User, comment: str = "") -> KeyResult:
    key_result = _lock(key_result)
    if not key_result.can_be_decided_by(by):
        raise PermissionDenied
    key_result.approval_state = State.APPROVED
    key_result.save(update_fields=["approval_state", "updated_at"])
    event = _record(key_result, kind=ApprovalEvent.Kind.APPROVED, actor=by, comment=comment)
    decided.send(sender=ApprovalEvent, event=event)
    return key_result


@transaction.atomic
def request_changes(*, key_result: KeyResult, by: User, comment: str) -> KeyResult:
    """Send it back to its owner; the comment (required) says what should change."""
    key_result = _lock(key_result)
    if not key_result.can_be_decided_by(by):
        raise PermissionDenied
    event = _record(
        key_result, kind=ApprovalEvent.Kind.CHANGES_REQUESTED, actor=by, comment=comment.strip()
    )
    key_result.approval_state = State.CHANGES_REQUESTED
    key_result.save(update_fields=["approval_state", "updated_at"])
    decided.send(sender=ApprovalEvent, event=event)
    return key_result
