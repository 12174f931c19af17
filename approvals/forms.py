from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from key_results.models import KeyResult


class DecisionForm(forms.Form):
    """A leader's decision on a key result; the rules of deciding live in approvals.services."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"

    # Carried by the two submit buttons; the template renders only the comment.
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REQUEST_CHANGES, _("Request changes"))]
    )
    # The version of the key result the leader saw; a decision on an older one is refused.
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you ask for changes: say what should change."),
    )

    def __init__(self, *args: Any, key_result: KeyResult, **kwargs: Any) -> None:
        # Several decisions share the inbox page: ids carry the key result's.
        kwargs["auto_id"] = f"id_decision_{key_result.pk}_%s"
        kwargs.setdefault("initial", {})["version"] = key_result.version
        super().__init__(*args, **kwargs)
