from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from objectives.models import Objective
from organisation.models import User

from .models import KeyResult


class KeyResultForm(forms.ModelForm):
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
            "reporters",
        ]
        localized_fields = ["baseline", "target"]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "kind": forms.RadioSelect,
            "baseline": forms.TextInput(attrs={"inputmode": "decimal"}),
            "target": forms.TextInput(attrs={"inputmode": "decimal"}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "measurement_plan": forms.Textarea(attrs={"rows": 3}),
            "reporters": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, objective: Objective, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        cast(forms.ModelChoiceField, self.fields["action"]).queryset = objective.actions.all()
        # Someone from the objective's team (or its leader) may be named to record values.
        cast(forms.ModelChoiceField, self.fields["reporters"]).queryset = (
            User.objects.filter(Q(team=objective.team_id) | Q(led_teams=objective.team_id))
            .exclude(pk=self.instance.owner_id)
            .distinct()
        )
        self.fields["reporters"].help_text = _(
            "Teammates who may record values besides you. Hold Ctrl (⌘ on a Mac) to choose several."
        )
        if not self.instance.pk:
            # self.initial already holds None from the unsaved instance; a field initial is hidden.
            self.initial["deadline"] = self.initial.get("deadline") or objective.period.end
