"""The approval history of key results: every submission and decision, with its numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import cast

import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Field, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from key_results.models import KeyResult
from key_results.numbers import display_number


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Sent for approval")
    RESUBMITTED = "resubmitted", _("Changed after approval, sent again")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    CARRIED_OVER = "carried_over", _("Carried over from an earlier period, sent for approval")
    DROPPED = "dropped", _("Dropped")


DECISIONS = (EventKind.APPROVED, EventKind.CHANGES_REQUESTED)
# The steps that send a key result to a leader, who is named on them.
SUBMISSIONS = (EventKind.SUBMITTED, EventKind.RESUBMITTED, EventKind.CARRIED_OVER)


class ApprovalEvent(models.Model):
    Kind = EventKind
    DECISIONS = DECISIONS

    # History is never deleted with what it is about: a key result with history stays.
    key_result = models.ForeignKey(
        "key_results.KeyResult",
        verbose_name=_("key result"),
        on_delete=models.PROTECT,
        related_name="approval_events",
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="approval_events",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    # What changed, for a resubmission: [{"field", "old", "new"}] in language-neutral text, so
    # each reader sees it in their own language (KeyResult.changes_since).
    changes = models.JSONField(_("what changed"), default=list, blank=True)
    values = models.JSONField(_("values at that moment"), default=dict)
    # The key result's version this step was taken on (KeyResult.version).
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EventKind.CHANGES_REQUESTED) | ~Q(comment=""),
                name="approval_changes_requested_has_comment",
                violation_error_message=_("Say what should change, so the owner knows what to do."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="approval_event_kind_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind=EventKind.DROPPED) | ~Q(comment=""),
                name="approval_dropped_says_why",
                violation_error_message=_("Say why it is dropped."),
            ),
        ]
        triggers = [
            # Nobody decides on their own key result (PostgreSQL; KeyResult.can_be_decided_by).
            pgtrigger.Trigger(
                name="approval_not_by_the_owner",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                condition=pgtrigger.Q(new__kind__in=[kind.value for kind in DECISIONS]),
                func="""
                IF EXISTS (
                    SELECT 1 FROM key_results_keyresult k
                    WHERE k.id = NEW.key_result_id AND k.owner_id = NEW.actor_id
                ) THEN
                    RAISE EXCEPTION USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'approval_not_by_the_owner',
                        MESSAGE = 'Nobody decides on their own key result.';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key_result_id}"

    def clean(self) -> None:
        if self.kind == EventKind.CHANGES_REQUESTED and not self.comment.strip():
            raise ValidationError(
                {"comment": _("Say what should change, so the owner knows what to do.")}
            )

    @property
    def is_decision(self) -> bool:
        return self.kind in self.DECISIONS

    @property
    def is_approval(self) -> bool:
        return self.kind == EventKind.APPROVED

    @property
    def is_drop(self) -> bool:
        return self.kind == EventKind.DROPPED

    @property
    def is_submission(self) -> bool:
        return self.kind in SUBMISSIONS

    @property
    def deadline_then(self) -> datetime.date | None:
        """The key result's deadline when this happened (kept as text in `values`)."""
        raw = self.values.get("deadline")
        return datetime.date.fromisoformat(raw) if raw else None

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) for each change, in the active language."""
        return readable_changes(self.changes)


def readable_changes(changes: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """(field label, old, new) for each change (KeyResult.changes_to), in the active language."""
    return [
        (
            str(cast(Field, KeyResult._meta.get_field(change["field"])).verbose_name),
            _readable(change["field"], change["old"]),
            _readable(change["field"], change["new"]),
        )
        for change in changes
    ]


def _readable(field: str, text: str) -> str:
    if not text:
        return "—"
    if field == "deadline":
        return date_format(datetime.date.fromisoformat(text), "SHORT_DATE_FORMAT")
    if field == "kind":
        return str(KeyResult.Kind(text).label) if text in KeyResult.Kind.values else text
    if field in ("baseline", "target"):
        try:
            return display_number(Decimal(text))
        except InvalidOperation:
            return text
    return text
