import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from objectives.coaching import Hint
from objectives.models import Objective, Period
from okr_site.htmx_forms import SubmittedOnce
from organisation.models import User

from . import coaching
from .models import KeyResult
from .numbers import display_number
from .plain_words import Understood, understand
from .rates import Per
from .typed_numbers import TypedNumberField, take_typed_units

DEADLINE_PASSED = _(
    "That day has passed already: choose a deadline from today on, so there is time to reach it."
)


def _model_field(name: str) -> dict[str, Any]:
    """The label and help of a KeyResult field, for a form field declared here."""
    field = cast(models.Field, KeyResult._meta.get_field(name))
    return {"label": capfirst(field.verbose_name), "help_text": field.help_text}


class KeyResultForm(SubmittedOnce, forms.ModelForm):
    # Shows coaching as the person types (includes/coaching.html).
    coaches = True

    # Not saved: the key result in the person's own words, read into the fields below as
    # they type (the view's ?understand=1 answer), where they can still correct it.
    sentence = forms.CharField(
        label=_("Write it in your own words"),
        required=False,
        max_length=500,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "autocomplete": "off",
                "hx-post": "?understand=1",
                "hx-trigger": "input changed delay:500ms",
                "hx-include": "closest form",
                "hx-swap": "none",
                "hx-sync": "closest form:queue last",
            }
        ),
        help_text=_(
            "E.g. “Customer satisfaction from 3.0 to 3.5 by the end of March” or “Twice a week a "
            "colleague praises our work unprompted”: the fields below fill in as you type."
        ),
    )
    baseline = TypedNumberField(required=False, unit_field="unit", **_model_field("baseline"))
    target = TypedNumberField(
        unit_field="unit",
        error_messages={"required": coaching.NO_NUMBER},
        **_model_field("target"),
    )
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
            "For a count or a rate: anyone logs an event in one click from the feed, e.g. “a "
            "colleague praised our work unprompted”."
        ),
    )

    class Meta:
        model = KeyResult
        fields = [
            "title",
            "action",
            "kind",
            "per",
            "unit",
            "baseline",
            "target",
            "deadline",
            "measurement_plan",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "kind": forms.RadioSelect,
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "measurement_plan": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"deadline": {"required": coaching.NO_DEADLINE}}

    field_order = ["sentence"]

    def __init__(self, *args, objective: Objective, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective
        self.instance.objective = objective
        per = cast(forms.ChoiceField, self.fields["per"])
        per.choices = [("", _("Not a rate")), *Per.choices]
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

    def clean_deadline(self) -> datetime.date | None:
        deadline = self.cleaned_data.get("deadline")
        if (
            deadline is not None
            and self.instance.pk is None
            and deadline < timezone.localdate()
            # Outside the period, the model's message names the period: more to go on.
            and self.objective.period.contains(deadline)
        ):
            raise forms.ValidationError(DEADLINE_PASSED, code="deadline_passed")
        return deadline

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        take_typed_units(self)
        # The model is checked (ModelForm._post_clean) after this: the unit moved here is saved.
        return cleaned

    def hints(self) -> list[Hint]:
        """Coaching that does not block: an activity rather than an effect, too many key
        results on the objective, a target that is reached already."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 - cleans the form once, so cleaned_data is there
        data = self.cleaned_data
        others = self.objective.key_results.exclude(pk=self.instance.pk).count()
        hints = coaching.coach_key_result(
            title=data.get("title") or self.data.get("title", ""),
            kind=data.get("kind"),
            baseline=_decimal_or_none(data.get("baseline")),
            target=_decimal_or_none(data.get("target")),
            current_value=self.instance.current_value if self.instance.pk else None,
            deadline=data.get("deadline"),
            other_key_results=others,
            language=get_language() or "en",
        )
        return [hint for hint in hints if not hint.blocking]

    def understood(self, sentence: str) -> Understood:
        """`sentence` read in the person's language, against the objective's period."""
        period = self.objective.period
        return understand(
            sentence,
            language=get_language() or "en",
            today=timezone.localdate(),
            period_start=period.start,
            period_end=period.end,
        )


def _decimal_or_none(value: Any) -> Decimal | None:
    return Decimal(value) if isinstance(value, Decimal) else None


def filled_from(data: QueryDict, understood: Understood) -> tuple[QueryDict, list[str]]:
    """The posted `data` with the fields `understood` could read filled in (as the person would
    type them in the active language), and the names of those fields; the rest stay as typed."""
    filled: dict[str, Any] = {}
    cleared: dict[str, Any] = {}
    if understood.title:
        filled["title"] = understood.title
    if understood.kind is not None:
        filled["kind"] = understood.kind
        filled["per"] = understood.rate_per or ""
        if understood.kind != KeyResult.Kind.CHANGE:
            cleared["baseline"] = ""  # a count or a rate starts at zero
    if understood.baseline is not None and understood.kind == KeyResult.Kind.CHANGE:
        filled["baseline"] = display_number(understood.baseline)
    if understood.target is not None:
        filled["target"] = display_number(understood.target)
    if understood.unit:
        filled["unit"] = understood.unit
    if understood.deadline is not None:
        filled["deadline"] = understood.deadline.isoformat()
    posted = data.copy()
    for name, value in {**cleared, **filled}.items():
        posted[name] = value
    return posted, list(filled)


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
