"""Sending key results for approval and deciding on them; each step is kept in the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from key_results.models import KeyResult
from organisation.models import User
from progress.services import post_approval_decision

from .models import ApprovalEvent

State = KeyResult.ApprovalState


def _lock(key_result: KeyResult) -> KeyResult:
    # Two leaders (or a leader and an owner) acting at once: the second waits and sees the first.
    return KeyResult.objects.select_for_update().get(pk=key_result.pk)


def _record(key_result: KeyResult, *, kind: str, actor: User, comment: str = "") -> ApprovalEvent:
    return ApprovalEvent.objects.create(
        key_result=key_result,
        kind=kind,
        actor=actor,
        approver=key_result.approver,
        comment=comment,
        values=key_result.measured_values(),
    )


@transaction.atomic
def submit_for_approval(*, key_result: KeyResult, by: User) -> KeyResult:
    """Send a draft to the owner's nearest leader."""
    key_result = _lock(key_result)
    if not key_result.can_submit(by):
        raise PermissionDenied
    if not key_result.measurement_plan.strip():
        raise ValidationError(
            {
                "measurement_plan": _(
                    "Describe how and how often it will be measured before sending it for approval."
                )
            }
        )
    key_result.approval_state = State.PENDING
    key_result.approver = key_result.owner.nearest_leader()
    key_result.save(update_fields=["approval_state", "approver", "updated_at"])
    _record(key_result, kind=ApprovalEvent.Kind.SUBMITTED, actor=by)
    return key_result


@transaction.atomic
def resubmit_after_change(*, key_result: KeyResult, by: User, changes: str) -> KeyResult:
    """An approved key result whose numbers changed goes back to the leader."""
    key_result.approval_state = State.PENDING
    key_result.approver = key_result.owner.nearest_leader()
    key_result.save(update_fields=["approval_state", "approver", "updated_at"])
    _record(key_result, kind=ApprovalEvent.Kind.RESUBMITTED, actor=by, comment=changes)
    return key_result


@transaction.atomic
def approve(*, key_result: KeyResult, by: User, comment: str = "") -> KeyResult:
    key_result = _lock(key_result)
    if not key_result.can_be_decided_by(by):
        raise PermissionDenied
    key_result.approval_state = State.APPROVED
    key_result.save(update_fields=["approval_state", "updated_at"])
    event = _record(key_result, kind=ApprovalEvent.Kind.APPROVED, actor=by, comment=comment)
    post_approval_decision(event)
    return key_result


@transaction.atomic
def request_changes(*, key_result: KeyResult, by: User, comment: str) -> KeyResult:
    key_result = _lock(key_result)
    if not key_result.can_be_decided_by(by):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say what should change, so the owner knows what to do.")}
        )
    key_result.approval_state = State.CHANGES_REQUESTED
    key_result.save(update_fields=["approval_state", "updated_at"])
    event = _record(
        key_result, kind=ApprovalEvent.Kind.CHANGES_REQUESTED, actor=by, comment=comment
    )
    post_approval_decision(event)
    return key_result
