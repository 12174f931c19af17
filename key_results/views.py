from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from objectives.models import Objective
from okr_site.htmx_forms import (
    answers_repeats,
    initial_from_query,
    render_confirm,
    render_form,
    save_once,
    save_or_explain,
    saved_redirect,
    wants_save,
)
from okr_site.http import SignedInRequest
from organisation.models import User

from . import services
from .forms import CarryOverForm, DropForm, KeyResultForm, ScoreForm, WeightsForm
from .models import KeyResult
from .services import name_reporters, save_key_result, score_key_result, set_weights


@transaction.atomic
def _save(form: KeyResultForm, by: User) -> KeyResult:
    """The key result, then (when its owner is the one saving) who else may record on it."""
    key_result = save_key_result(key_result=form.save(commit=False), by=by)
    if form.names_reporters:
        name_reporters(
            key_result=key_result,
            by=by,
            reporters=form.cleaned_data["reporters"],
            open_to_everyone=form.cleaned_data["open_to_everyone"],
        )
    return key_result


@login_required
@require_http_methods(["GET", "POST"])
@answers_repeats
def key_result_create(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.visible_to(request.user).select_related("period"), pk=pk
    )
    if not objective.can_add_to(request.user):
        raise PermissionDenied
    form = KeyResultForm(
        request.POST or None,
        instance=KeyResult(objective=objective, owner=request.user),
        objective=objective,
        user=request.user,
        initial=initial_from_query(request, ["action"]),
    )
    if wants_save(request) and form.is_valid():
        saved = save_once(
            request, form, lambda: _save(form, request.user), KeyResult.get_absolute_url
        )
        if saved is not None:
            messages.success(
                request,
                _("Key result drafted. Send it for approval when the measurement plan is set."),
            )
            return saved_redirect(request, saved.get_absolute_url())
    return render_form(
        request, "key_results/key_result_form.html", {"form": form, "objective": objective}
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_result_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related(
            "objective__period", "objective__team", "owner"
        ),
        pk=pk,
    )
    if not key_result.can_edit(request.user):
        raise PermissionDenied
    sent, version = not key_result.is_being_written, key_result.version
    form = KeyResultForm(
        request.POST or None,
        instance=key_result,
        objective=key_result.objective,
        user=request.user,
    )
    if wants_save(request) and form.is_valid():
        saved = save_or_explain(form, lambda: _save(form, request.user))
        if saved is not None:
            if sent and saved.is_pending and saved.version > version:
                messages.info(
                    request, _("The numbers changed, so it went back to your leader for approval.")
                )
            else:
                messages.success(request, _("Key result saved."))
            return saved_redirect(request, saved.get_absolute_url())
    return render_form(
        request,
        "key_results/key_result_form.html",
        {"form": form, "objective": key_result.objective, "key_result": key_result},
    )


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: SignedInRequest, pk: int) -> HttpResponse:
    """How much each key result and smaller objective counts in an objective's progress."""
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_edit(request.user):
        raise PermissionDenied
    form = WeightsForm(
        request.POST or None,
        key_results=objective.key_results.order_by("created_at"),
        children=objective.children.visible_to(request.user).order_by("title"),
    )
    if request.method == "POST" and form.is_valid():
        key_results, children = form.weights()
        save_or_explain(
            form,
            lambda: set_weights(
                objective=objective, by=request.user, key_results=key_results, children=children
            ),
        )
        if not form.errors:
            messages.success(request, _("Weights saved."))
            return saved_redirect(request, objective.get_absolute_url())
    return render(request, "key_results/weights.html", {"objective": objective, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def score(request: SignedInRequest, pk: int) -> HttpResponse:
    """Score a key result at the end: its progress proposes, its owner decides with a reason."""
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related("objective__period", "owner"),
        pk=pk,
    )
    if not key_result.can_score(request.user):
        raise PermissionDenied
    initial = {"score": key_result.score if key_result.is_scored else key_result.suggested_score()}
    form = ScoreForm(request.POST or None, initial={**initial, "reason": key_result.score_reason})
    if wants_save(request) and form.is_valid():
        saved = save_or_explain(
            form,
            lambda: score_key_result(
                key_result=key_result,
                by=request.user,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Key result scored."))
            return saved_redirect(request, saved.get_absolute_url())
    return render_form(
        request,
        "key_results/score.html",
        {
            "form": form,
            "key_result": key_result,
            "objective": key_result.objective,
            "proposed": key_result.suggested_score(),
            "opens_on": key_result.scoring_opens_on(),
            "is_open": key_result.is_open_for_scoring(),
        },
    )


def _key_result(request: SignedInRequest, pk: int) -> KeyResult:
    """A key result the person may read, with what its pages and rules read."""
    return get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related(
            "objective__period", "objective__team", "owner", "action", "continued_by"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_result_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Delete a draft key result (never sent, never measured), after a confirmation step."""
    key_result = _key_result(request, pk)
    if not key_result.can_delete(request.user):
        raise PermissionDenied
    back = key_result.objective.get_absolute_url()
    if request.method == "POST":
        try:
            services.delete_key_result(key_result=key_result, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return saved_redirect(request, key_result.get_absolute_url())
        messages.success(request, _("Deleted “%(title)s”.") % {"title": key_result})
        return saved_redirect(request, f"{back}#key-results")
    return render_confirm(
        request,
        {
            "title": _("Delete the draft key result"),
            "question": _("Delete “%(title)s”? This cannot be undone.") % {"title": key_result},
            "button": _("Delete"),
            "danger": True,
            "cancel_url": key_result.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def drop(request: SignedInRequest, pk: int) -> HttpResponse:
    """Drop a key result that was sent for approval, saying why; it stays in the history."""
    key_result = _key_result(request, pk)
    if key_result.is_dropped and request.method == "POST":
        # Dropped meanwhile (a second click, another tab): say so instead of a 403; nothing changes.
        messages.info(request, _("It was dropped already."))
        return saved_redirect(request, key_result.get_absolute_url())
    if not key_result.can_drop(request.user):
        raise PermissionDenied
    form = DropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        dropped = save_or_explain(
            form,
            lambda: services.drop_key_result(key_result=key_result, by=request.user, reason=reason),
        )
        if dropped is not None:
            messages.success(request, _("Dropped. It stays in the history with your reason."))
            return saved_redirect(request, dropped.get_absolute_url())
    return render_confirm(
        request,
        {
            "title": _("Drop the key result"),
            "question": _("Drop “%(title)s”?") % {"title": key_result},
            "consequences": [
                _("It stays, with its history and your reason, but no longer counts in progress."),
                _("The feed tells the organisation that it was dropped, and why."),
            ],
            "form": form,
            "button": _("Drop it"),
            "danger": True,
            "cancel_url": key_result.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def carry_over(request: SignedInRequest, pk: int) -> HttpResponse:
    """Carry an unfinished key result into a later period, from where it stands now."""
    key_result = _key_result(request, pk)
    if not key_result.can_edit(request.user):
        raise PermissionDenied
    form = CarryOverForm(request.POST or None, source=key_result.objective.period)
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        carried = save_or_explain(
            form,
            lambda: services.carry_over(key_result=key_result, by=request.user, period=period),
        )
        if carried is not None:
            messages.success(request, _carried_note(carried))
            return saved_redirect(request, carried.get_absolute_url())
    return render_confirm(
        request,
        {
            "title": _("Carry over into a later period"),
            "question": _("Carry “%(title)s” on in a later period?") % {"title": key_result},
            "consequences": [
                _("A new key result starts where this one stands now, with the same target.")
                if not key_result.is_count
                else _("A new count starts at zero, with what is left to count as its target."),
                _("Its deadline moves to the same place in the new period."),
                _("It goes to your leader for approval again; this one stays as it is, linked."),
            ],
            "form": form,
            "button": _("Carry over"),
            "cancel_url": key_result.get_absolute_url(),
        },
    )


def _carried_note(carried: KeyResult) -> str:
    if carried.is_pending:
        return _("Carried over into %(period)s and sent for approval.") % {
            "period": carried.objective.period
        }
    return _("Carried over into %(period)s as a draft.") % {"period": carried.objective.period}


@login_required
@require_http_methods(["GET", "POST"])
def carry_over_objective(request: SignedInRequest, pk: int) -> HttpResponse:
    """Carry an objective into a later period with its open actions and unfinished key results."""
    objective = get_object_or_404(
        Objective.objects.visible_to(request.user).select_related("period"), pk=pk
    )
    if not objective.can_carry_over(request.user):
        raise PermissionDenied
    form = CarryOverForm(request.POST or None, source=objective.period)
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        continued = save_or_explain(
            form,
            lambda: services.carry_over_objective(
                objective=objective, by=request.user, period=period
            ),
        )
        if continued is not None:
            messages.success(
                request,
                _("Carried over into %(period)s. Key results that were sent go for approval again.")
                % {"period": continued.period},
            )
            return saved_redirect(request, continued.get_absolute_url())
    return render_confirm(
        request,
        {
            "title": _("Carry over into a later period"),
            "question": _("Carry “%(title)s” on in a later period?") % {"title": objective},
            "consequences": [
                _("Its open actions and unfinished key results go along, each linked to this one."),
                _(
                    "Each key result starts where it stands now; its deadline moves to the same "
                    "place in the new period, and one that was sent goes for approval again."
                ),
                _("Finished and dropped key results, and done actions, stay here."),
            ],
            "form": form,
            "button": _("Carry over"),
            "cancel_url": objective.get_absolute_url(),
        },
    )
