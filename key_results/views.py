from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from approvals.services import submit_for_approval
from objectives.models import Objective
from objectives.views import render_form, saved_redirect
from okr_site.http import SignedInRequest

from .forms import KeyResultForm
from .models import KeyResult
from .services import measured_snapshot, save_key_result


def _visible(request: SignedInRequest):
    return (
        KeyResult.objects.visible_to(request.user)
        .select_related("objective__period", "objective__team", "owner", "action", "approver")
        .prefetch_related("reporters")
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_result_create(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.visible_to(request.user).select_related("period"), pk=pk
    )
    if not objective.can_add_to(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("action", "").isdecimal():
        initial["action"] = request.GET["action"]
    form = KeyResultForm(
        request.POST or None,
        instance=KeyResult(objective=objective, owner=request.user),
        objective=objective,
        initial=initial,
    )
    if request.method == "POST" and "validate" not in request.GET and form.is_valid():
        key_result = save_key_result(key_result=form.save(commit=False), by=request.user)
        form.save_m2m()  # the people named to record values
        messages.success(
            request, _("Key result drafted. Send it for approval when the measurement plan is set.")
        )
        return saved_redirect(request, key_result.get_absolute_url())
    return render_form(
        request, "key_results/key_result_form.html", {"form": form, "objective": objective}
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_result_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(_visible(request), pk=pk)
    if not key_result.can_edit(request.user):
        raise PermissionDenied
    before = measured_snapshot(key_result)
    form = KeyResultForm(request.POST or None, instance=key_result, objective=key_result.objective)
    if request.method == "POST" and "validate" not in request.GET and form.is_valid():
        save_key_result(key_result=form.save(commit=False), by=request.user, before=before)
        form.save_m2m()  # the people named to record values
        if (
            key_result.approval_state == KeyResult.ApprovalState.PENDING
            and before != measured_snapshot(key_result)
        ):
            messages.info(
                request, _("The numbers changed, so it went back to your leader for approval.")
            )
        else:
            messages.success(request, _("Key result saved."))
        return saved_redirect(request, key_result.get_absolute_url())
    return render_form(
        request,
        "key_results/key_result_form.html",
        {"form": form, "objective": key_result.objective, "key_result": key_result},
    )


@login_required
@require_http_methods(["GET"])
def key_result_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(_visible(request), pk=pk)
    history = key_result.approval_events.select_related("actor", "approver")
    measurements = (
        key_result.updates.measurements().select_related("author").order_by("-happened_on", "-id")
    )
    return render(
        request,
        "key_results/key_result_detail.html",
        {
            "key_result": key_result,
            "objective": key_result.objective,
            "history": history,
            "measurements": measurements,
            "can_record": key_result.can_record(request.user),
            "can_edit": key_result.can_edit(request.user),
            "can_submit": key_result.can_submit(request.user),
            "can_decide": key_result.can_be_decided_by(request.user),
        },
    )


@login_required
@require_POST
def key_result_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(_visible(request), pk=pk)
    if not key_result.can_submit(request.user):
        raise PermissionDenied
    try:
        key_result = submit_for_approval(key_result=key_result, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if key_result.approver is not None:
            messages.success(
                request,
                _("Sent to %(leader)s for approval.") % {"leader": key_result.approver},
            )
        else:
            messages.success(request, _("Sent for approval to an administrator."))
    return redirect(key_result)
