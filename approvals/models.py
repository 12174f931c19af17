"""The approval history of key results: every submission and decision, with its numbers."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Sent for approval")
        RESUBMITTED = "resubmitted", _("Changed after approval, sent again")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    key_result = models.ForeignKey(
        "key_results.KeyResult",
        verbose_name=_("key result"),
        on_delete=models.CASCADE,
        related_name="approval_events",
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
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
    values = models.JSONField(_("values at that moment"), default=dict)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("approval event")
        verbose_name_plural = _("approval events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key_result_id}"

    @property
    def deadline_then(self) -> datetime.date | None:
        """The key result's deadline when this happened (kept as text in `values`)."""
        raw = self.values.get("deadline")
        return datetime.date.fromisoformat(raw) if raw else None
