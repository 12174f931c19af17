from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from key_results.models import KeyResult
from okr_site.http import SignedInRequest

from . import services
from .forms import DecisionForm


@login_required
@require_http_methods(["GET"])
def inbox(request: SignedInRequest) -> HttpResponse:
    waiting = (
        KeyResult.objects.awaiting_decision_by(request.user)
        .select_related("objective__team", "objective__period", "owner", "action")
        .order_by("updated_at")
    )
    return render(request, "approvals/inbox.html", {"waiting": waiting, "form": DecisionForm()})


@login_required
@require_POST
def decide(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related(
            "objective__team", "objective__period", "owner", "action"
        ),
        pk=pk,
    )
    if (
        key_result.approval_state != KeyResult.ApprovalState.PENDING
        and key_result.approver_id == request.user.pk
    ):
        # Decided meanwhile (another tab, or an admin): show where it stands instead of a 403.
        if request.htmx:
            return render(
                request,
                "approvals/inbox.html#decision-row",
                {"kr": key_result, "form": None, "decided": True, "already": True},
            )
        messages.info(request, _("This key result was already decided."))
        return redirect(key_result)
    if not key_result.can_be_decided_by(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["decision"] == DecisionForm.APPROVE:
            key_result = services.approve(key_result=key_result, by=request.user, comment=comment)
            note = _("Approved “%(kr)s”.")
        else:
            key_result = services.request_changes(
                key_result=key_result, by=request.user, comment=comment
            )
            note = _("Asked for changes to “%(kr)s”.")
        if not request.htmx:
            messages.success(request, note % {"kr": key_result})
            back_to_inbox = request.POST.get("next") == "inbox"
            return redirect("approvals:inbox" if back_to_inbox else key_result)
    context: dict[str, object] = {
        "kr": key_result,
        "form": None if form.is_valid() else form,
        "decided": form.is_valid(),
    }
    if request.htmx:
        return render(request, "approvals/inbox.html#decision-row", context)
    return render(request, "approvals/decide.html", context)
