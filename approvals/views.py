from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from key_results.models import KeyResult
from okr_site.htmx_forms import save_or_explain
from okr_site.http import SignedInRequest

from . import services
from .forms import DecisionForm
from .models import readable_changes

NOTES = {
    DecisionForm.APPROVE: gettext_noop("Approved “%(kr)s”."),
    DecisionForm.REQUEST_CHANGES: gettext_noop("Asked for changes to “%(kr)s”."),
}


@login_required
@require_http_methods(["GET"])
def inbox(request: SignedInRequest) -> HttpResponse:
    waiting = (
        KeyResult.objects.awaiting_decision_by(request.user)
        .select_related(
            "objective__team",
            "objective__period",
            "owner",
            "action",
            "continues__objective__period",
        )
        .order_by("updated_at")
    )
    rows = [(kr, DecisionForm(key_result=kr)) for kr in waiting]
    return render(request, "approvals/inbox.html", {"rows": rows})


@login_required
@require_POST
def submit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Send a key result to the owner's nearest leader."""
    key_result = get_object_or_404(KeyResult.objects.visible_to(request.user), pk=pk)
    if not key_result.can_submit(request.user):
        raise PermissionDenied
    try:
        key_result = services.submit_for_approval(key_result=key_result, by=request.user)
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


@login_required
@require_POST
def decide(request: SignedInRequest, pk: int) -> HttpResponse:
    key_result = get_object_or_404(
        KeyResult.objects.visible_to(request.user).select_related(
            "objective__team",
            "objective__period",
            "owner",
            "action",
            "continues__objective__period",
        ),
        pk=pk,
    )
    if not key_result.is_pending and key_result.approver_id == request.user.pk:
        # Decided meanwhile (another tab, or an admin): show where it stands instead of a 403.
        if request.htmx:
            return render(
                request,
                "approvals/inbox.html#decision-row",
                {"kr": key_result, "decided": True, "already": True},
            )
        messages.info(request, _("This key result was already decided."))
        return redirect(key_result)
    if not key_result.can_be_decided_by(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST, key_result=key_result)
    decided, changed = None, None
    if form.is_valid():
        data = form.cleaned_data
        decide = (
            services.approve
            if data["decision"] == DecisionForm.APPROVE
            else services.request_changes
        )
        try:
            decided = save_or_explain(
                form,
                lambda: decide(
                    key_result=key_result,
                    by=request.user,
                    comment=data["comment"],
                    seen_version=data["version"],
                ),
            )
        except services.ChangedSinceSeen as stale:
            # Show what it is now and what changed; the comment typed is kept for a new try.
            key_result, changed = stale.key_result, readable_changes(stale.changes)
            form = DecisionForm(key_result=key_result, initial={"comment": data["comment"]})
        if decided is not None and not request.htmx:
            messages.success(request, _(NOTES[data["decision"]]) % {"kr": decided})
            back_to_inbox = request.POST.get("next") == "inbox"
            return redirect("approvals:inbox" if back_to_inbox else decided)
    context = {
        "kr": decided or key_result,
        "form": form,
        "decided": decided is not None,
        "changed": changed,
    }
    if request.htmx:
        return render(request, "approvals/inbox.html#decision-row", context)
    return render(request, "approvals/decide.html", context)
