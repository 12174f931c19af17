from typing import cast

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from key_results.status import Confidence
from objectives.models import Action
from okr_site.htmx_forms import SubmittedOnce
from organisation.models import User
from organisation.tree import team_tree

from .models import EmailChoice, NotificationKind, NotificationSettings, Update

SHARED_KINDS = [
    (Update.Kind.PROGRESS, _("Progress: something moved")),
    (Update.Kind.SETBACK, _("Setback: it did not work (yet)")),
]


class _UpdateForm(SubmittedOnce, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=SHARED_KINDS,
        initial=Update.Kind.PROGRESS,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learning = forms.CharField(
        label=_("Learning"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What worked, or what did not work at all, so others can learn."),
    )
    happened_on = forms.DateField(
        label=_("When"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()


class _RecordForm(_UpdateForm):
    """Recording on a key result: what happened, and how sure one is of reaching the target."""

    confidence = forms.ChoiceField(
        label=_("How confident are you of reaching the target?"),
        choices=[("", _("I won't say")), *Confidence.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Your own judgement, shown beside where the numbers say it stands."),
    )


class MeasurementForm(_RecordForm):
    value = forms.DecimalField(
        label=_("Measured value"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autofocus": True}),
    )
    field_order = ["value", "happened_on", "kind", "text", "learning", "confidence"]


class EventForm(_RecordForm):
    events = forms.IntegerField(
        label=_("How many"),
        max_value=10000,
        initial=1,
        help_text=_("Usually one: log each event as it happens."),
    )
    field_order = ["text", "happened_on", "events", "kind", "learning", "confidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["autofocus"] = True


class NoteForm(_UpdateForm):
    action = forms.ModelChoiceField(
        label=_("About the action"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("The objective"),
    )
    field_order = ["kind", "text", "learning", "action", "happened_on"]

    def __init__(self, *args, objective, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["action"]).queryset = objective.actions.all()


class QuickEventForm(SubmittedOnce, forms.Form):
    """One click on a count open to everyone, with a word on what happened if one likes."""

    text = forms.CharField(
        label=_("What happened (optional)"),
        required=False,
        max_length=4000,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Lars praised our work")}),
    )


class CommentForm(SubmittedOnce, forms.Form):
    # Shown as one line under each feed entry: the label is there for screen readers only.
    compact = True

    text = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": _("Write a comment…")}),
        error_messages={"required": _("Write a comment first.")},
    )

    def __init__(self, *args, update_id: int, **kwargs):
        # One form per feed entry on the page: the ids carry the entry's.
        kwargs["auto_id"] = f"id_comment_{update_id}_%s"
        super().__init__(*args, **kwargs)


class FeedFilterForm(forms.Form):
    KIND_CHOICES = [
        ("", _("Everything")),
        (Update.Kind.PROGRESS, _("Progress")),
        (Update.Kind.SETBACK, _("Setbacks")),
        (Update.LEARNING, _("Learnings")),
        (Update.Kind.APPROVAL, _("Approvals")),
        (Update.Kind.ACTION_DONE, _("Actions done")),
        (Update.Kind.RETROSPECTIVE, _("Retrospectives")),
        (Update.Kind.DROPPED, _("Dropped key results")),
    ]
    # The cached team tree, not a query: every visit to the feed shows these choices.
    team = forms.TypedChoiceField(
        label=_("Team"),
        choices=lambda: [("", _("All teams")), *team_tree().choices()],
        coerce=int,
        required=False,
        empty_value=None,
    )
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.all(), required=False, widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)

    def valid_params(self) -> QueryDict:
        """The filters that were valid, as a query for links; the bad ones are left out."""
        params = QueryDict(mutable=True)
        if self.is_bound:
            for name in ("team", "person", "kind"):
                if self.data.get(name) and not self.has_error(name):
                    params[name] = self.data[name]
        return params


class NotificationSettingsForm(forms.Form):
    """How a person wants each kind of notification by email, and the weekly digest."""

    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly digest"),
        required=False,
        help_text=_(
            "Every Monday: the week's progress, setbacks and learnings of your teams and the "
            "objectives you follow."
        ),
    )

    def __init__(self, *args, chosen: NotificationSettings, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[f"email-{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=EmailChoice.choices, initial=chosen.choice(kind)
            )
        self.fields["weekly_digest"].initial = chosen.weekly_digest
        self.order_fields([*(f"email-{kind.value}" for kind in NotificationKind), "weekly_digest"])

    def clean(self):
        cleaned = super().clean() or {}
        known = {f"email-{kind.value}" for kind in NotificationKind}
        unknown = sorted(
            key.removeprefix("email-")
            for key in self.data
            if key.startswith("email-") and key not in known
        )
        if unknown:
            raise forms.ValidationError(
                _("There is no kind of notification called %(kinds)s.")
                % {"kinds": ", ".join(unknown)}
            )
        return cleaned

    def choices(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[f"email-{kind.value}"] for kind in NotificationKind}
