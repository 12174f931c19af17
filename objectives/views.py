from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from approvals.models import ApprovalEvent
from okr_site.http import HtmxRequest, SignedInRequest
from progress.models import Update

from .forms import ActionForm, ObjectiveForm, StatusForm
from .models import Action, Objective, Period
from .services import change_action_status


def saved_redirect(request: HtmxRequest, url: str) -> HttpResponse:
    """After a successful form post: a client redirect for htmx, an ordinary one otherwise."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def chosen_period(request: HtmxRequest) -> Period:
    """The period asked for with ?period=, or the current one; an unknown one is a 404."""
    period_id = request.GET.get("period", "")
    if period_id.isdecimal():
        return get_object_or_404(Period, pk=period_id)
    return Period.objects.current()


def render_form(request: HtmxRequest, template: str, context: dict) -> HttpResponse:
    """The whole page; only the form when htmx submits it inline; only the fields' error lists
    (swapped out of band) when htmx validates it as the person types."""
    if request.htmx and "validate" in request.GET:
        return render(request, "includes/field_errors_oob.html", {**context, "validate_only": True})
    if request.htmx:
        return render(request, f"{template}#form", context)
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def my_okrs(request: SignedInRequest) -> HttpResponse:
    period = chosen_period(request)
    user = request.user
    visible = (
        Objective.objects.visible_to(user)
        .for_period(period)
        .exclude(status=Objective.Status.ARCHIVED)
    )
    mine = visible.filter(Q(owner=user) | Q(key_results__owner=user) | Q(actions__owner=user))
    # The person's own team and the teams they lead directly; teams further down have their
    # own pages (organisation:team), so a top leader's page does not list the whole company.
    team_scope = Q(team__leader=user)
    if user.team_id is not None:
        team_scope |= Q(team_id=user.team_id)
    teams = visible.filter(team_scope).exclude(pk__in=mine.values("pk"))
    context = {
        "period": period,
        "periods": Period.objects.all(),
        "mine": mine.distinct().with_details(),
        "teams": teams.with_details().order_by("team__name", "title"),
    }
    return render(request, "objectives/my_okrs.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: SignedInRequest) -> HttpResponse:
    objective = Objective(owner=request.user)
    initial = {}
    if request.GET.get("parent", "").isdecimal():
        initial["parent"] = request.GET["parent"]
    form = ObjectiveForm(
        request.POST or None, instance=objective, user=request.user, initial=initial
    )
    if request.method == "POST" and "validate" not in request.GET and form.is_valid():
        objective = form.save()
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
    if request.method == "POST" and "validate" not in request.GET and form.is_valid():
        form.save()
        messages.success(request, _("Objective saved."))
        return saved_redirect(request, objective.get_absolute_url())
    return render_form(
        request, "objectives/objective_form.html", {"form": form, "objective": objective}
    )


@login_required
@require_http_methods(["GET"])
def objective_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(
        Objective.objects.visible_to(request.user)
        .with_details()
        .prefetch_related(
            Prefetch(
                "key_results__approval_events",
                queryset=ApprovalEvent.objects.select_related("actor", "approver"),
            )
        ),
        pk=pk,
    )
    context = {
        "objective": objective,
        "children": objective.children.visible_to(request.user).select_related("owner"),
        "can_edit": objective.can_edit(request.user),
        "can_add": objective.can_add_to(request.user),
        "action_form": ActionForm(),
        "transitions": [Objective.Status(s) for s in objective.allowed_transitions()],
        "can_share": objective.can_share_on(request.user),
        "updates": objective.updates.exclude(kind=Update.Kind.APPROVAL)
        .select_related("author", "key_result", "action")
        .order_by("-id")[:10],
    }
    return render(request, "objectives/objective_detail.html", context)


@login_required
@require_POST
def objective_status(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_edit(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST, choices=Objective.Status.choices)
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
def action_create(request: SignedInRequest, pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=pk)
    if not objective.can_add_to(request.user):
        raise PermissionDenied
    form = ActionForm(
        request.POST or None, instance=Action(objective=objective, owner=request.user)
    )
    if request.method == "POST" and "validate" not in request.GET and form.is_valid():
        form.save()
        messages.success(
            request, _("Action proposed. Give it a key result so its effect is measured.")
        )
        return saved_redirect(request, objective.get_absolute_url())
    return render_form(
        request, "objectives/action_form.html", {"form": form, "objective": objective}
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    if not action.can_edit(request.user):
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and "validate" not in request.GET and form.is_valid():
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
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    if not action.can_edit(request.user):
        raise PermissionDenied
    form = StatusForm(request.POST, choices=Action.Status.choices)
    if form.is_valid():
        was_done = action.status == Action.Status.DONE
        change_action_status(action=action, by=request.user, status=form.cleaned_data["status"])
        messages.success(
            request, _("Action is now %(status)s.") % {"status": action.get_status_display()}
        )
        if action.status == Action.Status.DONE and not was_done:
            # Marking an action done asks what it did to its key results.
            return redirect("progress:action_effect", pk=action.pk)
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(action.objective)
