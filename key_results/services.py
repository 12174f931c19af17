"""Writing key results: edits of approved numbers go back to the leader."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import cast

from django.db import transaction
from django.db.models import Field
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from approvals.services import resubmit_after_change
from organisation.models import User

from .models import MEASURED_FIELDS, KeyResult
from .numbers import display_number


@transaction.atomic
def save_key_result(*, key_result: KeyResult, by: User, before: dict | None = None) -> KeyResult:
    """Save a new or edited key result; `before` holds the measured values as they were."""
    if key_result.kind == KeyResult.Kind.COUNT:
        key_result.baseline = 0
    if key_result.pk is None or not key_result.updates.exists():
        # Nothing measured yet: the current value is still where it started.
        key_result.current_value = key_result.baseline
    key_result.save()
    if before is None:
        return key_result
    changed = [field for field in MEASURED_FIELDS if before[field] != getattr(key_result, field)]
    if changed and key_result.approval_state in (
        KeyResult.ApprovalState.APPROVED,
        KeyResult.ApprovalState.PENDING,
    ):
        labels = {f: cast(Field, KeyResult._meta.get_field(f)).verbose_name for f in changed}
        description = "; ".join(
            _("%(field)s: %(old)s → %(new)s")
            % {
                "field": labels[f],
                "old": _readable(before[f]),
                "new": _readable(getattr(key_result, f)),
            }
            for f in changed
        )
        resubmit_after_change(key_result=key_result, by=by, changes=description)
    return key_result


def _readable(value) -> str:
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | int):
        return display_number(value)
    return str(value) or "—"


def measured_snapshot(key_result: KeyResult) -> dict:
    """The measured fields as they are now, to compare with after an edit."""
    return {field: getattr(key_result, field) for field in MEASURED_FIELDS}
