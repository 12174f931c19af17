from typing import cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from okr_site.htmx_forms import SubmittedOnce
from organisation.models import Team, User

from .models import Action, Objective, Period, Retrospective


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Objective) -> str:
        return f"{obj.title} ({obj.team}, {obj.period})"


class ObjectiveForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "team", "period", "parent"]
        field_classes = {"parent": ParentChoiceField}
        widgets = {
            "title": forms.TextInput(attrs={"autofocus": True, "maxlength": 200}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": _("A clear, qualitative goal, e.g. “Happier customers”. No numbers here."),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.sees_everything:
            teams = Team.objects.all()
        else:
            # The team it already has stays a choice, so an edit never drops it.
            teams = Team.objects.filter(
                Q(pk=user.team_id) | Q(pk__in=user.led_team_ids) | Q(pk=self.instance.team_id)
            )
        cast(forms.ModelChoiceField, self.fields["team"]).queryset = teams
        self.fields["team"].help_text = _(
            "Your own team, or a team you lead when you set an objective for it."
        )
        cast(forms.ModelChoiceField, self.fields["period"]).queryset = Period.objects.all()
        if self.instance.pk:
            self.fields["period"].help_text = _(
                "Moved to another period, its key results' deadlines move to the same place in "
                "that period; approved ones go back to the leader for approval."
            )
        self._offer_parents(user)
        if not self.instance.pk:
            # self.initial already holds None for these (from the unsaved instance), which
            # would hide a field's own initial value.
            self.initial["period"] = self.initial.get("period") or Period.objects.current().pk
            self.initial["team"] = self.initial.get("team") or user.team_id

    def _offer_parents(self, user: User) -> None:
        """Any objective the person may read can be the bigger one this breaks down."""
        field = cast(ParentChoiceField, self.fields["parent"])
        current = self.instance.parent if self.instance.parent_id else None
        if current is not None and not current.is_readable_by(user):
            # Part of a draft this person may not see: it stays, and its title stays hidden.
            field.disabled = True
            field.widget = forms.HiddenInput()
            field.help_text = _("Part of an objective that is not shared with you; it stays so.")
            field.queryset = Objective.objects.filter(pk=current.pk)
            return
        readable = Objective.objects.visible_to(user)
        parents = readable.not_archived()
        if current is not None:
            parents = parents | readable.filter(pk=current.pk)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        field.queryset = parents.select_related("team", "period").order_by(
            "-period__start", "team__name", "title"
        )


class ActionForm(SubmittedOnce, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["title", "description"]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"title": _("What you will do to move the objective.")}


class StatusForm(forms.Form):
    """The new status of an objective or an action, from the choices the model offers."""

    status = forms.ChoiceField(choices=())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = choices


class RetrospectiveForm(forms.ModelForm):
    """The three questions an objective is closed with."""

    class Meta:
        model = Retrospective
        fields = ["worked", "did_not_work", "carry_on"]
        widgets = {
            "worked": forms.Textarea(attrs={"rows": 4}),
            "did_not_work": forms.Textarea(attrs={"rows": 4}),
            "carry_on": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "worked": _("What worked?"),
            "did_not_work": _("What did not work at all?"),
            "carry_on": _("What do we carry on with?"),
        }
        help_texts = {
            "did_not_work": _("Say it plainly: others learn most from what did nothing."),
            "carry_on": _("Into the next period: what stays, what you will try next."),
        }
