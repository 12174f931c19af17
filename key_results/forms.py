from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective, Period
from okr_site.htmx_forms import SubmittedOnce
from organisation.models import User

from .models import KeyResult
from .typed_numbers import TypedNumberField


class KeyResultForm(SubmittedOnce, forms.ModelForm):
    # Who else records values is the owner's to say (KeyResult.can_name_reporters): these two
    # are offered only to the owner and saved by services.name_reporters, not with the row.
    reporters = forms.ModelMultipleChoiceField(
        label=_("May also record values"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_(
            "Teammates who may record values besides you. Hold Ctrl (⌘ on a Mac) to choose several."
        ),
    )
    open_to_everyone = forms.BooleanField(
        label=_("Anyone in the organisation may log an event"),
        required=False,
        help_text=_(
            "For a count: anyone logs an event in one click from the feed, e.g. “a colleague "
            "praised our work unprompted”."
        ),
    )

    class Meta:
        model = KeyResult
        fields = [
            "title",
            "action",
            "kind",
            "unit",
            "baseline",
            "target",
            "deadline",
            "measurement_plan",
        ]
        localized_fields = ["baseline", "target"]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "kind": forms.RadioSelect,
            "baseline": forms.TextInput(attrs={"inputmode": "decimal"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal"}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "measurement_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, objective: Objective, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        cast(forms.ModelChoiceField, self.fields["action"]).queryset = objective.actions.all()
        if not self.instance.can_name_reporters(user):
            del self.fields["reporters"], self.fields["open_to_everyone"]
        else:
            # Someone from the objective's team (or its leader) may be named to record values.
            cast(forms.ModelMultipleChoiceField, self.fields["reporters"]).queryset = (
                User.objects.filter(Q(team=objective.team_id) | Q(led_teams=objective.team_id))
                .exclude(pk=self.instance.owner_id)
                .distinct()
            )
            if self.instance.pk:
                self.initial["reporters"] = list(self.instance.reporters.all())
                self.initial["open_to_everyone"] = self.instance.open_to_everyone
        if not self.instance.pk:
            # self.initial already holds None from the unsaved instance; a field initial is hidden.
            self.initial["deadline"] = self.initial.get("deadline") or objective.period.end

    @property
    def names_reporters(self) -> bool:
        return "reporters" in self.fields


class WeightsForm(forms.Form):
    """How much each key result and each smaller objective counts in an objective's progress."""

    def __init__(self, *args, key_results, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_results, self.children = list(key_results), list(children)
        for key_result in self.key_results:
            self.fields[f"kr-{key_result.pk}"] = self._weight(key_result.title, key_result.weight)
        for child in self.children:
            self.fields[f"objective-{child.pk}"] = self._weight(child.title, child.weight)

    @staticmethod
    def _weight(label: str, initial: int) -> forms.IntegerField:
        return forms.IntegerField(
            label=label,
            initial=initial,
            min_value=0,
            max_value=100,
            widget=forms.NumberInput(attrs={"class": "weight"}),
        )

    def weights(self) -> tuple[dict[int, int], dict[int, int]]:
        """The chosen weights: of key results by id, and of smaller objectives by id."""
        data = self.cleaned_data
        return (
            {kr.pk: data[f"kr-{kr.pk}"] for kr in self.key_results},
            {child.pk: data[f"objective-{child.pk}"] for child in self.children},
        )


class ScoreForm(forms.Form):
    """A key result's score at the end, typed the way the reader's language writes it."""

    score = TypedNumberField(
        label=_("Score"), help_text=_("From 0 to 1, e.g. 0.7: 1 means the target was reached.")
    )
    reason = forms.CharField(
        label=_("Why it differs from the proposed score"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when your score differs from the one its progress proposes."),
    )


class DropForm(forms.Form):
    """Why a key result is given up; the history and the feed keep it."""

    reason = forms.CharField(
        label=_("Why is it dropped?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “The survey was stopped” or “It measured the wrong thing”."),
        error_messages={"required": _("Say why it is dropped, so the history tells.")},
    )


class CarryOverForm(forms.Form):
    """The later period to carry into: those that have not ended, the next one first."""

    period = forms.ModelChoiceField(
        label=_("Carry over into"),
        queryset=Period.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a period after this one that has not ended.")},
    )

    def __init__(self, *args, source: Period, **kwargs):
        super().__init__(*args, **kwargs)
        # Every period is accepted here, so a past or earlier one gets the service's own words.
        field = cast(forms.ModelChoiceField, self.fields["period"])
        field.queryset = Period.objects.all()
        self.choices = list(Period.objects.to_carry_into(source))
        field.choices = [(period.pk, str(period)) for period in self.choices]
        if self.choices:
            self.initial["period"] = self.choices[0].pk
