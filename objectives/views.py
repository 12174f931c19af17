from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

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

from .forms import ActionForm, ObjectiveForm, RetrospectiveForm, StatusForm
from .models import Action, Objective, Retrospective
from .services import (
    change_action_status,
    close_objective,
    delete_action,
    delete_objective,
    save_objective,
)


@login_required
@require_http_methods(["GET", "POST"])
@answers_repeats
def objective_create(request: SignedInRequest) -> HttpResponse:
    form = ObjectiveForm(
        request.POST or None,
        instance=Objective(owner=request.user),
        user=request.user,
        initial=initial_from_query(request, ["parent"]),
    )
    if wants_save(request) and form.is_valid():
        objective = save_once(request, form, form.save, Objective.get_absolute_url)
        if objective is not None:
            messages.success(
                request, _("Objective created. Now propose the actions that will move it.")
            )
            return saved_redirect(request, objective.get_absolute_url())
    return render_form(request, "objectives/objective_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_edit(request.user):
        raise PermissionDenied
    form = ObjectiveForm(request.POST or None, instance=objective, user=request.user)
    if wants_save(request) and form.is_valid():
        saved = save_or_explain(
            form, lambda: save_objective(objective=form.save(commit=False), by=request.user)
        )
        if saved is not None:
            messages.success(request, _("Objective saved."))
            return saved_redirect(request, objective.get_absolute_url())
    return render_form(
        request, "objectives/objective_form.html", {"form": form, "objective": objective}
    )


@login_required
@require_POST
def objective_status(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_edit(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST, choices=Objective.Status.choices)
    completing = Objective.Status.COMPLETED
    if (
        form.is_valid()
        and form.cleaned_data["status"] == completing
        and completing in objective.allowed_transitions()
    ):
        # Completing is closing: it asks for the retrospective first.
        return redirect("objectives:close", pk=objective.pk)
    if form.is_valid():
        try:
            objective.change_status(form.cleaned_data["status"])
            messages.success(
                request,
                _("Objective is now %(status)s.") % {"status": objective.get_status_display()},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(objective)


@login_required
@require_http_methods(["GET", "POST"])
def objective_close(request: SignedInRequest, pk: int) -> HttpResponse:
    """Close an objective with its retrospective: what worked, what did not, what carries on."""
    objective = get_object_or_404(
        Objective.objects.visible_to(request.user).select_related("period", "team"), pk=pk
    )
    if not objective.can_edit(request.user):
        raise PermissionDenied
    existing = Retrospective.objects.filter(objective=objective).first()
    form = RetrospectiveForm(request.POST or None, instance=existing)
    if wants_save(request) and form.is_valid():
        saved = save_or_explain(
            form,
            lambda: close_objective(
                objective=objective,
                by=request.user,
                worked=form.cleaned_data["worked"],
                did_not_work=form.cleaned_data["did_not_work"],
                carry_on=form.cleaned_data["carry_on"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Objective closed. Its retrospective is in the feed."))
            return saved_redirect(request, objective.get_absolute_url())
    refusal = None
    try:
        objective.check_closing()
    except ValidationError as error:
        refusal = " ".join(error.messages)
    return render_form(
        request,
        "objectives/close.html",
        {"form": form, "objective": objective, "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
@answers_repeats
def action_create(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_add_to(request.user):
        raise PermissionDenied
    form = ActionForm(
        request.POST or None, instance=Action(objective=objective, owner=request.user)
    )
    if wants_save(request) and form.is_valid():
        action = save_once(request, form, form.save, Action.get_absolute_url)
        if action is not None:
            messages.success(
                request, _("Action proposed. Give it a key result so its effect is measured.")
            )
            return saved_redirect(request, action.get_absolute_url())
    return render_form(
        request, "objectives/action_form.html", {"form": form, "objective": objective}
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("objective"), pk=pk
    )
    if not action.can_edit(request.user):
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=action)
    if wants_save(request) and form.is_valid():
        form.save()
        messages.success(request, _("Action saved."))
        return saved_redirect(request, action.objective.get_absolute_url())
    return render_form(
        request,
        "objectives/action_form.html",
        {"form": form, "objective": action.objective, "action": action},
    )


@login_required
@require_POST
def action_status(request: SignedInRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("objective"), pk=pk
    )
    if not action.can_edit(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST, choices=Action.Status.choices)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(action.objective)
    was_done = action.is_done
    action = change_action_status(
        action=action, by=request.user, status=form.cleaned_data["status"]
    )
    messages.success(
        request, _("Action is now %(status)s.") % {"status": action.get_status_display()}
    )
    if action.is_done and not was_done:
        # Marking an action done asks what it did to its key results.
        return redirect("progress:action_effect", pk=action.pk)
    return redirect(action.objective)


@login_required
@require_http_methods(["GET", "POST"])
def objective_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Delete a draft objective, after a confirmation step."""
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_delete(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            delete_objective(objective=objective, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return saved_redirect(request, objective.get_absolute_url())
        messages.success(request, _("Deleted “%(title)s”.") % {"title": objective})
        return saved_redirect(request, reverse("progress:my_okrs"))
    actions, key_results = objective.actions.count(), objective.key_results.count()
    consequences = [
        ngettext(
            "Its action is deleted with it.", "Its %(count)d actions are deleted with it.", actions
        )
        % {"count": actions}
        if actions
        else "",
        ngettext(
            "Its key result is deleted with it.",
            "Its %(count)d key results are deleted with it.",
            key_results,
        )
        % {"count": key_results}
        if key_results
        else "",
    ]
    return render_confirm(
        request,
        {
            "title": _("Delete the draft"),
            "question": _("Delete “%(title)s”? This cannot be undone.") % {"title": objective},
            "consequences": [line for line in consequences if line],
            "button": _("Delete"),
            "danger": True,
            "cancel_url": objective.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Delete a proposed action, after a confirmation step."""
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("objective"), pk=pk
    )
    if not action.can_delete(request.user):
        raise PermissionDenied
    back = action.objective.get_absolute_url()
    if request.method == "POST":
        try:
            delete_action(action=action, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Deleted “%(title)s”.") % {"title": action})
        return saved_redirect(request, f"{back}#actions")
    return render_confirm(
        request,
        {
            "title": _("Delete the proposed action"),
            "question": _("Delete “%(title)s”? This cannot be undone.") % {"title": action},
            "consequences": [_("Key results that measure it stay, without an action.")]
            if action.key_results.exists()
            else [],
            "button": _("Delete"),
            "danger": True,
            "cancel_url": back,
        },
    )
