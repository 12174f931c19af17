from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from objectives.models import Objective
from okr_site.htmx_forms import (
    initial_from_query,
    render_form,
    save_or_explain,
    saved_redirect,
    wants_save,
)
from okr_site.http import SignedInRequest

from .forms import KeyResultForm
from .models import KeyResult
from .services import save_key_result


@login_required
@require_http_methods(["GET", "POST"])
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
        initial=initial_from_query(request, ["action"]),
    )
    if wants_save(request) and form.is_valid():
        saved = save_or_explain(
            form, lambda: save_key_result(key_result=form.save(commit=False), by=request.user)
        )
        if saved is not None:
            form.save_m2m()  # the people named to record values
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
    before = key_result.measured_snapshot()
    form = KeyResultForm(request.POST or None, instance=key_result, objective=key_result.objective)
    if wants_save(request) and form.is_valid():
        saved = save_or_explain(
            form,
            lambda: save_key_result(
                key_result=form.save(commit=False), by=request.user, before=before
            ),
        )
        if saved is not None:
            form.save_m2m()  # the people named to record values
            if saved.is_pending and saved.changes_since(before):
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
